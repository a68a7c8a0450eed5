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
import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import type { PackageRecord } from '../../../shared/contract';
import { compositionTotal, fieldErrors, FiscalKind, formatBRL, generateLabel, PackageForm, PackageKind, parseBRL, validateComposition } from '../../../shared/domain';
import { CommandError, formErrors, run, useHostQuery } from '../../data/client';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { count, formatDate } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifyFailure, notifySuccess } from '../../ui/notify';
import { INTEGRATIONS_PATH, useIntegrations, useProducts } from '../integrations';
import { draftApproval, draftComposition, draftFromPackage, filledItems, draftNeedsReapproval, emptyDraft, newItem, toFormInput, type PackageDraft } from './draft';
import { NeedsIntegration } from './PackageList';
import { PACKAGE_TABLES, packageKindLabel, packageName } from './queries';

const FISCAL_LABEL: Record<FiscalKind, string> = { SVA: 'SVA', SCM: 'SCM', outro: 'Outro' };

const STEP_OF_FIELD: [RegExp, number][] = [
  [/^(name|description|kind|priceCents)$/, 0],
  [/^(composition|approved)/, 1],
  [/^(integrationId|productCode|label)$/, 2],
];
const LAST_STEP = 2;

/** One toast per failed save: the next failure or the success replaces it. */
const SAVE_TOAST = 'package-save';

const stepOf = (field: string) => STEP_OF_FIELD.find(([re]) => re.test(field))?.[1] ?? 0;

function firstStepWithError(errors: Record<string, string>): number | null {
  const steps = Object.keys(errors)
    .filter((k) => k !== 'form')
    .map(stepOf);
  return steps.length ? Math.min(...steps) : null;
}

type Check = { errors: Record<string, string>; problems: string[] };

/**
 * Every rule of the form (shared/domain's PackageForm, the approval, the money texts) on the draft:
 * the field messages keyed as the wizard shows them, and the composition's own problems (S6).
 */
function checkDraft(draft: PackageDraft, saved: PackageRecord | undefined): Check & { approval: ReturnType<typeof draftApproval>['approval'] } {
  const parsed = PackageForm.safeParse(toFormInput(draft));
  const approval = draftApproval(draft, saved?.compositionApproval);
  const rows = filledItems(draft);
  const errors: Record<string, string> = { ...approval.errors };
  // Item errors point at the wizard's row, which counts the blank rows skipped.
  for (const [key, message] of Object.entries(parsed.success ? {} : fieldErrors(parsed.error))) {
    const m = key.match(/^composition\.(\d+)\.(.+)$/);
    if (m) errors[`composition.${rows[Number(m[1])].row}.${m[2]}`] = message;
    else if (key !== 'composition') errors[key] = message;
  }
  // The money texts say why they do not parse better than a NaN does.
  for (const { item, row } of rows) {
    const money = parseBRL(item.amount);
    if (!money.ok) errors[`composition.${row}.amountCents`] = money.message;
  }
  // S6 on its own: the form's refinement waits for every other field, the Composição step does not.
  const price = parseBRL(draft.price);
  const items = draftComposition(draft);
  const problems = price.ok && items.every((i) => !Number.isNaN(i.amountCents)) ? validateComposition(price.cents, items) : [];
  return { errors, problems, approval: approval.approval };
}

/** The part of a check that belongs to one step of the wizard. */
function checkOfStep(check: Check, step: number): Check {
  return { errors: Object.fromEntries(Object.entries(check.errors).filter(([k]) => stepOf(k) === step)), problems: step === 1 ? check.problems : [] };
}

const passes = (c: Check) => Object.keys(c.errors).length === 0 && c.problems.length === 0;

/** `/novo`, `/novo?de=3` (Duplicar) and `/:id/editar`: loads what is needed, then the wizard. */
export function PackageWizardRoute({ id }: { id?: number }) {
  const [params] = useSearchParams();
  const copyOf = id === undefined && params.get('de') ? Number(params.get('de')) : undefined;
  const wanted = id ?? copyOf;
  const valid = wanted === undefined || (Number.isInteger(wanted) && wanted > 0);
  const query = useHostQuery('packages.get', wanted !== undefined && valid ? { id: wanted } : null, PACKAGE_TABLES);
  // Recarregar after a conflict: the wizard opens again on the current version.
  const [opening, setOpening] = useState(0);
  // The wizard opens on the host's current answer, not on a cached one being refreshed (it keeps that
  // version); once open, a refresh (another desk saved) never replaces what the clerk is typing.
  const [shown, setShown] = useState(false);
  if (!shown && query.data !== undefined && !query.isFetching) setShown(true);
  if (wanted !== undefined && valid && !shown && query.isError) return <LoadFailure what="o pacote" error={query.error} onRetry={() => void query.refetch()} />;
  if (wanted !== undefined && valid && !shown && (query.data === undefined || query.isFetching)) return <Text size="sm">Carregando pacote…</Text>;
  const saved = query.data ?? undefined;
  if (wanted !== undefined && !saved) {
    return (
      <Alert color="red" title="Pacote não encontrado">
        O pacote nº {wanted} não existe mais. <Anchor component={Link} href="/">Voltar à lista de pacotes</Anchor>
      </Alert>
    );
  }
  async function reload() {
    await query.refetch();
    setOpening((n) => n + 1);
  }
  const initial = saved ? draftFromPackage(saved, { copy: copyOf !== undefined }) : emptyDraft();
  return <PackageWizard key={`${id}-${copyOf}-${opening}`} saved={id !== undefined ? saved : undefined} initial={initial} onReload={() => void reload()} />;
}

