import { Alert, Button, Card, Group, Pagination, Table, Tabs, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { IMPORT_PAGE, type ImportPreview, type RowList } from '../../../shared/contract';
import { serviceStatusLabels } from '../../../shared/domain';
import { run } from '../../data/client';
import { notifySuccess } from '../../ui/notify';
import { count } from '../../ui/format';
import { saveHostFile } from './host-import';

const n = (v: number) => v.toLocaleString('pt-BR');

type Pages = ImportPreview['pages'];
type Item<L extends RowList> = Pages[L]['items'][number];
type Page<L extends RowList> = { total: number; items: Item<L>[] };

/** One page of a list of the preview's report: the first comes with the preview, the others from the host. */
function usePage<L extends RowList>(preview: ImportPreview, list: L, page: number) {
  const first = preview.pages[list] as Page<L>;
  const [fetched, setFetched] = useState<{ page: number; value: Page<L> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (page === 1) return;
    let live = true;
    setError(null);
    run('import.rows', { sessionId: preview.sessionId, list, offset: (page - 1) * IMPORT_PAGE, limit: IMPORT_PAGE }).then(
      (value) => live && setFetched({ page, value: value as Page<L> }),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [preview.sessionId, list, page]);
  return { rows: page === 1 ? first : fetched?.page === page ? fetched.value : null, total: first.total, error };
}

function Paged<L extends RowList>({ preview, list, head, render }: { preview: ImportPreview; list: L; head: ReactNode; render: (item: Item<L>) => ReactNode }) {
  const [page, setPage] = useState(1);
  const { rows, total, error } = usePage(preview, list, page);
  const pages = Math.max(1, Math.ceil(total / IMPORT_PAGE));
  return (
    <>
      {error && (
        <Alert color="red" mb="sm" role="alert">
          {error}
        </Alert>
      )}
      <Table striped withTableBorder>
        <Table.Thead>{head}</Table.Thead>
        <Table.Tbody>
          {rows ? (
            rows.items.map(render)
          ) : (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text size="sm">Carregando a página…</Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {pages > 1 && <Pagination mt="sm" total={pages} value={page} onChange={setPage} getControlProps={(c) => ({ 'aria-label': c === 'previous' ? 'Página anterior' : c === 'next' ? 'Próxima página' : c })} />}
    </>
  );
}

function SaveRejected({ sessionId }: { sessionId: string }) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const prepared = await run('import.rejectedReport', { sessionId });
      await saveHostFile(prepared);
      notifySuccess(`Relatório salvo: ${count(prepared.rows, 'linha rejeitada', 'linhas rejeitadas')}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Button variant="light" size="xs" loading={saving} onClick={() => void save()}>
        Salvar relatório de erros (CSV)
      </Button>
      {error && (
        <Text size="sm" c="red.8" role="alert">
          {error}
        </Text>
      )}
    </>
  );
}

/** The preview's per-row report: rejected, with warnings, repeated and valid lines, paged by the host. */
export function RowReports({ preview }: { preview: ImportPreview }) {
  const { rows } = preview;
  const first = rows.rejected > 0 ? 'rejected' : rows.withWarnings > 0 ? 'warnings' : 'valid';
  return (
    <Card withBorder padding="lg">
      <Tabs defaultValue={first}>
        <Tabs.List>
          <Tabs.Tab value="rejected">Rejeitadas ({n(rows.rejected)})</Tabs.Tab>
          <Tabs.Tab value="warnings">Com aviso ({n(rows.withWarnings)})</Tabs.Tab>
          <Tabs.Tab value="duplicates">Duplicadas ({n(rows.duplicates)})</Tabs.Tab>
          <Tabs.Tab value="valid">Válidas ({n(rows.valid)})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rejected" pt="sm">
          {rows.rejected === 0 ? (
            <Text size="sm">Nenhuma linha rejeitada.</Text>
          ) : (
            <>
              <Group justify="space-between" mb="xs">
                <Text size="sm">Estas linhas não serão importadas. Corrija no ERP e importe o arquivo de novo.</Text>
                <SaveRejected sessionId={preview.sessionId} />
              </Group>
              <Paged
                preview={preview}
                list="rejected"
                head={
                  <Table.Tr>
                    <Table.Th>Linha</Table.Th>
                    <Table.Th>Motivo</Table.Th>
                  </Table.Tr>
                }
                render={(r) => (
                  <Table.Tr key={r.line}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{r.reasons.join(' ')}</Table.Td>
                  </Table.Tr>
                )}
              />
            </>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="warnings" pt="sm">
          {rows.withWarnings === 0 ? (
            <Text size="sm">Nenhum aviso.</Text>
          ) : (
            <>
              <Text size="sm" mb="xs">
                Estas linhas serão importadas, mas precisam de atenção no cadastro.
              </Text>
              <Paged
                preview={preview}
                list="warnings"
                head={
                  <Table.Tr>
                    <Table.Th>Linha</Table.Th>
                    <Table.Th>Cliente</Table.Th>
                    <Table.Th>Aviso</Table.Th>
                  </Table.Tr>
                }
                render={(r) => (
                  <Table.Tr key={r.line}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>{r.warnings.join(' ')}</Table.Td>
                  </Table.Tr>
                )}
              />
            </>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="duplicates" pt="sm">
          {rows.duplicates === 0 ? (
            <Text size="sm">Nenhuma linha repetida.</Text>
          ) : (
            <Paged
              preview={preview}
              list="duplicates"
              head={
                <Table.Tr>
                  <Table.Th>Linha</Table.Th>
                  <Table.Th>Igual à linha</Table.Th>
                </Table.Tr>
              }
              render={(d) => (
                <Table.Tr key={d.line}>
                  <Table.Td>{d.line}</Table.Td>
                  <Table.Td>{d.sameAs} (importada uma vez só)</Table.Td>
                </Table.Tr>
              )}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="valid" pt="sm">
          {rows.valid === 0 ? (
            <Text size="sm">Nenhuma linha válida.</Text>
          ) : (
            <Paged
              preview={preview}
              list="valid"
              head={
                <Table.Tr>
                  <Table.Th>Linha</Table.Th>
                  <Table.Th>id_cliente_servico</Table.Th>
                  <Table.Th>Cliente</Table.Th>
                  <Table.Th>Plano</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              }
              render={(r) => (
                <Table.Tr key={r.line}>
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td>{r.serviceId}</Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.planName}</Table.Td>
                  <Table.Td>{serviceStatusLabels[r.status]}</Table.Td>
                </Table.Tr>
              )}
            />
          )}
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
