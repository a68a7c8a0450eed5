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
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { ConnectionDescription, ConnectionDraft, ConnectionTest, Failure } from '../../../shared/contract';
import { apiAddressProblem, type Environment } from '../../../shared/domain';
import { call } from '../../bridge';
import { db } from '../../db/db';
import { formatDateTime, newId } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { StatusMapEditor } from './StatusMapEditor';
import { newIntegrationSettings, recordConnectionTest, saveIntegration, type IntegrationSettings } from './repository';

const PRODUCTION_URL = 'https://api2.campsoft.com.br/svas/v1';

const environmentHelp: Record<Environment, string> = {
  production: `Produção: a API oficial da Campsoft (${PRODUCTION_URL}). Use as credenciais enviadas pela Campsoft.`,
  sandbox: 'Sandbox: um servidor de testes embutido neste computador. Nada é enviado à Campsoft; ideal para conhecer o sistema.',
  custom: 'Personalizado: outro endereço da API (homologação da Campsoft). Precisa ser https://, ou http:// apenas em 127.0.0.1.',
};

type Secrets = { apiKey: string; apiSecret: string; customUrl: string };

/** The same rule main applies before anything is sent (shared/domain/api-address), said at the field. */
function addressError(customUrl: string): string | null {
  return customUrl.trim() ? apiAddressProblem(customUrl) : 'Informe o endereço da API (https://...).';
}

