import { Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { toCsv } from '../../../shared/csv';
import { historyActorLabels, historyCsvHeader, historyCsvRow, historyOutcomeLabels, type HistoryEvent } from '../../../shared/domain';
import { db } from '../../db/db';
import { downloadText } from '../../ui/download';
import { formatDateTime } from '../../ui/format';

const outcomeColors: Record<HistoryEvent['outcome'], string> = { ok: 'teal', error: 'red', info: 'gray' };

const PAGE = 300;

/** Histórico de Eventos: what happened, newest first, filterable, exportable. */
export function HistoryPage() {
  const [integrationId, setIntegrationId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [text, setText] = useState('');
  const integrations = useLiveQuery(() => db.integrations.toArray(), []);
  const names = new Map((integrations ?? []).map((i) => [i.id, i.description]));

  const events = useLiveQuery(async () => {
    const base = integrationId ? db.events.where('[integrationId+at]').between([integrationId, ''], [integrationId, '\uffff']).reverse() : db.events.orderBy('at').reverse();
    const needle = text.trim().toLocaleLowerCase('pt-BR');
    return base
      .filter((e) => (!outcome || e.outcome === outcome) && (!needle || `${e.message} ${e.subject ?? ''} ${e.kind}`.toLocaleLowerCase('pt-BR').includes(needle)))
      .limit(PAGE)
      .toArray();
  }, [integrationId, outcome, text]);

  function exportCsv() {
    const rows = (events ?? []).map((e) => historyCsvRow(e, e.integrationId ? names.get(e.integrationId) : undefined, formatDateTime));
    downloadText(`historico-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(historyCsvHeader, rows), 'text/csv');
  }

  return (
    <Stack gap="md">
      <Group align="flex-end">
        <Select
          label="Integração"
          placeholder="Todas"
          clearable
          data={(integrations ?? []).map((i) => ({ value: i.id, label: i.description }))}
          value={integrationId}
          onChange={setIntegrationId}
          w={240}
        />
        <Select
          label="Resultado"
          placeholder="Todos"
          clearable
          data={Object.entries(historyOutcomeLabels).map(([value, label]) => ({ value, label }))}
          value={outcome}
          onChange={setOutcome}
          w={160}
        />
        <TextInput label="Buscar" placeholder="cliente, pacote, mensagem…" value={text} onChange={(e) => setText(e.currentTarget.value)} w={280} />
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={exportCsv} disabled={!events?.length}>
          Exportar CSV
        </Button>
      </Group>
      {events && events.length === 0 ? (
        <Text size="sm">
          Nenhum evento {integrationId || outcome || text ? 'com estes filtros' : 'ainda: testes de conexão, sincronizações e transmissões aparecem aqui'}.
        </Text>
      ) : (
        <Table striped withTableBorder verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={160}>Quando</Table.Th>
              <Table.Th w={200}>Quem</Table.Th>
              <Table.Th>O quê</Table.Th>
              <Table.Th w={140}>Resultado</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(events ?? []).map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{formatDateTime(e.at)}</Table.Td>
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
                  {e.platformErrorId && (
                    <Text size="xs" c="dimmed">
                      Código da plataforma: {e.platformErrorId}
                    </Text>
                  )}
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
      )}
      {events && events.length === PAGE && (
        <Text size="xs" c="dimmed">
          Mostrando os {PAGE} eventos mais recentes. Use os filtros para encontrar eventos mais antigos.
        </Text>
      )}
    </Stack>
  );
}
