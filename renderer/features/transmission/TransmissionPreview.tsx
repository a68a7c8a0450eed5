import { Alert, Button, Group, List, Modal, Pagination, ScrollArea, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { PreviewInfo } from '../../../shared/contract';
import { planAction, type PassAction } from '../../../shared/domain/pass-summary';
import { run, useHostQuery } from '../../data/client';
import { count } from '../../ui/format';
import { useSyncState } from './queries';

const actionLabels: Record<PassAction, string> = {
  creations: 'Criar assinante e licença',
  updates: 'Atualizar dados do assinante',
  suspensions: 'Suspender',
  reenables: 'Reabilitar',
  cancellations: 'Cancelar licença',
};
const order: PassAction[] = ['creations', 'updates', 'suspensions', 'reenables', 'cancellations'];
const PAGE = 100;

/**
 * A pass over the threshold, or with cancellations, waits in the host's engine (sync.state.preview):
 * how many of each, and for whom, page by page. Confirmar sends exactly what it showed; Adiar keeps
 * the changes pending.
 */
export function TransmissionPreview() {
  const preview = useSyncState().data?.preview ?? null;
  // the preview the clerk answered closes at once, before the host's next state arrives
  const [answered, setAnswered] = useState<string | null>(null);
  if (!preview || preview.id === answered) return null;
  return <PreviewDialog key={preview.id} preview={preview} onAnswered={() => setAnswered(preview.id)} />;
}

function PreviewDialog({ preview, onAnswered }: { preview: PreviewInfo; onAnswered: () => void }) {
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const rows = useHostQuery('sync.previewRows', { previewId: preview.id, offset: (page - 1) * PAGE, limit: PAGE }, []);
  const { summary } = preview;
  const total = rows.data?.total ?? summary.links;
  const pages = Math.max(1, Math.ceil(total / PAGE));

  async function answer(request: () => Promise<unknown>) {
    setBusy(true);
    setRefused(null);
    try {
      await request();
      onAnswered();
    } catch (e) {
      setRefused(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  const dismiss = () => void answer(() => run('sync.dismiss', { previewId: preview.id }));

  return (
    <Modal opened onClose={dismiss} title="Confirmar transmissão" size="lg" centered>
      <Text size="sm" mb="sm">
        Esta transmissão vai alterar {count(summary.links, 'vínculo', 'vínculos')} na plataforma. Confira antes de enviar:
      </Text>
      <List size="sm" mb="sm">
        {order
          .filter((k) => summary[k] > 0)
          .map((k) => (
            <List.Item key={k}>
              <b>{summary[k].toLocaleString('pt-BR')}</b> · {actionLabels[k]}
            </List.Item>
          ))}
      </List>
      {summary.cancellations > 0 && (
        <Alert color="orange" mb="sm">
          Cancelamentos removem a licença do cliente na plataforma e deixam de ser cobrados pela Campsoft.
        </Alert>
      )}
      {/* focusable, so the list scrolls from the keyboard too */}
      <ScrollArea h={260} type="auto" viewportProps={{ tabIndex: 0, 'aria-label': 'Lista dos vínculos da transmissão' }}>
        <Table striped withTableBorder verticalSpacing={4} aria-label="Vínculos da transmissão">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Cliente</Table.Th>
              <Table.Th>Pacote</Table.Th>
              <Table.Th>O que será feito</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rows.data?.rows ?? []).map((r) => (
              <Table.Tr key={r.linkId}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>{r.packageName}</Table.Td>
                <Table.Td>{actionLabels[planAction(r.steps)]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {rows.error && (
        <Text size="sm" c="red.9" mt={4}>
          Não foi possível ler a lista: {rows.error.message}
        </Text>
      )}
      {pages > 1 && (
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed">
            {`${((page - 1) * PAGE + 1).toLocaleString('pt-BR')}–${Math.min(page * PAGE, total).toLocaleString('pt-BR')} de ${count(total, 'vínculo', 'vínculos')}`}
          </Text>
          <Pagination
            size="sm"
            total={pages}
            value={page}
            onChange={setPage}
            getControlProps={(c) => ({ 'aria-label': c === 'previous' ? 'Página anterior' : c === 'next' ? 'Próxima página' : c })}
          />
        </Group>
      )}
      {refused && (
        <Alert color="red" mt="sm" title="O pedido não foi aceito">
          {refused}
        </Alert>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" disabled={busy} onClick={dismiss}>
          Adiar
        </Button>
        <Button loading={busy} onClick={() => void answer(() => run('sync.confirm', { previewId: preview.id }))}>
          Confirmar e transmitir
        </Button>
      </Group>
    </Modal>
  );
}
