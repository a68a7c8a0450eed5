import { ActionIcon, Alert, Badge, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, Route, Switch, useLocation, useParams } from 'wouter';
import type { IntegrationRecord } from '../../../shared/contract';
import type { Integration } from '../../../shared/domain';
import { run } from '../../data/client';
import { useConfirm } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifyFailure, notifySuccess } from '../../ui/notify';
import { IntegrationWizard } from './IntegrationWizard';
import { ProductsPanel } from './ProductsPanel';
import { useIntegrations } from './queries';

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

function IntegrationList() {
  const [, navigate] = useLocation();
  const query = useIntegrations();
  const integrations = query.data;
  const [testing, setTesting] = useState<string | null>(null);
  const [dialog, ask] = useConfirm();

  async function test(integration: IntegrationRecord) {
    setTesting(integration.id);
    try {
      // The host keeps the answer on the integration and in the history, failure included.
      const r = await run('integrations.test', { id: integration.id });
      notifySuccess(`${r.ispName}: ${r.activeLicenses} licenças ativas.`, 'Conexão funcionando');
    } catch (e) {
      notifyFailure(e as Error, 'A conexão falhou');
    } finally {
      setTesting(null);
    }
  }

  async function setActive(integration: IntegrationRecord) {
    try {
      await run('integrations.setActive', { id: integration.id, version: integration.version, active: !integration.active });
      notifySuccess(integration.active ? `Integração "${integration.description}" desativada.` : `Integração "${integration.description}" reativada.`);
    } catch (e) {
      notifyFailure(e as Error, integration.active ? 'Integração não desativada' : 'Integração não reativada');
    }
  }

  function confirmDelete(integration: IntegrationRecord) {
    ask({
      title: 'Excluir integração',
      message: `Excluir "${integration.description}" e o catálogo de produtos sincronizado? As credenciais também serão apagadas deste computador.`,
      confirm: 'Excluir',
      danger: true,
      onConfirm: async () => {
        try {
          // Refused while packages use it, naming them; the credentials go with it.
          await run('integrations.delete', { id: integration.id, version: integration.version });
          notifySuccess(`Integração "${integration.description}" excluída.`);
        } catch (e) {
          notifyFailure(e as Error, 'Não foi possível excluir');
        }
      },
    });
  }

  if (query.isError && !integrations) return <LoadFailure what="as integrações" error={query.error} onRetry={() => void query.refetch()} />;
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
              const c = i.connection;
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
                    {c.configured ? (
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
                  <Table.Td>{i.activeProducts}</Table.Td>
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
                        <Menu.Item onClick={() => void test(i)}>Testar</Menu.Item>
                        <Menu.Item onClick={() => navigate(`/${i.id}/produtos`)}>Produtos</Menu.Item>
                        <Menu.Item onClick={() => void setActive(i)}>{i.active ? 'Desativar' : 'Reativar'}</Menu.Item>
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
