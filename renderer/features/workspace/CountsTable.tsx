import { Table, Text } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { workspaceTableLabels, workspaceTables, type TableReport, type WorkspaceTable } from '../../../shared/contract/workspace';

const n = (v: number) => v.toLocaleString('pt-BR');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What a file (or the old database) holds, table by table, as the office names them. */
export function CountsTable({ caption, counts, column }: { caption: string; counts: Partial<Record<WorkspaceTable, number>>; column: string }) {
  const shown = workspaceTables.filter((t) => (counts[t] ?? 0) > 0);
  return (
    <Table withTableBorder verticalSpacing={4} aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>O que</Table.Th>
          <Table.Th ta="right">{column}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shown.map((t) => (
          <Table.Tr key={t}>
            <Table.Td>{capital(workspaceTableLabels[t].many)}</Table.Td>
            <Table.Td ta="right">{n(counts[t] ?? 0)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * A restore's or a move's check, table by table: what the source held beside what the store now
 * holds, and whether they agree (the settings of old screens that this version does not keep are
 * counted apart, so they do not look lost).
 */
export function ReportTable({ caption, tables, source, target }: { caption: string; tables: readonly TableReport[]; source: string; target: string }) {
  const shown = tables.filter((r) => r.expected > 0 || r.stored > 0);
  return (
    <Table withTableBorder verticalSpacing={4} aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>O que</Table.Th>
          <Table.Th ta="right">{source}</Table.Th>
          <Table.Th ta="right">{target}</Table.Th>
          <Table.Th w={150}>Conferência</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shown.map((r) => {
          const agrees = r.stored + r.skipped === r.expected;
          return (
            <Table.Tr key={r.table}>
              <Table.Td>{capital(workspaceTableLabels[r.table].many)}</Table.Td>
              <Table.Td ta="right">{n(r.expected)}</Table.Td>
              <Table.Td ta="right">
                {n(r.stored)}
                {r.skipped > 0 && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    (+{n(r.skipped)} sem uso nesta versão)
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {agrees ? (
                  <Text size="sm" c="teal.9">
                    <IconCheck size={14} aria-hidden /> Confere
                  </Text>
                ) : (
                  <Text size="sm" c="red.8" fw={600}>
                    <IconX size={14} aria-hidden /> Não confere
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