/** `saved` is the version the wizard opened on; a newer one arriving meanwhile does not change the draft. */
function PackageWizard({ saved: opened, initial, onReload }: { saved: PackageRecord | undefined; initial: PackageDraft; onReload: () => void }) {
  const [saved] = useState(opened);
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState(initial);
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [compositionProblems, setCompositionProblems] = useState<string[]>([]);
  const [approvalClearedNotice, setApprovalClearedNotice] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
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

  function show(check: Check) {
    setErrors(check.errors);
    setCompositionProblems(check.problems);
  }

  /**
   * Goes to `target`, but never past a step that does not pass: a step is shown as done (its check
   * mark) only when its fields are right. Going back is always allowed.
   */
  function goTo(target: number) {
    if (target <= step) return setStep(target);
    const check = checkDraft(draft, saved);
    for (let n = step; n < target; n++) {
      const own = checkOfStep(check, n);
      if (!passes(own)) {
        show(own);
        setStep(n);
        return;
      }
    }
    show({ errors: {}, problems: [] });
    setStep(target);
  }

  function refuse(check: Check, message: string) {
    show(check);
    setStep(firstStepWithError(check.errors) ?? (check.problems.length ? 1 : step));
    notifyFailure({ message }, 'Pacote não salvo', { id: SAVE_TOAST });
  }

  async function save() {
    const check = checkDraft(draft, saved);
    if (!passes(check)) return refuse(check, 'Corrija os campos indicados em vermelho e salve de novo. Nada do que foi digitado foi perdido.');
    setSaving(true);
    setConflict(null);
    try {
      // S6: no approval in the form takes the saved one away; the one shown is kept or replaced.
      const pkg = await run('packages.save', { id: saved?.id, version: saved?.version, values: toFormInput(draft), approval: check.approval ?? null });
      notifySuccess(`Pacote ${packageName(pkg)} salvo com o label ${pkg.label}.`, undefined, { replaces: SAVE_TOAST });
      navigate('/');
    } catch (e) {
      if (e instanceof CommandError && e.code === 'CONFLICT') {
        setConflict(e.message);
      } else {
        const fields = formErrors(e);
        const { composition, ...rest } = fields;
        refuse({ errors: rest, problems: composition ? [composition] : [] }, fields.form ?? composition ?? Object.values(fields)[0]);
      }
    } finally {
      setSaving(false);
    }
  }

  const stepError = (n: number) => Object.keys(errors).some((k) => k !== 'form' && stepOf(k) === n) || (n === 1 && compositionProblems.length > 0);

  return (
    <Stack maw={920}>
      <Title order={2} size="h4">
        {saved ? `Editar pacote ${packageName(saved)}` : 'Novo pacote'}
      </Title>
      <Stepper active={step} onStepClick={goTo} size="sm">
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
      {conflict && <ConflictAlert title="Pacote não salvo" message={conflict} onReload={onReload} />}
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
          {step < LAST_STEP && (
            <Button variant={saved ? 'default' : 'filled'} onClick={() => goTo(step + 1)}>
              Próximo
            </Button>
          )}
          {(saved || step === LAST_STEP) && (
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
}: StepProps & { problems: string[]; saved: PackageRecord | undefined; approvalClearedNotice: boolean }) {
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

function IntegrationStep({ draft, errors, update, saved }: StepProps & { saved: PackageRecord | undefined }) {
  const integrationsQuery = useIntegrations();
  const productsQuery = useProducts(draft.integrationId);
  const integrations = integrationsQuery.data;
  // The product list of the chosen integration loads under its own field: the step stays in place.
  const productsLoading = draft.integrationId !== null && productsQuery.data === undefined && !productsQuery.isError;
  const products = (draft.integrationId ? productsQuery.data : []) ?? [];
  if (integrationsQuery.isError && !integrations) return <LoadFailure what="as integrações" error={integrationsQuery.error} onRetry={() => void integrationsQuery.refetch()} />;
  if (!integrations) return <Text size="sm">Carregando integrações…</Text>;
  const linkCount = saved?.linkCount ?? 0;

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
      {productsQuery.isError && draft.integrationId && (
        <LoadFailure what="os produtos" error={productsQuery.error} onRetry={() => void productsQuery.refetch()} />
      )}
      {draft.integrationId && !productsLoading && !productsQuery.isError && offered.length === 0 && <NeedsIntegration hasIntegration />}
      <Select
        label="Produto"
        withAsterisk
        searchable
        nothingFoundMessage="Nenhum produto ativo com esse nome"
        placeholder={productsLoading ? 'Carregando produtos…' : draft.integrationId ? 'Escolha o produto' : 'Escolha primeiro a integração'}
        disabled={!draft.integrationId || productsLoading}
        description="Na Campsoft cada pacote entrega um único produto. Para oferecer outro produto, crie outro pacote."
        data={offered.map((p) => ({ value: p.code, label: `${p.name} (cód. ${p.code})${p.status === 'active' ? '' : ' – inativo na plataforma'}` }))}
        value={draft.productCode}
        error={errors.productCode}
        onChange={(v) => update({ productCode: v })}
        allowDeselect={false}
      />
      {draft.productCode && !productsLoading && current?.status !== 'active' && (
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
      {labelChanged && linkCount > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle />}>
          Este pacote está vinculado a {count(linkCount, 'serviço', 'serviços')}. Mudar o label muda a licença na plataforma: os clientes passam a
          ter uma licença nova com o label novo na próxima transmissão.
        </Alert>
      )}
    </Stack>
  );
}
