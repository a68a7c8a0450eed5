import { ActionIcon, Alert, Badge, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { Link, Route, Switch, useLocation, useParams } from 'wouter';
import type { ConnectionDescription } from '../../../shared/contract';
import type { Integration } from '../../../shared/domain';
import { call } from '../../bridge';
import { db } from '../../db/db';
import { useConfirm } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/format';
import { notifyFailure, notifySuccess } from '../../ui/notify';
import { IntegrationWizard } from './IntegrationWizard';
import { ProductsPanel } from './ProductsPanel';
import { deleteIntegration, recordConnectionTest, setIntegrationActive } from './repository';

const environmentLabels: Record<Integration['environment'], string> = { production: 'Produção', sandbox: 'Sandbox', custom: 'Personalizado' };

export function IntegrationsPage() {
  return (
    <Switch>
      <Route path="/nova">
        <IntegrationWizard />
      </Route>
      <Route path="/:id/editar">{(p) => <IntegrationWizard integrationId={p.id} />}</Route>
      <Route path="/:id/produtos">
        <ProductsRoute />
      </Route>
      <Route>
        <IntegrationList />
      </Route>
    </Switch>
  );
}

function ProductsRoute() {
  const { id } = useParams<{ id: string }>();
  return <ProductsPanel integrationId={id} />;
}

/** What main says of each saved connection (key hint, needs secret again), never the secret. */
function useConnections(key: string) {
  const [descriptions, setDescriptions] = useState<Record<string, ConnectionDescription>>({});
  useEffect(() => {
    let alive = true;
    const ids = key ? key.split(',') : [];
    void Promise.all(ids.map(async (id) => [id, await call('connection.describe', { integrationId: id })] as const)).then((all) => {
      if (!alive) return;
      setDescriptions(Object.fromEntries(all.filter(([, r]) => r.ok).map(([id, r]) => [id, (r as { data: ConnectionDescription }).data])));
    });
    return () => {
      alive = false;
    };
  }, [key]);
  return descriptions;
}

function IntegrationList() {
  const [, navigate] = useLocation();
  const integrations = useLiveQuery(() => db.integrations.orderBy('id').toArray().then((l) => l.sort((a, b) => a.description.localeCompare(b.description, 'pt-BR'))), []);
  const productCounts = useLiveQuery(async () => {
    const counts: Record<string, number> = {};
    // The catalogue is small (tens of products): one pass is fine.
    await db.products.each((p) => {
      if (p.status === 'active') counts[p.integrationId] = (counts[p.integrationId] ?? 0) + 1;
    });
    return counts;
  }, []);
  const connections = useConnections((integrations ?? []).map((i) => i.id).join(','));
  const [testing, setTesting] = useState<string | null>(null);
  const [dialog, ask] = useConfirm();

  async function test(integration: Integration) {
    setTesting(integration.id);
    const r = await call('connection.test', { integrationId: integration.id });
    await recordConnectionTest(integration.id, r);
    setTesting(null);
    if (r.ok) notifySuccess(`${r.data.ispName}: ${r.data.activeLicenses} licenças ativas.`, 'Conexão funcionando');
    else notifyFailure(r, 'A conexão falhou');
  }

  function confirmDelete(integration: Integration) {
    ask({
      title: 'Excluir integração',
      message: `Excluir "${integration.description}" e o catálogo de produtos sincronizado? As credenciais também serão apagadas deste computador.`,
      confirm: 'Excluir',
      danger: true,
      onConfirm: async () => {
        const r = await deleteIntegration(integration.id);
        if (!r.ok) return notifyFailure(r, 'Não foi possível excluir');
        await call('connection.delete', { integrationId: integration.id });
        notifySuccess(`Integração "${integration.description}" excluída.`);
      },
    });
  }

  if (!integrations) return null;
  return (
    <Stack gap="md">
      {dialog}
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={720}>
          Integrações com plataformas de conteúdo: o provedor oferece serviços extras (SVA) em pacotes, cobra, bloqueia por débito e cria os usuários
          na plataforma direto daqui.
        </Text>
        <Button component={Link} href="/nova" leftSection={<IconPlus size={16} />}>
          Adicionar
        </Button>
      </Group>
      {integrations.length === 0 ? (
        <Alert variant="light" color="teal" title="Nenhuma integração cadastrada" maw={720}>
          <Text size="sm">
            Clique em <b>Adicionar</b>, escolha a Campsoft e informe a ApiKey e a ApiSecret recebidas da Campsoft. Sem credenciais ainda? Escolha o
            ambiente <b>Sandbox</b> para experimentar tudo com um servidor de testes embutido.
          </Text>
        </Alert>
      ) : (
        <Table striped highlightOnHover withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Descrição</Table.Th>
              <Table.Th>Plataforma</Table.Th>
              <Table.Th>Ambiente</Table.Th>
              <Table.Th>Credenciais</Table.Th>
              <Table.Th>Assinaturas</Table.Th>
              <Table.Th>Último teste</Table.Th>
              <Table.Th>Produtos ativos</Table.Th>
              <Table.Th>Situação</Table.Th>
              <Table.Th w={70}>Ações</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {integrations.map((i) => {
              const c = connections[i.id];
              return (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {i.description}
                    </Text>
                    {i.ispName && (
                      <Text size="xs" c="dimmed">
                        {i.ispName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>Campsoft</Table.Td>
                  <Table.Td>{environmentLabels[i.environment]}</Table.Td>
                  <Table.Td>
                    {c === undefined ? (
                      <Text size="sm">…</Text>
                    ) : c.configured ? (
                      <Text size="sm" ff="monospace">
                        {c.keyHint}
                      </Text>
                    ) : (
                      <Badge color="orange" variant="light" c="dark.8">
                        {c.needsSecretAgain ? 'Digite novamente' : 'Sem credenciais'}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{i.suspendBySubscriptionStatus ? 'Habilita/Suspende' : 'Sempre ativas'}</Table.Td>
                  <Table.Td>{i.lastTestAt ? formatDateTime(i.lastTestAt) : <Text size="sm">Nunca testada</Text>}</Table.Td>
                  <Table.Td>{productCounts?.[i.id] ?? 0}</Table.Td>
                  <Table.Td>
                    <Badge color={i.active ? 'teal' : 'gray'} variant="light" c="dark.8">
                      {i.active ? 'Ativa' : 'Desativada'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Ações de ${i.description}`} loading={testing === i.id}>
                          <IconDots size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => navigate(`/${i.id}/editar`)}>Editar</Menu.Item>
                        <Menu.Item onClick={() => test(i)}>Testar</Menu.Item>
                        <Menu.Item onClick={() => navigate(`/${i.id}/produtos`)}>Produtos</Menu.Item>
                        <Menu.Item onClick={() => setIntegrationActive(i.id, !i.active)}>{i.active ? 'Desativar' : 'Reativar'}</Menu.Item>
                        <Menu.Divider />
                        <Menu.Item color="red" onClick={() => confirmDelete(i)}>
                          Excluir
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
