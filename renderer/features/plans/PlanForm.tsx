import { ActionIcon, Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Switch, Table, Tabs, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import type { PlanRecord } from '../../../shared/contract';
import { fieldErrors, formatBRL, PlanForm as PlanFormSchema, type DefaultPackage } from '../../../shared/domain';
import { CommandError, formErrors, run, useHostQuery } from '../../data/client';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifyFailure, notifySuccess } from '../../ui/notify';
import { centsToInput, packageName, usePackages } from '../packages';
import { PLAN_TABLES } from './queries';

type Tab = 'dados' | 'pacotes';
type PlanDraft = { name: string; price: string; defaultPackages: DefaultPackage[]; lockPackages: boolean };

/** One toast per failed save: the next failure or the success replaces it. */
const SAVE_TOAST = 'plan-save';

function draftOf(plan: PlanRecord | undefined): PlanDraft {
  return plan
    ? { name: plan.name, price: centsToInput(plan.priceCents), defaultPackages: plan.defaultPackages, lockPackages: plan.lockPackages }
    : { name: '', price: '', defaultPackages: [], lockPackages: false };
}

/** `/novo` and `/:id/editar`; `?aba=pacotes` opens the aba Pacotes (linked from the S12 explanation). */
export function PlanFormRoute({ id }: { id?: number }) {
  const valid = id === undefined || (Number.isInteger(id) && id > 0);
  const query = useHostQuery('plans.get', id !== undefined && valid ? { id } : null, PLAN_TABLES);
  // Recarregar after a conflict: the editor opens again on the current version.
  const [opening, setOpening] = useState(0);
  // The form opens on the host's current answer, not on a cached one being refreshed (it keeps that
  // version); once open, a refresh (another desk saved) never replaces what the clerk is typing.
  const [shown, setShown] = useState(false);
  if (!shown && query.data !== undefined && !query.isFetching) setShown(true);
  if (id !== undefined && valid && !shown && query.isError) return <LoadFailure what="o plano" error={query.error} onRetry={() => void query.refetch()} />;
  if (id !== undefined && valid && !shown && (query.data === undefined || query.isFetching)) return <Text size="sm">Carregando plano…</Text>;
  if (id !== undefined && !query.data) {
    return (
      <Alert color="red" title="Plano não encontrado">
        O plano nº {id} não existe mais. <Anchor component={Link} href="/">Voltar à lista de planos</Anchor>
      </Alert>
    );
  }
  async function reload() {
    await query.refetch();
    setOpening((n) => n + 1);
  }
  return <PlanEditor key={`${id ?? 'novo'}-${opening}`} saved={query.data ?? undefined} onReload={() => void reload()} />;
}

