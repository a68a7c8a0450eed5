import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Stepper,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Input,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import {
  compositionTotal,
  fieldErrors,
  FiscalKind,
  formatBRL,
  generateLabel,
  PackageForm,
  PackageKind,
  parseBRL,
  type Package,
} from '../../../shared/domain';
import { db } from '../../db/db';
import { count, formatDate } from '../../ui/format';
import { notifyFailure, notifySuccess } from '../../ui/notify';
import { draftApproval, draftComposition, draftFromPackage, filledItems, draftNeedsReapproval, emptyDraft, newItem, toFormInput, type PackageDraft } from './draft';
import { INTEGRATIONS_PATH, NeedsIntegration } from './PackageList';
import { packageKindLabel, packageName, usePackage } from './queries';
import { savePackage } from './repository';

const FISCAL_LABEL: Record<FiscalKind, string> = { SVA: 'SVA', SCM: 'SCM', outro: 'Outro' };

const STEP_OF_FIELD: [RegExp, number][] = [
  [/^(name|description|kind|priceCents)$/, 0],
  [/^(composition|approved)/, 1],
  [/^(integrationId|productCode|label)$/, 2],
];

function firstStepWithError(errors: Record<string, string>): number | null {
  const steps = Object.keys(errors).map((k) => STEP_OF_FIELD.find(([re]) => re.test(k))?.[1] ?? 0);
  return steps.length ? Math.min(...steps) : null;
}

/** `/novo`, `/novo?de=3` (Duplicar) and `/:id/editar`: loads what is needed, then the wizard. */
export function PackageWizardRoute({ id }: { id?: number }) {
  const [params] = useSearchParams();
  const copyOf = id === undefined && params.get('de') ? Number(params.get('de')) : undefined;
  const wanted = id ?? copyOf;
  const saved = usePackage(wanted !== undefined && Number.isInteger(wanted) ? wanted : undefined);
  if (saved === undefined && (wanted === undefined || Number.isInteger(wanted))) return <Text size="sm">Carregando pacote…</Text>;
  if (wanted !== undefined && !saved) {
    return (
      <Alert color="red" title="Pacote não encontrado">
        O pacote nº {id ?? copyOf} não existe mais. <Anchor component={Link} href="/">Voltar à lista de pacotes</Anchor>
      </Alert>
    );
  }
  const initial = saved ? draftFromPackage(saved, { copy: copyOf !== undefined }) : emptyDraft();
  return <PackageWizard key={`${id}-${copyOf}`} saved={id !== undefined ? (saved ?? undefined) : undefined} initial={initial} />;
}

