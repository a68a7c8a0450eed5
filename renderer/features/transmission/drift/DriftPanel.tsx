import { Alert, Badge, Button, Checkbox, Group, Pagination, Progress, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { PlatformCheck } from '../../../../shared/contract';
import type { DriftKind, PlatformHas } from '../../../../shared/domain/drift';
import type { LicenceState } from '../../../../shared/domain/model';
import { subscribe } from '../../../bridge';
import { run, useHostQuery } from '../../../data/client';
import { useConfirm } from '../../../ui/ConfirmDialog';
import { count, formatDateTime } from '../../../ui/format';
import { toggled } from '../../../ui/selection';

type DriftRow = PlatformCheck['rows'][number];

/** The check being read from the platform; its result is the host's last check (platform.lastCheck). */
type Check = { state: 'idle' } | { state: 'running'; fetched: number; total: number } | { state: 'error'; message: string };

export const platformHasLabels: Record<PlatformHas, string> = {
  active: 'Ativa',
  suspended: 'Suspensa',
  canceled: 'Cancelada',
  none: 'Não existe',
};

export const officeWantsLabels: Record<LicenceState, string> = {
  active: 'Ativa',
  suspended: 'Suspensa',
  not_provisioned: 'Aguardando (não criar)',
  canceled: 'Cancelada',
};

/** The host keeps the last check in memory and drops the rows it fixed; a fix writes links. */
const CHECK_TABLES = ['links', 'integrations'] as const;

type Filter = 'all' | DriftKind;

const PAGE = 100;

// Filled badges in shades that keep white text above WCAG AA (as in customers/badges.tsx).
export const driftKindLabels: Record<DriftKind, { label: string; color: string; explain: string }> = {
  paying_for_nothing: {
    label: 'Pagando sem uso',
    color: 'red.9',
    explain: 'Licença ativa na plataforma para um serviço suspenso, aguardando ou cancelado: o provedor paga por ela.',
  },
  unknown_to_office: {
    label: 'Sem vínculo no SVA Desk',
    color: 'grape.9',
    explain: 'Licença na plataforma que nenhum pacote de serviço do SVA Desk explica.',
  },
  state_mismatch: {
    label: 'Situação diferente',
    color: '#a63c00',
    explain: 'A licença existe, mas em outra situação (por exemplo, suspensa para um cliente adimplente).',
  },
  missing_on_platform: {
    label: 'Faltando na plataforma',
    color: 'blue.9',
    explain: 'O SVA Desk espera uma licença que a plataforma não tem (ou tem cancelada).',
  },
};

const kinds = Object.keys(driftKindLabels) as DriftKind[];

const rowId = (r: Pick<DriftRow, 'contractIdentifier' | 'label'>) => JSON.stringify([r.contractIdentifier, r.label]);
const num = (n: number) => n.toLocaleString('pt-BR');

/** What the fix ends up doing on the platform (the planner's step from what the platform has), in words. */
function fixText(row: DriftRow): string {
  if (row.kind === 'unknown_to_office') return `Cancelar a licença na plataforma (produto ${row.productCode ?? '?'}).`;
  if (row.blockedReason) return `Não será transmitido: ${row.blockedReason}`;
  const gone = row.platformHas === 'none' || row.platformHas === 'canceled';
  let action: string;
  if (row.officeWants === 'active') action = gone ? 'Criar a licença de novo.' : 'Reativar a licença.';
  else if (row.officeWants === 'canceled') action = 'Cancelar a licença.';
  else action = gone ? 'Registrar que não há licença (será criada quando o serviço for habilitado).' : 'Suspender a licença.';
  return row.pending ? `${action} Já está na fila de transmissão.` : action;
}

/**
 * "Conferir com a plataforma" for one integration: reads every subscriber and licence on the
 * platform, compares with the office's links (computeDrift) and fixes the selected differences.
 * Mount it with the integration chosen on the page: `<DriftPanel integrationId={id} />`.
 */
export function DriftPanel({ integrationId }: { integrationId: string }) {
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [filter, setFilter] = useState<Filter>('all');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [fixedSome, setFixedSome] = useState(false);
  const [fixSummary, setFixSummary] = useState<{ accepted: number; canceled: number; error?: string } | null>(null);
  const [page, setPage] = useState(1);
  const [dialog, ask] = useConfirm();
  const last = useHostQuery('platform.lastCheck', { integrationId }, CHECK_TABLES);
  const report = check.state === 'running' ? null : (last.data ?? null);

  useEffect(
    () =>
      subscribe('platform.subscribers.progress', (p) => {
        if (p.integrationId === integrationId) setCheck((c) => (c.state === 'running' ? { state: 'running', fetched: p.fetched, total: p.total } : c));
      }),
    [integrationId],
  );

  async function runCheck() {
    setCheck({ state: 'running', fetched: 0, total: 0 });
    setSelected(new Set());
    setFixedSome(false);
    setFixSummary(null);
    setPage(1);
    try {
      await run('platform.check', { integrationId });
      await last.refetch();
      setCheck({ state: 'idle' });
    } catch (e) {
      setCheck({ state: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  const rows = useMemo(() => report?.rows ?? [], [report]);
  const shown = useMemo(() => (filter === 'all' ? rows : rows.filter((r) => r.kind === filter)), [rows, filter]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const visible = shown.slice((page - 1) * PAGE, page * PAGE);
  const chosen = rows.filter((r) => selected.has(rowId(r)));
  const allShownSelected = shown.length > 0 && shown.every((r) => selected.has(rowId(r)));

  const toggle = (ids: string[], on: boolean) => setSelected((s) => toggled(s, ids, on));

  async function fix(selection: DriftRow[]) {
    const linked = selection.filter((r) => r.linkId !== undefined).length;
    const unknown = selection.filter((r) => r.kind === 'unknown_to_office').length;
    try {
      const done = await run('platform.fix', { integrationId, rows: selection.map((r) => ({ contractIdentifier: r.contractIdentifier, label: r.label })) });
      setFixSummary({ accepted: done.corrected, canceled: done.cancelSent });
    } catch (e) {
      // the host corrected the linked rows before it tried the cancellations
      setFixSummary({ accepted: linked, canceled: 0, error: unknown > 0 ? (e instanceof Error ? e.message : String(e)) : undefined });
    }
    setSelected(new Set());
    setFixedSome(true);
    await last.refetch();
  }

  function askFix() {
    const linked = chosen.filter((r) => r.linkId !== undefined).length;
    const unknown = chosen.filter((r) => r.kind === 'unknown_to_office').length;
    ask({
      title: 'Corrigir diferenças selecionadas',
      confirm: unknown > 0 ? 'Corrigir e cancelar licenças' : 'Corrigir',
      danger: unknown > 0,
      message: (
        <Stack gap="xs">
          {linked > 0 && (
            <Text size="sm">
              <b>{num(linked)}</b> {linked === 1 ? 'pacote terá' : 'pacotes terão'} a situação registrada conforme a plataforma e {linked === 1 ? 'será retransmitido' : 'serão retransmitidos'}{' '}
              conforme o cadastro do SVA Desk.
            </Text>
          )}
          {unknown > 0 && (
            <Text size="sm">
              <b>{num(unknown)}</b> {unknown === 1 ? 'licença sem vínculo será cancelada' : 'licenças sem vínculo serão canceladas'} na plataforma: o assinante perde o acesso ao conteúdo.
            </Text>
          )}
        </Stack>
      ),
      onConfirm: () => fix(chosen),
    });
  }

  const running = check.state === 'running';
  return (
    <Stack gap="md">
      {dialog}
      <Group justify="space-between" align="flex-end">
        <div>
          <Text component="h2" fw={600} size="lg" m={0}>
            Conferir com a plataforma
          </Text>
          <Text size="sm" c="dimmed">
            Compara os pacotes dos serviços cadastrados com as licenças que a plataforma realmente tem — e cobra do provedor.
          </Text>
        </div>
        <Button leftSection={<IconListCheck size={16} />} onClick={runCheck} loading={running}>
          {report ? 'Conferir de novo' : 'Conferir com a plataforma'}
        </Button>
      </Group>

      {running && (
        <div>
          <Text size="sm" mb={4}>
            Buscando assinantes na plataforma… {check.total > 0 ? `${num(check.fetched)} de ${num(check.total)}` : ''}
          </Text>
          <Progress value={check.total > 0 ? (100 * check.fetched) / check.total : 5} animated aria-label="Progresso da conferência" />
        </div>
      )}
      {check.state === 'error' && (
        <Alert color="red" title="A conferência falhou">
          {check.message}
        </Alert>
      )}

      {report && (
        <>
          <Summary activeLicenses={report.activeLicenses} shouldBeActive={report.counts.officeShouldBeActive} fetchedAt={report.fetchedAt} />
          {fixSummary && (
            <Alert color={fixSummary.error ? 'red' : 'teal'} title={fixSummary.error ? 'Correção parcial' : 'Correção registrada'}>
              {fixSummary.accepted > 0 && `${count(fixSummary.accepted, 'pacote será retransmitido', 'pacotes serão retransmitidos')} agora. `}
              {fixSummary.canceled > 0 && `${count(fixSummary.canceled, 'cancelamento enviado', 'cancelamentos enviados')} à plataforma. `}
              {fixSummary.error && `Os cancelamentos não foram enviados: ${fixSummary.error} `}
              Acompanhe em Transmissões e confira de novo depois.
            </Alert>
          )}
          {rows.length === 0 && !fixedSome ? (
            <Alert color="teal" title="Tudo confere">
              Cada licença da plataforma corresponde a um pacote de serviço do SVA Desk, na situação certa.
            </Alert>
          ) : rows.length === 0 ? (
            <Text size="sm">Nenhuma diferença pendente nesta conferência. Confira de novo depois da transmissão.</Text>
          ) : (
            <>
              <SegmentedControl
                aria-label="Filtrar por tipo de diferença"
                value={filter}
                onChange={(v) => {
                  setFilter(v as Filter);
                  setPage(1);
                }}
                data={[
                  { value: 'all', label: `Todas (${num(rows.length)})` },
                  ...kinds.map((k) => ({ value: k, label: `${driftKindLabels[k].label} (${num(rows.filter((r) => r.kind === k).length)})` })),
                ]}
              />
              {filter !== 'all' && (
                <Text size="sm" c="dimmed">
                  {driftKindLabels[filter].explain}
                </Text>
              )}
              <Table striped withTableBorder aria-label="Diferenças entre o SVA Desk e a plataforma">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label="Selecionar todas as diferenças do filtro"
                        checked={allShownSelected}
                        indeterminate={!allShownSelected && shown.some((r) => selected.has(rowId(r)))}
                        onChange={(e) => toggle(shown.map(rowId), e.currentTarget.checked)}
                      />
                    </Table.Th>
                    <Table.Th>Diferença</Table.Th>
                    <Table.Th>Cliente</Table.Th>
                    <Table.Th>id_contrato</Table.Th>
                    <Table.Th>Label</Table.Th>
                    <Table.Th>SVA Desk quer</Table.Th>
                    <Table.Th>Plataforma tem</Table.Th>
                    <Table.Th>O que a correção faz</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {visible.map((r) => {
                    const id = rowId(r);
                    return (
                      <Table.Tr key={id}>
                        <Table.Td>
                          <Checkbox
                            aria-label={`Selecionar ${r.customerName || 'assinante'} (id_contrato ${r.contractIdentifier}, label ${r.label})`}
                            checked={selected.has(id)}
                            onChange={(e) => toggle([id], e.currentTarget.checked)}
                          />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Badge variant="filled" color={driftKindLabels[r.kind].color} radius="sm" tt="none" styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}>
                            {driftKindLabels[r.kind].label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{r.customerName}</Table.Td>
                        <Table.Td ff="monospace">{r.contractIdentifier}</Table.Td>
                        <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                          {r.label}
                        </Table.Td>
                        <Table.Td>{r.officeWants ? officeWantsLabels[r.officeWants] : 'Nenhum pacote'}</Table.Td>
                        <Table.Td>{platformHasLabels[r.platformHas]}</Table.Td>
                        <Table.Td>
                          <Text size="sm">{fixText(r)}</Text>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
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
              <Group justify="space-between">
                <Text size="sm">{chosen.length === 0 ? 'Marque as diferenças que quer corrigir.' : `${count(chosen.length, 'selecionada', 'selecionadas')}.`}</Text>
                <Button onClick={askFix} disabled={chosen.length === 0}>
                  Corrigir selecionados
                </Button>
              </Group>
            </>
          )}
        </>
      )}
    </Stack>
  );
}

function Summary({ activeLicenses, shouldBeActive, fetchedAt }: { activeLicenses: number; shouldBeActive: number; fetchedAt: string }) {
  const diff = activeLicenses - shouldBeActive;
  return (
    <div role="group" aria-label="Resumo da conferência">
      <Text fw={600}>
        Licenças ativas na plataforma: {num(activeLicenses)} · Vínculos que deveriam estar ativos: {num(shouldBeActive)}
      </Text>
      <Text size="sm" c="dimmed">
        {diff > 0 && `A plataforma cobra ${count(diff, 'licença', 'licenças')} a mais do que o SVA Desk espera. `}
        {diff < 0 && `A plataforma tem ${count(-diff, 'licença ativa', 'licenças ativas')} a menos do que o SVA Desk espera. `}
        Conferido em {formatDateTime(fetchedAt)}.
      </Text>
    </div>
  );
}
