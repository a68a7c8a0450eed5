import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  PasswordInput,
  Radio,
  SegmentedControl,
  Stack,
  Stepper,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useLocation } from 'wouter';
import type { ConnectionDraft, ConnectionTest, IntegrationRecord } from '../../../shared/contract';
import { apiAddressProblem, type Environment } from '../../../shared/domain';
import { CommandError, formErrors, run } from '../../data/client';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { formatDateTime } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifySuccess } from '../../ui/notify';
import { newIntegrationSettings, useIntegration, type IntegrationSettings } from './queries';
import { StatusMapEditor } from './StatusMapEditor';

const PRODUCTION_URL = 'https://api2.campsoft.com.br/svas/v1';

const environmentHelp: Record<Environment, string> = {
  production: `Produção: a API oficial da Campsoft (${PRODUCTION_URL}). Use as credenciais enviadas pela Campsoft.`,
  sandbox: 'Sandbox: um servidor de testes embutido neste computador. Nada é enviado à Campsoft; ideal para conhecer o sistema.',
  custom: 'Personalizado: outro endereço da API (homologação da Campsoft). Precisa ser https://, ou http:// apenas em 127.0.0.1.',
};

const CONNECTION_FIELDS = ['description', 'customUrl', 'apiKey', 'apiSecret'];

/** The same rule main applies before anything is sent (shared/domain/api-address), said at the field. */
function addressError(customUrl: string): string | null {
  return customUrl.trim() ? apiAddressProblem(customUrl) : 'Informe o endereço da API (https://...).';
}

type Secrets = { apiKey: string; apiSecret: string; customUrl: string };
type TestFailure = { message: string };
/** `draft`: the test ran on typed credentials, so its answer is recorded once the integration is saved. */
type TestState = { state: 'idle' | 'running' } | { state: 'ok'; data: ConnectionTest; draft: boolean } | { state: 'error'; failure: TestFailure; draft: boolean };

/** `/nova` and `/:id/editar`: loads the integration being edited, then the wizard. */
export function IntegrationWizard({ integrationId }: { integrationId?: string }) {
  const query = useIntegration(integrationId);
  // Recarregar after a conflict: the wizard opens again on the current version.
  const [opening, setOpening] = useState(0);
  // The wizard opens on the host's current answer, not on a cached one being refreshed (it keeps that
  // version); once open, a refresh (another desk saved) never replaces what the clerk is typing.
  const [shown, setShown] = useState(false);
  if (!shown && query.data !== undefined && !query.isFetching) setShown(true);
  if (integrationId && !shown && query.isError) return <LoadFailure what="a integração" error={query.error} onRetry={() => void query.refetch()} />;
  if (integrationId && !shown && (query.data === undefined || query.isFetching)) return <Loader aria-label="Carregando" />;
  if (integrationId && query.data === null) return <Alert color="red">Integração não encontrada: pode ter sido excluída. Volte à lista de integrações.</Alert>;
  async function reload() {
    await query.refetch();
    setOpening((n) => n + 1);
  }
  return <WizardSteps key={`${integrationId ?? 'nova'}-${opening}`} editing={query.data ?? undefined} onReload={() => void reload()} />;
}

