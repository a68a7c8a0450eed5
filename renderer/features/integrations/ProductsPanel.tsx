import { Alert, Anchor, Badge, Button, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearch } from 'wouter';
import type { ProductSyncResult } from '../../../shared/contract';
import { compareProductCodes } from '../../../shared/domain';
import { run, useHostQuery } from '../../data/client';
import { subscribe } from '../../bridge';
import { formatDateTime } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';
import { ProductCostCell } from '../charging/ProductCostDialog';
import { useIntegration, useProducts } from './queries';

type SyncState = { state: 'idle' } | { state: 'running'; fetched: number; total: number } | { state: 'done'; summary: ProductSyncResult } | { state: 'error'; message: string };

/** Ações › Produtos: the synced catalogue and Sincronizar (S4). */
export function ProductsPanel({ integrationId }: { integrationId: string }) {
  const integrationQuery = useIntegration(integrationId);
  const productsQuery = useProducts(integrationId);
  const costs = useHostQuery('productCosts.list', { integrationId }, ['products', 'charging']).data;
  const costOf = new Map((costs ?? []).map((c) => [c.productCode, c]));
  const integration = integrationQuery.data;
  // Active first (what packages can be made on), then by code as people count: 1, 2, 10, 100.
  const products = useMemo(
    () => productsQuery.data && [...productsQuery.data].sort((a, b) => (a.status === b.status ? compareProductCodes(a.code, b.code) : a.status === 'active' ? -1 : 1)),
    [productsQuery.data],
  );
  const [sync, setSync] = useState<SyncState>({ state: 'idle' });
  const justCreated = new URLSearchParams(useSearch()).has('nova');

  // The host pushes how far the fetch went; there is no read command for it (ARCHITECTURE: events).
  useEffect(
    () =>
      subscribe('products.progress', (p) => {
        if (p.integrationId === integrationId) setSync((s) => (s.state === 'running' ? { state: 'running', fetched: p.fetched, total: p.total } : s));
      }),
    [integrationId],
  );

  async function runSync() {
    setSync({ state: 'running', fetched: 0, total: 0 });
    try {
      // S4 in one command: the host fetches every active product, applies them and records it (a failure too).
      setSync({ state: 'done', summary: await run('products.sync', { integrationId }) });
    } catch (e) {
      setSync({ state: 'error', message: (e as Error).message });
    }
  }

  const failed = integrationQuery.isError ? integrationQuery : productsQuery.isError ? productsQuery : null;
  if (failed?.error && (integration === undefined || products === undefined)) {
    return <LoadFailure what="os produtos" error={failed.error} onRetry={() => void failed.refetch()} />;
  }
  if (integration === undefined || products === undefined) return <Text size="sm">Carregando produtos…</Text>;
  if (integration === null) return <Alert color="red">Integração não encontrada: pode ter sido excluída. Volte à lista de integrações.</Alert>;

  const running = sync.state === 'running';
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Text component="h2" fw={600} size="lg" m={0}>
            Produtos de "{integration.description}"
          </Text>
          <Text size="sm" c="dimmed">
            {integration.lastSyncAt ? `Última sincronização em ${formatDateTime(integration.lastSyncAt)}.` : 'Ainda não sincronizado.'}{' '}
            <Anchor component={Link} href="/" size="sm">
              Voltar às integrações
            </Anchor>
          </Text>
        </div>
        <Button leftSection={<IconRefresh size={16} />} onClick={runSync} loading={running} disabled={!integration.active}>
          Sincronizar
        </Button>
      </Group>

      {justCreated && products.length === 0 && sync.state === 'idle' && (
        <Alert color="teal" variant="light" title="Integração salva">
          Agora clique em <b>Sincronizar</b> para trazer os produtos ativos na plataforma. Depois, crie os pacotes em Configuração › Geral › Pacotes.
        </Alert>
      )}
      {!integration.active && <Alert color="gray">Integração desativada: reative-a para sincronizar.</Alert>}
      {running && (
        <div>
          <Text size="sm" mb={4}>
            Buscando produtos ativos na plataforma… {sync.total > 0 ? `${sync.fetched} de ${sync.total}` : ''}
          </Text>
          <Progress value={sync.total > 0 ? (100 * sync.fetched) / sync.total : 5} animated aria-label="Progresso da sincronização" />
        </div>
      )}
      {sync.state === 'done' && (
        <Alert color="teal" title="Sincronização concluída">
          {sync.summary.added} novos · {sync.summary.updated} atualizados · {sync.summary.deactivated} não estão mais ativos · {sync.summary.unchanged} sem
          alteração.
        </Alert>
      )}
      {sync.state === 'error' && (
        <Alert color="red" title="A sincronização falhou">
          {sync.message}
        </Alert>
      )}

      {products.length === 0 ? (
        sync.state !== 'running' && <Text size="sm">Nenhum produto sincronizado ainda.</Text>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Código</Table.Th>
              <Table.Th>Nome</Table.Th>
              <Table.Th>Descrição</Table.Th>
              <Table.Th>Situação</Table.Th>
              <Table.Th w={200}>Custo por licença/mês</Table.Th>
              <Table.Th>Sincronizado em</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {products.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td ff="monospace">{p.code}</Table.Td>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {p.description}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={p.status === 'active' ? 'teal' : 'orange'} variant="light" c="dark.8">
                    {p.status === 'active' ? 'Ativo' : 'Inativo na plataforma'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <ProductCostCell integrationId={integrationId} productCode={p.code} productName={p.name} cost={costOf.get(p.code)} />
                </Table.Td>
                <Table.Td>{formatDateTime(p.syncedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