function PackageWizard({ saved, initial }: { saved: Package | undefined; initial: PackageDraft }) {
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState(initial);
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [compositionProblems, setCompositionProblems] = useState<string[]>([]);
  const [approvalClearedNotice, setApprovalClearedNotice] = useState(false);
  const [saving, setSaving] = useState(false);

  /** S6: a change of price or items takes the saved approval away at once, and says so. */
  function update(patch: Partial<PackageDraft>) {
    setDraft((d) => {
      let next = { ...d, ...patch };
      const showsSavedApproval = saved?.compositionApproval && d.approved && d.approvedBy === saved.compositionApproval.by;
      if (showsSavedApproval && draftNeedsReapproval(next, saved)) {
        next = { ...next, approved: false, approvedBy: '', approvedAt: '' };
        setApprovalClearedNotice(true);
      }
      return next;
    });
    const touched = Object.keys(patch);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !touched.some((t) => k === t || k.startsWith(`${t}.`)))));
  }

  async function save() {
    const parsed = PackageForm.safeParse(toFormInput(draft));
    const approval = draftApproval(draft, saved?.compositionApproval);
    const rows = filledItems(draft);
    const next: Record<string, string> = { ...approval.errors };
    // Item errors point at the wizard's row, which counts the blank rows skipped.
    for (const [key, message] of Object.entries(parsed.success ? {} : fieldErrors(parsed.error))) {
      const m = key.match(/^composition\.(\d+)\.(.+)$/);
      next[m ? `composition.${rows[Number(m[1])].row}.${m[2]}` : key] = message;
    }
    // The money texts say why they do not parse better than a NaN does.
    for (const { item, row } of rows) {
      const money = parseBRL(item.amount);
      if (!money.ok) next[`composition.${row}.amountCents`] = money.message;
    }
    const problems = parsed.success ? [] : parsed.error.issues.filter((i) => i.path.length === 1 && i.path[0] === 'composition').map((i) => i.message);
    setCompositionProblems(problems);
    if (!parsed.success || Object.keys(next).length > 0) {
      setErrors(next);
      setStep(firstStepWithError(next) ?? step);
      notifyFailure({ message: 'Corrija os campos indicados em vermelho e salve de novo. Nada do que foi digitado foi perdido.' }, 'Pacote não salvo');
      return;
    }
    setSaving(true);
    const result = await savePackage(saved?.id, parsed.data, approval.approval);
    setSaving(false);
    if (!result.ok) {
      setErrors(result.errors);
      setStep(firstStepWithError(result.errors) ?? step);
      notifyFailure({ message: Object.values(result.errors)[0] }, 'Pacote não salvo');
      return;
    }
    notifySuccess(`Pacote ${packageName(result.pkg)} salvo com o label ${result.pkg.label}.`);
    navigate('/');
  }

  const stepError = (n: number) => Object.keys(errors).some((k) => (STEP_OF_FIELD.find(([re]) => re.test(k))?.[1] ?? 0) === n) || (n === 1 && compositionProblems.length > 0);

  return (
    <Stack maw={920}>
      <Title order={2} size="h4">
        {saved ? `Editar pacote ${packageName(saved)}` : 'Novo pacote'}
      </Title>
      <Stepper active={step} onStepClick={setStep} size="sm">
        <Stepper.Step label="Dados" description="Nome, tipo e valor" color={stepError(0) ? 'red.8' : undefined}>
          <DataStep draft={draft} errors={errors} update={update} />
        </Stepper.Step>
        <Stepper.Step label="Composição" description="Itens fiscais e validação" color={stepError(1) ? 'red.8' : undefined}>
          <CompositionStep
            draft={draft}
            errors={errors}
            problems={compositionProblems}
            update={update}
            saved={saved}
            approvalClearedNotice={approvalClearedNotice}
          />
        </Stepper.Step>
        <Stepper.Step label="Integração" description="Produto e label" color={stepError(2) ? 'red.8' : undefined}>
          <IntegrationStep draft={draft} errors={errors} update={update} saved={saved} />
        </Stepper.Step>
      </Stepper>
      {errors.form && (
        <Alert color="red" title="Pacote não salvo">
          {errors.form}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" component={Link} href="/">
          Cancelar
        </Button>
        <Group>
          {step > 0 && (
            <Button variant="default" onClick={() => setStep(step - 1)}>
              Voltar
            </Button>
          )}
          {step < 2 && (
            <Button variant={saved ? 'default' : 'filled'} onClick={() => setStep(step + 1)}>
              Próximo
            </Button>
          )}
          {(saved || step === 2) && (
            <Button onClick={() => void save()} loading={saving}>
              Salvar pacote
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}

type StepProps = { draft: PackageDraft; errors: Record<string, string>; update: (patch: Partial<PackageDraft>) => void };

function DataStep({ draft, errors, update }: StepProps) {
  return (
    <Stack maw={560}>
      <TextInput label="Nome do pacote" withAsterisk value={draft.name} error={errors.name} onChange={(e) => update({ name: e.currentTarget.value })} placeholder="Leitura Digital" />
      <Textarea label="Descrição" value={draft.description} onChange={(e) => update({ description: e.currentTarget.value })} rows={2} />
      <Input.Wrapper label="Tipo" withAsterisk error={errors.kind} description="Como o pacote é oferecido ao cliente.">
        <SegmentedControl
          display="flex"
          aria-label="Tipo"
          value={draft.kind ?? ''}
          onChange={(v) => update({ kind: v as PackageKind })}
          data={PackageKind.options.map((k) => ({ value: k, label: packageKindLabel(k) }))}
        />
      </Input.Wrapper>
      <TextInput
        label="Valor (R$)"
        withAsterisk
        inputMode="decimal"
        placeholder="19,90"
        description="Valor mensal cobrado do cliente. Um benefício pode ser R$ 0,00."
        value={draft.price}
        error={errors.priceCents}
        onChange={(e) => update({ price: e.currentTarget.value })}
        w={300}
      />
    </Stack>
  );
}

function CompositionStep({
  draft,
  errors,
  problems,
  update,
  saved,
  approvalClearedNotice,
}: StepProps & { problems: string[]; saved: Package | undefined; approvalClearedNotice: boolean }) {
  const items = draftComposition(draft);
  const total = compositionTotal(items.map((i) => ({ ...i, amountCents: Number.isNaN(i.amountCents) ? 0 : i.amountCents })));
  const price = parseBRL(draft.price);
  const diff = price.ok ? price.cents - total : null;
  const setItem = (index: number, patch: Partial<PackageDraft['items'][number]>) =>
    update({ items: draft.items.map((item, i) => (i === index ? { ...item, ...patch } : item)) });

  return (
    <Stack>
      <Text size="sm">
        Divida o valor do pacote em itens fiscais (SVA, SCM, outro): é essa divisão que define os impostos e os itens da nota. A
        composição deve ser validada com a contabilidade do provedor.
      </Text>
      <Table aria-label="Itens da composição" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Descrição do item</Table.Th>
            <Table.Th w={150}>Tipo fiscal</Table.Th>
            <Table.Th w={160}>Valor (R$)</Table.Th>
            <Table.Th w={50}>
              <VisuallyHidden>Remover</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {draft.items.map((item, i) => (
            <Table.Tr key={item.key} style={{ verticalAlign: 'top' }}>
              <Table.Td>
                <TextInput
                  aria-label={`Descrição do item ${i + 1}`}
                  placeholder="Licença de leitura digital"
                  value={item.description}
                  error={errors[`composition.${i}.description`]}
                  onChange={(e) => setItem(i, { description: e.currentTarget.value })}
                />
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Tipo fiscal do item ${i + 1}`}
                  allowDeselect={false}
                  data={FiscalKind.options.map((k) => ({ value: k, label: FISCAL_LABEL[k] }))}
                  value={item.fiscalKind}
                  onChange={(v) => v && setItem(i, { fiscalKind: v as FiscalKind })}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={`Valor do item ${i + 1}`}
                  inputMode="decimal"
                  placeholder="0,00"
                  value={item.amount}
                  error={errors[`composition.${i}.amountCents`]}
                  onChange={(e) => setItem(i, { amount: e.currentTarget.value })}
                />
              </Table.Td>
              <Table.Td>
                <ActionIcon variant="subtle" color="red.9" mt={4} aria-label={`Remover item ${i + 1}`} onClick={() => update({ items: draft.items.filter((_, j) => j !== i) })}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" align="flex-start">
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => update({ items: [...draft.items, newItem(draft.items.length === 0 ? 'SVA' : 'SCM')] })}>
          Adicionar item
        </Button>
        <Stack gap={2} align="flex-end" aria-live="polite" data-testid="composition-total">
          <Text size="sm">
            Total da composição: <b>{formatBRL(total)}</b>
          </Text>
          <Text size="sm">Valor do pacote: {price.ok ? formatBRL(price.cents) : 'informe o valor na etapa Dados'}</Text>
          {diff !== null && (
            <Text size="sm" fw={600} c={diff === 0 ? 'teal.9' : 'red.9'}>
              {diff === 0 ? 'Composição confere com o valor.' : `Diferença: ${diff > 0 ? 'faltam' : 'sobram'} ${formatBRL(Math.abs(diff))}`}
            </Text>
          )}
        </Stack>
      </Group>
      {problems.length > 0 && (
        <Alert color="red" title="Composição não confere" icon={<IconAlertTriangle />}>
          <Stack gap={4}>
            {problems.map((p) => (
              <Text size="sm" key={p}>
                {p}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}

      <Paper withBorder p="sm">
        <Stack gap="xs">
          {approvalClearedNotice && saved?.compositionApproval && (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle />}>
              O valor ou a composição mudou: a validação de {saved.compositionApproval.by} em {formatDate(saved.compositionApproval.at)} foi retirada.
              Valide de novo com a contabilidade.
            </Alert>
          )}
          <Switch
            label="Validado pela contabilidade"
            description="Ligue só depois que o contador conferir esta composição. Mudar o valor ou os itens retira a validação."
            checked={draft.approved}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              update({ approved: on, approvedAt: on && draft.approvedAt === '' ? formatDate(new Date().toISOString()) : draft.approvedAt });
            }}
          />
          {draft.approved && (
            <Group align="flex-start">
              <TextInput label="Validado por" withAsterisk placeholder="Nome do contador" value={draft.approvedBy} error={errors.approvedBy} onChange={(e) => update({ approvedBy: e.currentTarget.value })} w={280} />
              <TextInput label="Data da validação" withAsterisk placeholder="dd/mm/aaaa" value={draft.approvedAt} error={errors.approvedAt} onChange={(e) => update({ approvedAt: e.currentTarget.value })} w={180} />
            </Group>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

function IntegrationStep({ draft, errors, update, saved }: StepProps & { saved: Package | undefined }) {
  const integrations = useLiveQuery(() => db.integrations.toArray(), []);
  const products = useLiveQuery(
    async () => (draft.integrationId ? db.products.where('integrationId').equals(draft.integrationId).toArray() : []),
    [draft.integrationId],
  );
  const linkCount = useLiveQuery(async () => (saved ? db.links.where('packageId').equals(saved.id).count() : 0), [saved?.id]);
  if (!integrations || !products) return <Text size="sm">Carregando integrações…</Text>;

  const usable = integrations.filter((i) => i.active || i.id === draft.integrationId);
  if (usable.length === 0) return <NeedsIntegration hasIntegration={false} />;

  const current = products.find((p) => p.code === draft.productCode);
  // S3: only active products are offered; the package's own product stays listed so the office sees it went inactive.
  const offered = products.filter((p) => p.status === 'active' || p.code === draft.productCode);
  const labelPreview = generateLabel(draft.name || 'pacote', 999999).replace(/999999$/, 'nº do pacote');
  const labelChanged = saved !== undefined && draft.label.trim() !== saved.label;

  return (
    <Stack maw={620}>
      <Select
        label="Integração"
        withAsterisk
        placeholder="Escolha a integração"
        data={usable.map((i) => ({ value: i.id, label: i.active ? i.description : `${i.description} (inativa)` }))}
        value={draft.integrationId}
        error={errors.integrationId}
        onChange={(v) => update({ integrationId: v, productCode: v === draft.integrationId ? draft.productCode : null })}
        allowDeselect={false}
      />
      {draft.integrationId && offered.length === 0 && <NeedsIntegration hasIntegration />}
      <Select
        label="Produto"
        withAsterisk
        searchable
        nothingFoundMessage="Nenhum produto ativo com esse nome"
        placeholder={draft.integrationId ? 'Escolha o produto' : 'Escolha primeiro a integração'}
        disabled={!draft.integrationId}
        description="Na Campsoft cada pacote entrega um único produto. Para oferecer outro produto, crie outro pacote."
        data={offered.map((p) => ({ value: p.code, label: `${p.name} (cód. ${p.code})${p.status === 'active' ? '' : ' – inativo na plataforma'}` }))}
        value={draft.productCode}
        error={errors.productCode}
        onChange={(v) => update({ productCode: v })}
        allowDeselect={false}
      />
      {draft.productCode && current?.status !== 'active' && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle />} title="Produto inativo na plataforma">
          {current
            ? `O produto "${current.name}" não está mais ativo na plataforma: o pacote não pode ser entregue. Escolha outro produto ou confira na Campsoft.`
            : `O produto de código ${draft.productCode} não veio na última sincronização. Sincronize os produtos ou escolha outro.`}{' '}
          <Anchor component={Link} href={INTEGRATIONS_PATH}>
            Ver integrações
          </Anchor>
        </Alert>
      )}
      <TextInput
        label="Label"
        placeholder={saved ? undefined : labelPreview}
        description={
          saved
            ? 'Identificador do pacote na plataforma. Deixe em branco para voltar ao padrão gerado pelo sistema.'
            : `Identificador do pacote na plataforma. Em branco, o sistema gera ao salvar: ${labelPreview}.`
        }
        value={draft.label}
        error={errors.label}
        onChange={(e) => update({ label: e.currentTarget.value })}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      {labelChanged && (linkCount ?? 0) > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle />}>
          Este pacote está vinculado a {count(linkCount ?? 0, 'serviço', 'serviços')}. Mudar o label muda a licença na plataforma: os clientes passam a
          ter uma licença nova com o label novo na próxima transmissão.
        </Alert>
      )}
    </Stack>
  );
}