/** `saved` is the version the form opened on; a newer one arriving meanwhile does not change the draft. */
function PlanEditor({ saved: current, onReload }: { saved: PlanRecord | undefined; onReload: () => void }) {
  const [saved] = useState(current);
  const [location, navigate] = useLocation();
  const [params] = useSearchParams();
  const tab: Tab = params.get('aba') === 'pacotes' ? 'pacotes' : 'dados';
  const setTab = (t: Tab) => navigate(`${location}?aba=${t}`, { replace: true });
  const [draft, setDraft] = useState(() => draftOf(saved));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function update(patch: Partial<PlanDraft>) {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !Object.keys(patch).some((p) => k.startsWith(p === 'price' ? 'priceCents' : p)))));
  }

  function showErrors(next: Record<string, string>) {
    setErrors(next);
    if (next.name || next.priceCents) setTab('dados');
    else if (next.defaultPackages || next.lockPackages) setTab('pacotes');
  }

  async function save() {
    const values = { name: draft.name, priceCents: draft.price, defaultPackages: draft.defaultPackages, lockPackages: draft.lockPackages };
    const parsed = PlanFormSchema.safeParse(values);
    if (!parsed.success) {
      showErrors(fieldErrors(parsed.error));
      notifyFailure({ message: 'Corrija os campos indicados em vermelho e salve de novo. Nada do que foi digitado foi perdido.' }, 'Plano não salvo', { id: SAVE_TOAST });
      return;
    }
    setSaving(true);
    setConflict(null);
    try {
      const plan = await run('plans.save', { id: saved?.id, version: saved?.version, values });
      notifySuccess(`Serviço/Plano "${plan.name}" salvo.`, undefined, { replaces: SAVE_TOAST });
      // S8: defaults reach new services only; the ones the plan already has wait for the bulk action
      if (saved && plan.defaultPackages.length > 0) {
        notifySuccess('Os serviços que o plano já tem não mudam sozinhos: na lista de planos, use "Aplicar aos serviços existentes".', 'Pacotes padrão');
      }
      navigate('/');
    } catch (e) {
      if (e instanceof CommandError && e.code === 'CONFLICT') setConflict(e.message);
      else {
        const next = formErrors(e);
        showErrors(next.form ? { form: next.form } : next);
        notifyFailure({ message: next.form ?? Object.values(next)[0] }, 'Plano não salvo', { id: SAVE_TOAST });
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack maw={900}>
      <Title order={2} size="h4">
        {saved ? `Editar plano "${saved.name}"` : 'Novo plano'}
      </Title>
      <Tabs value={tab} onChange={(v) => setTab((v as Tab) ?? 'dados')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="dados" c={errors.name || errors.priceCents ? 'red.9' : undefined}>
            Dados
          </Tabs.Tab>
          <Tabs.Tab value="pacotes" c={errors.defaultPackages ? 'red.9' : undefined}>
            Pacotes ({draft.defaultPackages.length})
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="dados" pt="md">
          <Stack maw={520}>
            <TextInput label="Nome do plano" withAsterisk placeholder="Fibra 500 Mega" value={draft.name} error={errors.name} onChange={(e) => update({ name: e.currentTarget.value })} />
            <TextInput
              label="Valor (R$)"
              withAsterisk
              inputMode="decimal"
              placeholder="99,90"
              description="Valor mensal do plano de internet."
              value={draft.price}
              error={errors.priceCents}
              onChange={(e) => update({ price: e.currentTarget.value })}
              w={220}
            />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="pacotes" pt="md">
          <PackagesTab draft={draft} update={update} error={errors.defaultPackages} />
        </Tabs.Panel>
      </Tabs>
      {conflict && <ConflictAlert title="Plano não salvo" message={conflict} onReload={onReload} />}
      {errors.form && (
        <Alert color="red" title="Plano não salvo">
          {errors.form}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" component={Link} href="/">
          Cancelar
        </Button>
        <Button onClick={() => void save()} loading={saving}>
          Salvar plano
        </Button>
      </Group>
    </Stack>
  );
}

function PackagesTab({ draft, update, error }: { draft: PlanDraft; update: (patch: Partial<PlanDraft>) => void; error?: string }) {
  const packages = usePackages();
  if (!packages) return <Text size="sm">Carregando pacotes…</Text>;
  const byId = new Map(packages.map((p) => [p.id, p]));
  const onPlan = new Set(draft.defaultPackages.map((d) => d.packageId));
  const addable = packages.filter((p) => p.active && !onPlan.has(p.id));
  const setEntry = (packageId: number, patch: Partial<DefaultPackage>) =>
    update({ defaultPackages: draft.defaultPackages.map((d) => (d.packageId === packageId ? { ...d, ...patch } : d)) });

  return (
    <Stack>
      <Paper withBorder p="sm">
        <Switch
          label="Travar Pacotes"
          thumbIcon={draft.lockPackages ? <IconLock size={10} color="black" /> : undefined}
          // S12: said here, where it is switched on, so nobody wonders later why a package is missing.
          description="Ligado: só os pacotes desta lista poderão ser vinculados aos serviços dos clientes deste plano."
          checked={draft.lockPackages}
          onChange={(e) => update({ lockPackages: e.currentTarget.checked })}
        />
        {draft.lockPackages && draft.defaultPackages.length === 0 && (
          <Alert color="orange" variant="light" mt="sm" icon={<IconAlertTriangle />}>
            Travar Pacotes está ligado e o plano não tem pacotes: nenhum pacote poderá ser vinculado aos serviços deste plano.
          </Alert>
        )}
      </Paper>

      <Text size="sm">
        Pacotes padrão entram nos serviços novos deste plano e nos que migrarem para ele. <b>Opcional</b>: pode ser retirado ao
        adicionar o serviço do cliente. <b>Obrigatório</b>: entra junto quando o serviço é adicionado; pode ser removido depois.
      </Text>

      {draft.defaultPackages.length === 0 ? (
        <Paper withBorder p="md">
          <Text size="sm">Nenhum pacote padrão neste plano. Escolha um pacote abaixo para adicioná-lo.</Text>
        </Paper>
      ) : (
        <Table aria-label="Pacotes padrão do plano" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Pacote</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Valor</Table.Th>
              <Table.Th>Obrigatório</Table.Th>
              <Table.Th>
                <VisuallyHidden>Remover</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {draft.defaultPackages.map((d) => {
              const pkg = byId.get(d.packageId);
              const name = pkg ? packageName(pkg) : `Pacote nº ${d.packageId} (excluído)`;
              return (
                <Table.Tr key={d.packageId}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm">{name}</Text>
                      {pkg && !pkg.active && (
                        <Badge color="red.9" variant="outline">
                          Pacote inativo
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{pkg ? formatBRL(pkg.priceCents) : '—'}</Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={`Obrigatório: ${name}`}
                      label={d.mandatory ? 'Obrigatório' : 'Opcional'}
                      checked={d.mandatory}
                      onChange={(e) => setEntry(d.packageId, { mandatory: e.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red.9"
                      aria-label={`Retirar ${name} do plano`}
                      onClick={() => update({ defaultPackages: draft.defaultPackages.filter((x) => x.packageId !== d.packageId) })}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {error && (
        <Text size="sm" c="red.9" role="alert">
          {error}
        </Text>
      )}
      {packages.length === 0 ? (
        <Text size="sm">
          Ainda não há pacotes. Crie um em{' '}
          <Anchor component={Link} href="~/configuracao/geral/pacotes">
            Configuração › Geral › Pacotes
          </Anchor>
          .
        </Text>
      ) : (
        <Select
          label="Adicionar pacote ao plano"
          placeholder={addable.length ? 'Escolha um pacote ativo' : 'Todos os pacotes ativos já estão no plano'}
          disabled={addable.length === 0}
          searchable
          nothingFoundMessage="Nenhum pacote ativo com esse nome"
          data={addable.map((p) => ({ value: String(p.id), label: `${packageName(p)} – ${formatBRL(p.priceCents)}` }))}
          value={null}
          onChange={(v) => v && update({ defaultPackages: [...draft.defaultPackages, { packageId: Number(v), mandatory: false }] })}
          maw={480}
        />
      )}
    </Stack>
  );
}
