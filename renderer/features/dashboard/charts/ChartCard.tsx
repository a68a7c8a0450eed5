/**
 * One picture of the Painel: a title, what it counts, the chart (an image with its summary for a
 * screen reader) and the same numbers as a table behind "Ver tabela", or an empty state that says
 * why there is nothing to draw yet.
 */
import { Box, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useId, useState, type ReactElement, type ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

/** Series colours from the Mantine theme (shades that keep 3:1 against white, as non-text contrast asks). */
export const SERIES_COLORS = ['teal.7', 'blue.7', 'grape.7', 'orange.9', 'indigo.6', 'lime.9', 'pink.7', 'cyan.9'];
/** A theme colour (`teal.7`) as the CSS variable recharts can paint with. */
export const themeColor = (c: string) => `var(--mantine-color-${c.replace('.', '-')})`;
export const seriesColor = (i: number) => themeColor(SERIES_COLORS[i % SERIES_COLORS.length]!);

/** Axis and grid in the theme's greys and type. */
export const axisProps = {
  tick: { fill: 'var(--mantine-color-gray-8)', fontSize: 12 },
  stroke: 'var(--mantine-color-gray-5)',
  tickLine: false,
} as const;
export const gridProps = { stroke: 'var(--mantine-color-gray-3)', strokeDasharray: '3 3' } as const;
export const tooltipProps = {
  contentStyle: { borderRadius: 'var(--mantine-radius-sm)', border: '1px solid var(--mantine-color-gray-3)', fontSize: 13 },
  cursor: { fill: 'var(--mantine-color-gray-1)' },
} as const;
export const legendProps = { wrapperStyle: { fontSize: 13, color: 'var(--mantine-color-gray-8)' } } as const;

/** The chart at the card's width and the box's height. */
export function ChartFrame({ children }: { children: ReactElement }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      {children}
    </ResponsiveContainer>
  );
}

export type ChartTable = {
  caption: string;
  head: string[];
  rows: (string | number)[][];
};

const cell = (v: string | number) => (typeof v === 'number' ? v.toLocaleString('pt-BR') : v);

export function ChartCard(props: {
  title: string;
  description: string;
  /** what the picture shows, said in words (the chart's accessible name) */
  summary: string;
  table: ChartTable;
  /** shown instead of the chart and its table when there is nothing to draw */
  empty?: ReactNode;
  action?: ReactNode;
  height?: number;
  children: ReactNode;
}) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const titleId = useId();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} size="h5" id={titleId}>
              {props.title}
            </Title>
            <Text size="sm" c="dimmed">
              {props.description}
            </Text>
          </div>
          {!props.empty && (
            <Button variant="subtle" size="compact-sm" style={{ flexShrink: 0 }} aria-expanded={showTable} aria-controls={showTable ? tableId : undefined} onClick={() => setShowTable((s) => !s)}>
              {showTable ? 'Ocultar tabela' : 'Ver tabela'}
            </Button>
          )}
        </Group>
        {props.empty ? (
          <Text size="sm" py="md">
            {props.empty}
          </Text>
        ) : (
          <>
            <Box role="img" aria-label={props.summary} h={props.height ?? 220}>
              {props.children}
            </Box>
            {showTable && (
              <Table.ScrollContainer minWidth={320} id={tableId}>
                <Table striped withTableBorder fz="sm">
                  <Table.Caption>{props.table.caption}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      {props.table.head.map((h, i) => (
                        <Table.Th key={i} scope="col" ta={i === 0 ? 'left' : 'right'}>
                          {h}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {props.table.rows.map((row, r) => (
                      <Table.Tr key={r}>
                        {row.map((v, i) =>
                          i === 0 ? (
                            <Table.Th key={i} scope="row" fw={400}>
                              {cell(v)}
                            </Table.Th>
                          ) : (
                            <Table.Td key={i} ta="right">
                              {cell(v)}
                            </Table.Td>
                          ),
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
        {props.action}
      </Stack>
    </Card>
  );
}