/** `editing` is the version the wizard opened on; a newer one arriving meanwhile does not change the form. */
function WizardSteps({ editing: opened, onReload }: { editing: IntegrationRecord | undefined; onReload: () => void }) {
  const [editing] = useState(opened);
  const [, navigate] = useLocation();
  const [step, setStep] = useState(0);
  const [settings, setSettings] = useState<IntegrationSettings>(() =>
    editing ? { description: editing.description, suspendBySubscriptionStatus: editing.suspendBySubscriptionStatus, statusMap: editing.statusMap } : newIntegrationSettings(),
  );
  const [environment, setEnvironment] = useState<Environment>(editing?.environment ?? 'sandbox');
  const [secrets, setSecrets] = useState<Secrets>({ apiKey: '', apiSecret: '', customUrl: editing?.environment === 'custom' ? editing.baseUrl : '' });
  // What main may say of the saved connection (key hint, address); never the secret.
  const saved = editing?.connection ?? null;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [test, setTest] = useState<TestState>({ state: 'idle' });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);

  const environmentChanged = !!saved?.configured && (saved.environment !== environment || (environment === 'custom' && secrets.customUrl.trim() !== (editing?.baseUrl ?? '')));
  const typedSomething = secrets.apiKey.trim() !== '' || secrets.apiSecret.trim() !== '';
  /** A new connection, a retyped one, or a new address: then the whole triple goes to the vault. */
  const needsDraft = !saved?.configured || typedSomething || environmentChanged;

  function draft(): ConnectionDraft {
    return {
      environment,
      customUrl: environment === 'custom' ? secrets.customUrl : undefined,
      apiKey: secrets.apiKey,
      apiSecret: secrets.apiSecret,
    };
  }

  function validateConnectionStep(): boolean {
    const e: Record<string, string> = {};
    if (!settings.description.trim()) e.description = 'Informe uma descrição, por exemplo "Campsoft – Leitura".';
    if (environment === 'custom') {
      const problem = addressError(secrets.customUrl);
      if (problem) e.customUrl = problem;
    }
    if (needsDraft) {
      if (!secrets.apiKey.trim()) e.apiKey = environmentChanged ? 'Para mudar o endereço, digite a ApiKey novamente.' : 'Informe a ApiKey (Chave da API) recebida da Campsoft.';
      if (!secrets.apiSecret.trim())
        e.apiSecret = environmentChanged ? 'Para mudar o endereço, digite a ApiSecret novamente.' : 'Informe a ApiSecret (Senha da API) recebida da Campsoft.';
    }
    setErrors(e);
    return Object.keys(e).length === 0;
  }

  /** Never past the Conexão step while it does not pass: a step shows its check mark only when it is right. */
  function goTo(target: number) {
    if (target > step && step <= 1 && target > 1 && !validateConnectionStep()) return setStep(1);
    setStep(Math.min(Math.max(target, 0), 3));
  }

  /** A refusal's fields go next to their inputs, on the step that holds them. */
  function showFailure(error: unknown): string {
    const fields = formErrors(error);
    if (!fields.form) {
      setErrors(fields);
      if (CONNECTION_FIELDS.some((f) => fields[f])) setStep(1);
    }
    return error instanceof Error ? error.message : String(error);
  }

  async function runTest() {
    if (!validateConnectionStep()) {
      setStep(1);
      return;
    }
    setTest({ state: 'running' });
    const withDraft = needsDraft;
    try {
      // Typed credentials are tested as a draft; the saved ones through the integration, which keeps the answer.
      const data = withDraft || !editing ? await run('connection.test', { draft: draft() }) : await run('integrations.test', { id: editing.id });
      setTest({ state: 'ok', data, draft: withDraft });
    } catch (e) {
      setTest({ state: 'error', failure: { message: showFailure(e) }, draft: withDraft });
    }
  }

  async function fillDemoCredentials() {
    try {
      const info = await run('sandbox.info', {});
      setSecrets((s) => ({ ...s, apiKey: info.apiKey, apiSecret: info.apiSecret }));
    } catch (e) {
      setSaveError(showFailure(e));
    }
  }

  async function save() {
    if (!validateConnectionStep()) {
      setStep(1);
      return;
    }
    setSaving(true);
    setSaveError(null);
    setConflict(null);
    try {
      // Record and connection in one command: the vault refuses first (bad URL, blank secret), then nothing is written.
      const record = await run('integrations.save', {
        id: editing?.id,
        version: editing?.version,
        values: settings,
        ...(needsDraft && { connection: draft() }),
      });
      setSecrets({ apiKey: '', apiSecret: '', customUrl: '' });
      // A test of typed credentials is kept on the integration it became.
      if (test.state === 'ok' && test.draft) await run('integrations.recordTest', { id: record.id, result: test.data }).catch(() => undefined);
      else if (test.state === 'error' && test.draft) await run('integrations.recordTest', { id: record.id, failure: test.failure }).catch(() => undefined);
      notifySuccess(`Integração "${record.description}" salva.`);
      navigate(editing ? '/' : `/${record.id}/produtos?nova=1`);
    } catch (err) {
      if (err instanceof CommandError && err.code === 'CONFLICT') setConflict(err.message);
      else setSaveError(`${showFailure(err)} Seus dados continuam no formulário.`);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack maw={860} gap="md">
      <Text fw={600} size="lg" component="h2" m={0}>
        {editing ? `Editar integração "${editing.description}"` : 'Adicionar integração'}
      </Text>
      <Stepper active={step} onStepClick={goTo} size="sm">
        <Stepper.Step label="Plataforma" description="Empresa">
          <Radio.Group value="campsoft" label="Empresa da plataforma de conteúdo" mt="md">
            <Card withBorder mt="xs" p="md">
              <Radio value="campsoft" label="Campsoft" />
              <Text size="sm" c="dimmed" mt={6} ml={32}>
                Livros digitais e outras licenças. Cada pacote entrega um único produto da Campsoft. As credenciais (ApiKey / ApiSecret) são
                obtidas diretamente com a equipe da Campsoft.
              </Text>
            </Card>
          </Radio.Group>
        </Stepper.Step>

        <Stepper.Step label="Conexão" description="Ambiente e credenciais">
          <Stack mt="md" gap="sm">
            <TextInput
              label="Descrição"
              required
              value={settings.description}
              error={errors.description}
              onChange={(e) => setSettings({ ...settings, description: e.currentTarget.value })}
            />
            <div>
              <Text size="sm" fw={500} mb={4} id="env-label">
                Ambiente
              </Text>
              <SegmentedControl
                aria-labelledby="env-label"
                value={environment}
                onChange={(v) => setEnvironment(v as Environment)}
                data={[
                  { value: 'production', label: 'Produção' },
                  { value: 'sandbox', label: 'Sandbox' },
                  { value: 'custom', label: 'Personalizado' },
                ]}
              />
              <Text size="xs" c="dimmed" mt={4}>
                {environmentHelp[environment]}
              </Text>
            </div>
            {environment === 'custom' && (
              <TextInput
                label="Endereço da API"
                placeholder="https://homologacao.exemplo.com.br/svas/v1"
                required
                value={secrets.customUrl}
                error={errors.customUrl}
                onChange={(e) => {
                  const customUrl = e.currentTarget.value;
                  setSecrets({ ...secrets, customUrl });
                  // once refused, the message follows the typing and goes away when the address is right
                  if (errors.customUrl) setErrors({ ...errors, customUrl: addressError(customUrl) ?? '' });
                }}
                onBlur={() => secrets.customUrl.trim() && setErrors({ ...errors, customUrl: addressError(secrets.customUrl) ?? '' })}
              />
            )}
            {saved?.configured && (
              <Alert color={environmentChanged ? 'orange' : 'gray'} variant="light">
                Credenciais salvas: ApiKey {saved.keyHint} · {saved.baseUrl}
                {saved.sessionOnly ? ' · guardadas só nesta sessão (sem cofre seguro no sistema)' : ''}.{' '}
                {environmentChanged
                  ? 'Você mudou o ambiente ou o endereço: digite ApiKey e ApiSecret novamente.'
                  : 'Deixe os campos abaixo em branco para mantê-las.'}
              </Alert>
            )}
            {saved && !saved.configured && saved.needsSecretAgain && (
              <Alert color="orange" variant="light">
                A ApiSecret salva não pôde ser lida neste computador (o chaveiro do sistema mudou ou o arquivo de credenciais se danificou). Digite as credenciais novamente.
              </Alert>
            )}
            <TextInput
              label="ApiKey (Chave da API)"
              autoComplete="off"
              spellCheck={false}
              required={!saved?.configured}
              value={secrets.apiKey}
              error={errors.apiKey}
              onChange={(e) => setSecrets({ ...secrets, apiKey: e.currentTarget.value })}
            />
            <PasswordInput
              label="ApiSecret (Senha da API)"
              autoComplete="new-password"
              required={!saved?.configured}
              value={secrets.apiSecret}
              error={errors.apiSecret}
              onChange={(e) => setSecrets({ ...secrets, apiSecret: e.currentTarget.value })}
              // Mantine's own name for the eye button is English ("Toggle password visibility").
              visibilityToggleButtonProps={{ 'aria-label': 'Mostrar ou ocultar a senha' }}
            />
            {environment === 'sandbox' && (
              <Group>
                <Button variant="default" size="xs" onClick={() => void fillDemoCredentials()}>
                  Preencher credenciais de demonstração do sandbox
                </Button>
              </Group>
            )}
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Assinaturas" description="Habilitar/Suspender">
          <Stack mt="md" gap="sm">
            <Switch
              label="Habilitar/Suspender Assinaturas"
              checked={settings.suspendBySubscriptionStatus}
              onChange={(e) => setSettings({ ...settings, suspendBySubscriptionStatus: e.currentTarget.checked })}
              description="Ligado: o cliente é habilitado ou suspenso na plataforma conforme o status do serviço ao qual o pacote está vinculado (adimplente → habilitado, inadimplente → suspenso). Desligado: a licença fica ativa mesmo com débito; cancelamento continua removendo."
            />
            <StatusMapEditor value={settings.statusMap} onChange={(statusMap) => setSettings({ ...settings, statusMap })} />
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Testar e salvar" description="Conexão">
          <Stack mt="md" gap="sm">
            <Text size="sm">
              Teste as credenciais antes de salvar: o SVA Desk pergunta à plataforma qual provedor elas representam e quantas licenças estão ativas.
            </Text>
            <Group>
              <Button variant="default" onClick={() => void runTest()} loading={test.state === 'running'}>
                Testar conexão
              </Button>
            </Group>
            {test.state === 'ok' && (
              <Alert color="teal" title="Conexão funcionando">
                Provedor: <b>{test.data.ispName}</b> · {test.data.activeLicenses} licenças ativas · testado em {formatDateTime(test.data.testedAt)}
              </Alert>
            )}
            {test.state === 'error' && (
              <Alert color="red" title="A conexão falhou">
                {test.failure.message}
              </Alert>
            )}
            {test.state === 'idle' && (
              <Text size="xs" c="dimmed">
                Você pode salvar sem testar (por exemplo, sem internet agora) e testar depois em Ações › Testar.
              </Text>
            )}
            {conflict && <ConflictAlert title="Integração não salva" message={conflict} onReload={onReload} />}
            {saveError && (
              <Alert color="red" title="Não foi salvo">
                {saveError}
              </Alert>
            )}
          </Stack>
        </Stepper.Step>
      </Stepper>

      <Group justify="space-between">
        <Button variant="default" onClick={() => (step === 0 ? navigate('/') : setStep(step - 1))}>
          {step === 0 ? 'Cancelar' : 'Voltar'}
        </Button>
        {step < 3 ? (
          <Button onClick={() => goTo(step + 1)}>Próximo</Button>
        ) : (
          <Button onClick={() => void save()} loading={saving}>
            Salvar
          </Button>
        )}
      </Group>
    </Stack>
  );
}
