import { Alert, Badge, Button, Group, Loader, Progress, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight, IconDownload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { HistoryCursor, HistoryFilter } from '../../../shared/contract/workspace';
import { historyActorLabels, historyCategory, historyOutcomeLabels, type HistoryEvent, type HistoryOutcome } from '../../../shared/domain';
import { useHostQuery } from '../../data/client';
import { formatDateTime } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifySuccess } from '../../ui/notify';
import { useIntegrations } from '../integrations';
import { exportHistory } from './export';
import { categoryLabel, categoryOptions } from './kinds';

const outcomeColors: Record<HistoryEvent['outcome'], string> = { ok: 'teal', error: 'red', info: 'gray' };

export const HISTORY_PAGE = 100;
/** What history.list reads: a new event refreshes the page shown (integration names come from their own query). */
const HISTORY_TABLES = ['events'] as const;

const n = (v: number) => v.toLocaleString('pt-BR');

/** `dd/mm/aaaa` typed by the clerk as the start of that day here, in ISO (the host compares instants); undefined until complete and valid. */
function dayStart(day: string, plusDays = 0): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(day.trim());
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(y, mo - 1, d);
  if (at.getFullYear() !== y || at.getMonth() !== mo - 1 || at.getDate() !== d) return undefined;
  at.setDate(at.getDate() + plusDays);
  return at.toISOString();
}

const dateError = (day: string) => (day.trim() && !dayStart(day) ? 'Use dd/mm/aaaa' : undefined);

type Filters = { integrationId: string | null; kind: string | null; outcome: string | null; clerk: string | null; text: string; from: string; to: string };
const noFilters: Filters = { integrationId: null, kind: null, outcome: null, clerk: null, text: '', from: '', to: '' };

function toFilter(f: Filters, text: string): HistoryFilter {
  const from = dayStart(f.from);
  const to = dayStart(f.to, 1);
  return {
    ...(f.integrationId && { integrationId: f.integrationId }),
    ...(f.kind && { kind: f.kind }),
    ...(f.outcome && { outcome: f.outcome as HistoryOutcome }),
    ...(f.clerk && { clerk: f.clerk }),
    ...(text.trim() && { text: text.trim() }),
    ...(from && { from }),
    ...(to && { to }),
  };
}

