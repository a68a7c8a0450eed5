import { Alert, Anchor, Button, Checkbox, Group, Pagination, Progress, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import { LINK_STATES, linkStateLabels, type LinkStateCode } from '../../../shared/domain';
import { run, useHostQuery } from '../../data/client';
import { count, formatDateTime } from '../../ui/format';
import { LinkStateBadge } from '../../ui/LinkStateBadge';
import { LoadFailure } from '../../ui/LoadFailure';
import { useIntegrations } from '../integrations';
import { usePlans } from '../plans';
import { DriftPanel } from './drift';
import { useLinkList, useLinkStateCounts, useSyncState } from './queries';
import { toggled } from '../../ui/selection';

const PAGE = 100;
/** links.list's largest page: "Tentar novamente os com erro" reads the error ids this many at a time. */
const ID_PAGE = 500;

/** Every link in error now, read page by page, for a retry of exactly those. */
async function errorLinkIds(): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += ID_PAGE) {
    const page = await run('links.list', { state: 'error', offset, limit: ID_PAGE });
    ids.push(...page.rows.map((r) => r.linkId));
    if (page.rows.length < ID_PAGE || ids.length >= page.total) return ids;
  }
}

function failureText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function TransmissionPage() {
  const sync = useSyncState().data;
  const states = useLinkStateCounts();
  const integrations = useIntegrations().data;
  const plans = usePlans();
  const [status, setStatus] = useState<LinkStateCode | null>(null);
  const [integrationId, setIntegrationId] = useState<string | null>(null);
  const [planId, setPlanId] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [asking, setAsking] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const list = useLinkList({ ...(status && { state: status }), ...(integrationId && { integrationId }), ...(planId !== null && { planId }), offset: (page - 1) * PAGE, limit: PAGE });

  const counts = states.data?.counts;
  const passing = sync?.passing ?? false;
  const running = (sync?.runs ?? []).filter((r) => r.status === 'running');
  const rows = list.data?.rows;
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));

  /** A new filter starts on page 1 with nothing selected. */
  function filtered<T>(set: (v: T) => void) {
    return (v: T) => {
      set(v);
      setPage(1);
      setSelected(new Set());
    };
  }
  const choose = filtered(setStatus);
  const filterText = [
    status && `com a situação "${linkStateLabels[status]}"`,
    integrationId && `da integração ${integrations?.find((i) => i.id === integrationId)?.description ?? integrationId}`,
    planId !== null && `do plano ${plans?.find((p) => p.id === planId)?.name ?? planId}`,
  ]
    .filter(Boolean)
    .join(', ');

  async function ask(request: () => Promise<unknown>) {
    setAsking(true);
    setRefused(null);
    try {
      await request();
      setSelected(new Set());
    } catch (e) {
      setRefused(failureText(e));
    } finally {
      setAsking(false);
    }
  }
  const retry = (linkIds: string[]) => ask(() => (linkIds.length > 0 ? run('sync.request', { trigger: 'retry', linkIds }) : Promise.resolve()));

  const toggle = (ids: string[], on: boolean) => setSelected((s) => toggled(s, ids, on));
  const pageIds = (rows ?? []).map((r) => r.linkId);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));

  return (
    <Tabs defaultValue="vinculos">
      <Tabs.List mb="md">
        <Tabs.Tab value="vinculos">Vínculos</Tabs.Tab>
        <Tabs.Tab value="conferir">Conferir com a plataforma</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="vinculos">
        <Stack gap="md">
          <Group justify="space-between" align="flex-end">
            <Group gap="xs" role="group" aria-label="Situação dos vínculos">
              {LINK_STATES.map((s) => {
                const active = status === s;
                return (
                  <Button key={s} size="xs" variant={active ? 'filled' : s === 'idle' ? 'subtle' : 'default'} onClick={() => choose(active ? null : s)} aria-pressed={active}>
                    {linkStateLabels[s]}
                    {counts ? ` (${counts[s].toLocaleString('pt-BR')})` : ''}
                  </Button>
                );
              })}
            </Group>
            <Group gap="xs" ml="auto">
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} />}
                disabled={!counts || counts.error === 0 || asking}
                onClick={() => void ask(async () => retry(await errorLinkIds()))}
              >
                Tentar novamente os com erro
              </Button>
              <Button leftSection={<IconSend size={16} />} loading={passing || asking} onClick={() => void ask(() => run('sync.request', { trigger: 'manual' }))}>
                Transmitir agora
              </Button>
            </Group>
          </Group>
          <Group align="flex-end">
            <Select
              label="Integração"
              placeholder="Todas"
              w={240}
              clearable
              data={(integrations ?? []).map((i) => ({ value: i.id, label: i.description }))}
              value={integrationId}
              onChange={filtered(setIntegrationId)}
            />
            <Select
              label="Plano"
              placeholder="Todos"
              w={280}
              clearable
              searchable
              nothingFoundMessage="Nenhum plano com esse nome"
              data={(plans ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
              value={planId === null ? null : String(planId)}
              onChange={(v) => filtered(setPlanId)(v === null ? null : Number(v))}
            />
            <ScheduleControl lastRunAt={sync?.schedule.lastRunAt} />
          </Group>
          {running.map((r) => (
            <div key={r.runId}>
              <Text size="sm" mb={4}>
                Transmitindo para {integrations?.find((i) => i.id === r.integrationId)?.description ?? 'a plataforma'}: {r.done.toLocaleString('pt-BR')} de{' '}
                {r.total.toLocaleString('pt-BR')}
                {r.failed > 0 ? ` · ${r.failed.toLocaleString('pt-BR')} com erro` : ''}
              </Text>
              <Progress value={r.total ? (100 * r.done) / r.total : 0} aria-label="Progresso da transmissão" />
            </div>
          ))}
          {sync?.notice && (
            <Alert color="orange" variant="light">
              {sync.notice}
            </Alert>
          )}
          {refused && (
            <Alert color="red" variant="light" title="O pedido não foi aceito">
              {refused}
            </Alert>
          )}
          {list.error ? (
            <LoadFailure what="os vínculos" error={list.error} onRetry={() => void list.refetch()} />
          ) : !rows ? (
            <Text size="sm" c="dimmed">
              Carregando os vínculos…
            </Text>
          ) : rows.length === 0 ? (
            <Text size="sm">{filterText ? `Nenhum vínculo ${filterText}.` : 'Nenhum pacote vinculado a serviços de clientes ainda.'}</Text>
          ) : (
            <>
              <Group justify="space-between">
                <Text size="sm">
                  {selected.size === 0
                    ? `${count(total, 'vínculo', 'vínculos')}${filterText ? ` ${filterText}` : ''}. Marque vínculos para tentar de novo só eles.`
                    : `${count(selected.size, 'vínculo selecionado', 'vínculos selecionados')}.`}
                </Text>
                <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} disabled={selected.size === 0 || asking} onClick={() => void retry([...selected])}>
                  Tentar novamente os selecionados
                </Button>
              </Group>
              <Table striped withTableBorder verticalSpacing={6} aria-label="Vínculos">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label="Selecionar os vínculos desta página"
                        checked={allOnPage}
                        indeterminate={!allOnPage && pageIds.some((id) => selected.has(id))}
                        onChange={(e) => toggle(pageIds, e.currentTarget.checked)}
                      />
                    </Table.Th>
                    <Table.Th>Cliente</Table.Th>
                    <Table.Th>Serviço</Table.Th>
                    <Table.Th>Pacote</Table.Th>
                    <Table.Th>id_contrato · label</Table.Th>
                    <Table.Th>Situação</Table.Th>
                    <Table.Th>Confirmado em</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.linkId}>
                      <Table.Td>
                        <Checkbox
                          aria-label={`Selecionar ${r.customerName ?? 'vínculo'} (serviço ${r.serviceId}, ${r.packageName ?? 'pacote'})`}
                          checked={selected.has(r.linkId)}
                          onChange={(e) => toggle([r.linkId], e.currentTarget.checked)}
                        />
                      </Table.Td>
                      <Table.Td>
                        {r.customerId !== null ? (
                          <Anchor component={RouterLink} href={`~/clientes/${r.customerId}`} size="sm">
                            {r.customerName ?? `Cliente ${r.customerId}`}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>{r.serviceId}</Table.Td>
                      <Table.Td>{r.packageName ?? '—'}</Table.Td>
                      <Table.Td>
                        <Text size="xs" ff="monospace">
                          {r.contractIdentifier} · {r.label ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={420}>
                        <LinkStateBadge state={r.state} />
                        {r.state.code === 'error' && (
                          <Button size="compact-xs" variant="default" mt={4} disabled={asking} onClick={() => void retry([r.linkId])}>
                            Tentar novamente
                          </Button>
                        )}
                        {r.state.code === 'blocked' && r.customerId !== null && (
                          <Button size="compact-xs" variant="default" mt={4} component={RouterLink} href={`~/clientes/${r.customerId}/editar`}>
                            Corrigir cadastro
                          </Button>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDateTime(r.confirmedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {pages > 1 && (
                <Pagination
                  total={pages}
                  value={page}
                  onChange={setPage}
                  getControlProps={(c) => ({ 'aria-label': c === 'previous' ? 'Página anterior' : c === 'next' ? 'Próxima página' : c })}
                />
              )}
            </>
          )}
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="conferir">
        <DriftTab />
      </Tabs.Panel>
    </Tabs>
  );
}

const hours = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` }));

/** The daily routine's hour (products, Conferir com a plataforma, a pass), and when it last ran. */
function ScheduleControl({ lastRunAt }: { lastRunAt: string | undefined }) {
  const settings = useHostQuery('settings.get', {}, ['settings']);
  const [refused, setRefused] = useState<string | null>(null);
  if (!settings.data) return null;
  const save = (hour: number) => {
    setRefused(null);
    run('settings.set', { key: 'schedule', value: { hour } }).catch((e: unknown) => setRefused(failureText(e)));
  };
  const last = lastRunAt ?? settings.data.schedule.lastRunAt;
  return (
    <Group gap="xs" align="flex-end" ml="auto">
      <Select
        label="Rotina diária às"
        description="Sincroniza produtos, confere a plataforma e transmite"
        w={250}
        allowDeselect={false}
        data={hours}
        value={String(settings.data.schedule.hour)}
        onChange={(v) => v !== null && save(Number(v))}
        error={refused}
      />
      <Text size="xs" mb={8}>
        {last ? `Última: ${formatDateTime(last)}` : `Ainda não executada: roda às ${String(settings.data.schedule.hour).padStart(2, '0')}:00`}
      </Text>
    </Group>
  );
}

/** Conferir com a plataforma, one integration at a time (the first one preselected). */
function DriftTab() {
  const integrations = useIntegrations().data;
  const [chosen, setChosen] = useState<string | null>(null);
  if (!integrations) return null;
  if (integrations.length === 0) return <Text size="sm">Cadastre uma integração para conferir a plataforma.</Text>;
  const integrationId = chosen ?? integrations[0].id;
  return (
    <Stack gap="md">
      <Select
        label="Integração"
        w={280}
        allowDeselect={false}
        data={integrations.map((i) => ({ value: i.id, label: i.description }))}
        value={integrationId}
        onChange={setChosen}
      />
      <DriftPanel key={integrationId} integrationId={integrationId} />
    </Stack>
  );
}
