import { Badge, Box, Group, Pagination, Paper, SegmentedControl, SimpleGrid, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { BulkOutcome, BulkSummary } from '../../../shared/contract';
import { useHostQuery } from '../../data/client';
import { LoadFailure } from '../../ui/LoadFailure';
import { outcomeColors, outcomeLabels } from './outcomes';

const PAGE = 50;
const n = (v: number) => v.toLocaleString('pt-BR');

/** The counts and the rows of a preview (what will happen) or of a result (what happened), row by row. */
export function BulkReport({ summary }: { summary: BulkSummary }) {
  const applied = summary.state !== 'preview';
  const outcomes: BulkOutcome[] = applied ? ['done', 'already', 'refused', 'unknown'] : ['pending', 'already', 'refused', 'unknown'];
  const shown = outcomes.filter((o) => o === outcomes[0] || summary.counts[o] > 0);
  const [filter, setFilter] = useState<BulkOutcome | 'all'>('all');
  const [page, setPage] = useState(1);
  // outcomes change when the action is applied: its writes (links, events) refresh the page read
  const rows = useHostQuery(
    'bulk.rows',
    { bulkId: summary.bulkId, offset: (page - 1) * PAGE, limit: PAGE, ...(filter !== 'all' && { outcome: filter }) },
    ['links', 'events'],
  );
  const total = rows.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const showPackages = summary.packages.length > 1;

  return (
    <>
      <SimpleGrid cols={shown.length} spacing="xs">
        {shown.map((o) => (
          <Paper key={o} withBorder p="xs" aria-label={`${outcomeLabels[o]}: ${summary.counts[o]}`}>
            <Text size="xs" c="dimmed">
              {outcomeLabels[o]}
            </Text>
            <Text fw={700} size="lg">
              {n(summary.counts[o])}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>

      {showPackages ? (
        <Table withTableBorder verticalSpacing={4} aria-label="Pacotes da ação">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Pacote</Table.Th>
              <Table.Th>No plano</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{applied ? 'Vinculados' : 'A vincular'}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Já tinham</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Recusados</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.packages.map((p) => (
              <Table.Tr key={p.packageId}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.mandatory ? 'Obrigatório' : p.included ? 'Opcional, incluído' : 'Opcional, não incluído'}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{n(applied ? p.counts.done : p.counts.pending)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{n(p.counts.already)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{n(p.counts.refused)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}

      <Group justify="space-between">
        <SegmentedControl
          size="xs"
          aria-label="Mostrar as linhas"
          value={filter}
          onChange={(v) => {
            setFilter(v as BulkOutcome | 'all');
            setPage(1);
          }}
          data={[{ value: 'all', label: `Todas (${n(summary.rows)})` }, ...shown.map((o) => ({ value: o, label: `${outcomeLabels[o]} (${n(summary.counts[o])})` }))]}
        />
        {total > 0 ? (
          <Text size="xs">
            {n((page - 1) * PAGE + 1)}–{n(Math.min(total, page * PAGE))} de {n(total)}
          </Text>
        ) : null}
      </Group>
      {rows.isError ? (
        <LoadFailure what="as linhas" error={rows.error} onRetry={() => void rows.refetch()} />
      ) : (
        // focusable, so the rows can be scrolled from the keyboard
        <Box tabIndex={0} role="region" aria-label="Linhas" mah="calc(100vh - 540px)" mih={120} style={{ overflow: 'auto' }}>
          <Table striped verticalSpacing={4} aria-label={applied ? 'Resultado por serviço' : 'Prévia por serviço'} stickyHeader>
            <Table.Thead>
              <Table.Tr>
                {summary.rows > 0 && rows.data?.rows.some((r) => r.line !== null) ? <Table.Th>Linha</Table.Th> : null}
                <Table.Th>Serviço</Table.Th>
                <Table.Th>Cliente</Table.Th>
                <Table.Th>Pacote</Table.Th>
                <Table.Th>Situação</Table.Th>
                <Table.Th>Detalhe</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(rows.data?.rows ?? []).map((r, i) => (
                <Table.Tr key={`${r.serviceId}-${r.packageName}-${r.line}-${i}`}>
                  {r.line !== null ? <Table.Td>{r.line}</Table.Td> : null}
                  <Table.Td>{r.serviceId}</Table.Td>
                  <Table.Td>{r.customerName ?? '—'}</Table.Td>
                  <Table.Td>{r.packageName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="filled" color={outcomeColors[r.outcome]} radius="sm" tt="none">
                      {outcomeLabels[r.outcome]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{r.message}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {rows.data && rows.data.rows.length === 0 ? (
            <Text size="sm" p="xs">
              Nenhuma linha nesta situação.
            </Text>
          ) : null}
        </Box>
      )}
      {pages > 1 ? <Pagination size="sm" total={pages} value={page} onChange={setPage} getControlProps={(c) => ({ 'aria-label': c === 'next' ? 'Próxima página' : c === 'previous' ? 'Página anterior' : c })} withControls /> : null}
    </>
  );
}