/** Histórico de Eventos: what happened, who did it, newest first; filterable, exportable whole. */
export function HistoryPage() {
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [text] = useDebouncedValue(filters.text, 300);
  const filter = useMemo(() => toFilter(filters, text), [filters, text]);
  // Keyset pages: the cursor of each page shown so far (the first has none).
  const [cursors, setCursors] = useState<(HistoryCursor | undefined)[]>([undefined]);
  const [exporting, setExporting] = useState<{ written: number; total: number } | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const integrations = useIntegrations().data;
  const facets = useHostQuery('history.facets', {}, HISTORY_TABLES).data;
  const after = cursors.at(-1);
  const list = useHostQuery('history.list', { filter, limit: HISTORY_PAGE, ...(after && { after }) }, HISTORY_TABLES);
  const names = new Map((integrations ?? []).map((i) => [i.id, i.description]));
  const filtered = Object.keys(filter).length > 0;

  const change = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setCursors([undefined]);
  };

  const exportCsv = async () => {
    setExportError(null);
    setExporting({ written: 0, total: list.data?.total ?? 0 });
    try {
      const rows = await exportHistory(filter, setExporting);
      notifySuccess(`${n(rows)} ${rows === 1 ? 'evento exportado' : 'eventos exportados'} para o arquivo CSV.`, 'Histórico exportado');
    } catch (e) {
      setExportError(e instanceof Error && e.message ? e.message : 'Não foi possível exportar o histórico. Tente de novo.');
    } finally {
      setExporting(null);
    }
  };

  const page = list.data;
  const first = (cursors.length - 1) * HISTORY_PAGE;

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm">
        <Select
          label="Integração"
          placeholder="Todas"
          clearable
          data={(integrations ?? []).map((i) => ({ value: i.id, label: i.description }))}
          value={filters.integrationId}
          onChange={(v) => change({ integrationId: v })}
          w={200}
        />
        <Select label="Tipo de evento" placeholder="Todos" clearable searchable data={categoryOptions(facets?.kinds ?? [])} value={filters.kind} onChange={(v) => change({ kind: v })} w={230} />
        <Select
          label="Resultado"
          placeholder="Todos"
          clearable
          data={Object.entries(historyOutcomeLabels).map(([value, label]) => ({ value, label }))}
          value={filters.outcome}
          onChange={(v) => change({ outcome: v })}
          w={140}
        />
        <Select label="Atendente" placeholder="Todos" clearable searchable data={facets?.clerks ?? []} value={filters.clerk} onChange={(v) => change({ clerk: v })} w={180} />
      </Group>
      <Group align="flex-end" gap="sm">
        <TextInput label="De" placeholder="dd/mm/aaaa" value={filters.from} onChange={(e) => change({ from: e.currentTarget.value })} error={dateError(filters.from)} w={130} />
        <TextInput label="Até" placeholder="dd/mm/aaaa" value={filters.to} onChange={(e) => change({ to: e.currentTarget.value })} error={dateError(filters.to)} w={130} />
        <TextInput label="Buscar" placeholder="cliente, pacote, mensagem…" value={filters.text} onChange={(e) => change({ text: e.currentTarget.value })} w={260} />
        {filtered && (
          <Button variant="subtle" onClick={() => change(noFilters)}>
            Limpar filtros
          </Button>
        )}
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void exportCsv()} loading={exporting !== null} disabled={!page?.total}>
          Exportar CSV
        </Button>
      </Group>

      {exporting && (
        <Stack gap={4}>
          <Progress value={exporting.total ? (100 * exporting.written) / exporting.total : 0} aria-label="Progresso da exportação" />
          <Text size="xs" c="dimmed" role="status">
            Preparando o arquivo: {n(exporting.written)} de {n(exporting.total)} eventos.
          </Text>
        </Stack>
      )}
      {exportError && (
        <Alert color="red" title="Histórico não exportado" role="alert">
          {exportError}
        </Alert>
      )}

      {list.error ? (
        <LoadFailure what="o histórico" error={list.error} onRetry={() => void list.refetch()} />
      ) : !page ? (
        <Loader size="sm" aria-label="Carregando o histórico" />
      ) : page.total === 0 ? (
        <Text size="sm">
          {filtered ? 'Nenhum evento com estes filtros. Mude ou limpe os filtros para ver mais.' : 'Nenhum evento ainda: cadastros, testes de conexão, sincronizações e transmissões aparecem aqui.'}
        </Text>
      ) : (
        <>
          <Text size="sm" role="status">
            {n(page.total)} {page.total === 1 ? 'evento encontrado' : 'eventos encontrados'}
            {page.total > page.events.length && ` · mostrando ${n(first + 1)}–${n(first + page.events.length)}`}
          </Text>
          <Table striped withTableBorder verticalSpacing={6} aria-label="Histórico de Eventos">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>Quando</Table.Th>
                <Table.Th w={170}>Atendente</Table.Th>
                <Table.Th w={190}>Origem</Table.Th>
                <Table.Th>O quê</Table.Th>
                <Table.Th w={150}>Resultado</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.events.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>
                    {e.clerk ? (
                      <Text size="sm">{e.clerk}</Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{historyActorLabels[e.actor]}</Text>
                    {e.integrationId && (
                      <Text size="xs" c="dimmed">
                        {names.get(e.integrationId) ?? 'integração excluída'}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.message}</Text>
                    <Text size="xs" c="dimmed">
                      {categoryLabel(historyCategory(e.kind))}
                      {e.platformErrorId && ` · Código da plataforma: ${e.platformErrorId}`}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={outcomeColors[e.outcome]} variant="light" c="dark.8">
                      {historyOutcomeLabels[e.outcome]}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {(cursors.length > 1 || page.next) && (
            <Group justify="flex-end" gap="xs">
              <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                Mais recentes
              </Button>
              <Button variant="default" size="xs" rightSection={<IconChevronRight size={14} />} disabled={!page.next} onClick={() => page.next && setCursors((c) => [...c, page.next!])}>
                Mais antigos
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