export function IntegrationWizard({ integrationId }: { integrationId?: string }) {
  const [, navigate] = useLocation();
  const editing = useLiveQuery(() => (integrationId ? db.integrations.get(integrationId) : undefined), [integrationId]);
  const [id] = useState(() => integrationId ?? newId());
  const [step, setStep] = useState(0);
  const [settings, setSettings] = useState<IntegrationSettings>(newIntegrationSettings);
  const [secrets, setSecrets] = useState<Secrets>({ apiKey: '', apiSecret: '', customUrl: '' });
  const [saved, setSaved] = useState<ConnectionDescription | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [test, setTest] = useState<{ state: 'idle' | 'running' } | { state: 'ok'; data: ConnectionTest } | { state: 'error'; failure: Failure }>({ state: 'idle' });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  // Editing: load the non-secret settings and what main may say of the saved connection.
  useEffect(() => {
    if (!editing) return;
    setSettings({
      description: editing.description,
      environment: editing.environment,
      baseUrl: editing.baseUrl,
      suspendBySubscriptionStatus: editing.suspendBySubscriptionStatus,
      statusMap: editing.statusMap,
    });
    if (editing.environment === 'custom') setSecrets((s) => ({ ...s, customUrl: editing.baseUrl }));
    void call('connection.describe', { integrationId: editing.id }).then((r) => r.ok && setSaved(r.data));
  }, [editing]);

  const environmentChanged = !!saved?.configured && (saved.environment !== settings.environment || (settings.environment === 'custom' && secrets.customUrl.trim() !== settings.baseUrl));
  const typedSomething = secrets.apiKey.trim() !== '' || secrets.apiSecret.trim() !== '';
  /** A new connection, a retyped one, or a new address: then the whole triple goes to the vault. */
  const needsDraft = !saved?.configured || typedSomething || environmentChanged;

  function draft(): ConnectionDraft {
    return {
      environment: settings.environment,
      customUrl: settings.environment === 'custom' ? secrets.customUrl : undefined,
      apiKey: secrets.apiKey,
      apiSecret: secrets.apiSecret,
    };
  }

  function validateConnectionStep(): boolean {
    const e: Record<string, string> = {};
    if (!settings.description.trim()) e.description = 'Informe uma descrição, por exemplo "Campsoft – Leitura".';
    if (settings.environment === 'custom') {
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

  function next() {
    if (step === 1 && !validateConnectionStep()) return;
    setStep((s) => Math.min(s + 1, 3));
  }

  function showFailure(failure: Failure) {
    if (failure.fields) {
      setErrors(failure.fields);
      if (['apiKey', 'apiSecret', 'customUrl', 'description'].some((f) => failure.fields?.[f])) setStep(1);
    }
  }

  async function runTest() {
    if (!validateConnectionStep()) {
      setStep(1);
      return;
    }
    setTest({ state: 'running' });
    const r = await call('connection.test', needsDraft ? { draft: draft() } : { integrationId: id });
    if (r.ok) setTest({ state: 'ok', data: r.data });
    else {
      setTest({ state: 'error', failure: r });
      showFailure(r);
    }
    if (!needsDraft && integrationId) await recordConnectionTest(id, r);
  }

  async function useDemoCredentials() {
    const r = await call('sandbox.info', {});
    if (r.ok) setSecrets((s) => ({ ...s, apiKey: r.data.apiKey, apiSecret: r.data.apiSecret }));
  }

  async function save() {
    if (!validateConnectionStep()) {
      setStep(1);
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      let baseUrl = settings.baseUrl;
      if (needsDraft) {
        // The vault first: if main refuses (bad URL, blank secret), nothing is written here.
        const r = await call('connection.save', { integrationId: id, draft: draft() });
        if (!r.ok) {
          setSaveError(r.message);
          showFailure(r);
          return;
        }
        baseUrl = r.data.baseUrl ?? '';
      }
      await saveIntegration(id, { ...settings, baseUrl });
      if (test.state === 'ok') await recordConnectionTest(id, { ok: true, data: test.data });
      else if (test.state === 'error') await recordConnectionTest(id, test.failure);
      setSecrets({ apiKey: '', apiSecret: '', customUrl: '' });
      notifySuccess(`Integração "${settings.description}" salva.`);
      navigate(integrationId ? '/' : `/${id}/produtos?nova=1`);
    } catch (err) {
      setSaveError(`Não foi possível salvar no banco local: ${(err as Error).message}. Seus dados continuam no formulário.`);
    } finally {
      setSaving(false);
    }
  }

  if (integrationId && editing === undefined) return <Loader aria-label="Carregando" />;
  if (integrationId && editing === null) return <Alert color="red">Integração não encontrada.</Alert>;

  return (
    <Stack maw={860} gap="md">
      <Text fw={600} size="lg" component="h2" m={0}>
        {integrationId ? `Editar integração "${editing?.description}"` : 'Adicionar integração'}
      </Text>
      <Stepper active={step} onStepClick={(s) => (s < step || step !== 1 || validateConnectionStep() ? setStep(s) : undefined)} size="sm">
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
                value={settings.environment}
                onChange={(v) => setSettings({ ...settings, environment: v as Environment })}
                data={[
                  { value: 'production', label: 'Produção' },
                  { value: 'sandbox', label: 'Sandbox' },
                  { value: 'custom', label: 'Personalizado' },
                ]}
              />
              <Text size="xs" c="dimmed" mt={4}>
                {environmentHelp[settings.environment]}
              </Text>
            </div>
            {settings.environment === 'custom' && (
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
                A ApiSecret salva não pôde ser lida neste computador (o chaveiro do sistema mudou). Digite as credenciais novamente.
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
              visibilityToggleButtonProps={{ 'aria-label': 'Mostrar ou ocultar a ApiSecret' }}
            />
            {settings.environment === 'sandbox' && (
              <Group>
                <Button variant="default" size="xs" onClick={useDemoCredentials}>
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
              <Button variant="default" onClick={runTest} loading={test.state === 'running'}>
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
                {test.failure.platformErrorId ? ` (código da plataforma: ${test.failure.platformErrorId})` : ''}
              </Alert>
            )}
            {test.state === 'idle' && (
              <Text size="xs" c="dimmed">
                Você pode salvar sem testar (por exemplo, sem internet agora) e testar depois em Ações › Testar.
              </Text>
            )}
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
          <Button onClick={next}>Próximo</Button>
        ) : (
          <Button onClick={save} loading={saving}>
            Salvar
          </Button>
        )}
      </Group>
    </Stack>
  );
}
