import { ActionIcon, Alert, Anchor, Badge, Button, Checkbox, Group, Menu, Modal, Paper, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useShallow } from 'zustand/react/shallow';
import { IconAlertTriangle, IconCopy, IconDots, IconPencil, IconPlayerPause, IconPlayerPlay, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { PackageRecord } from '../../../shared/contract';
import { formatBRL, PackageKind } from '../../../shared/domain';
import { run, useHostQuery } from '../../data/client';
import { count, formatDate } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifyFailure, notifySuccess } from '../../ui/notify';
import { INTEGRATIONS_PATH, useIntegrations } from '../integrations';
import { PACKAGE_TABLES, packageKindLabel, packageName } from './queries';
import { wrappingBadge } from '../../ui/wrapping-badge';
import { filtersActive, usePackageList } from './store';


function normalize(text: string) {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** S5/S6 in one paragraph, for whoever opens the screen for the first time. */
function WhatIsAPackage() {
  return (
    <Text size="sm">
      Um pacote é o que o provedor vende ao cliente sobre um produto da plataforma de conteúdo: avulso, como benefício ou em
      combo com a internet. Cada pacote tem valor, composição fiscal validada pela contabilidade e o produto que entrega; depois
      é vinculado aos serviços dos clientes ou colocado como padrão num Serviço/Plano.
    </Text>
  );
}

/** Said when packages cannot be made yet: no integration, or none of its products synced. */
export function NeedsIntegration({ hasIntegration }: { hasIntegration: boolean }) {
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title={hasIntegration ? 'Nenhum produto sincronizado' : 'Nenhuma integração cadastrada'}>
      <Text size="sm">
        {hasIntegration
          ? 'Os pacotes são criados sobre os produtos da integração. Sincronize os produtos em '
          : 'Os pacotes são criados sobre os produtos de uma integração. Primeiro adicione a integração e sincronize os produtos em '}
        <Anchor component={Link} href={INTEGRATIONS_PATH}>
          Configurações › Integrações › Plataformas de Conteúdo
        </Anchor>
        {hasIntegration ? ' (Ações › Produtos › Sincronizar).' : ' (Adicionar, depois Ações › Produtos › Sincronizar).'}
      </Text>
    </Alert>
  );
}

function CompositionStatus({ pkg }: { pkg: PackageRecord }) {
  // S6: the office must see who approved the fiscal split, and which packages still wait.
  if (pkg.compositionApproval) {
    return (
      <Text size="sm">
        Validada por {pkg.compositionApproval.by} em {formatDate(pkg.compositionApproval.at)}
      </Text>
    );
  }
  return (
    // A dark amber: Mantine's yellow/orange outlines stay under 4.5:1 on striped rows.
    <Badge color="#8f4400" variant="outline" tt="none" styles={wrappingBadge}>
      Aguardando validação da contabilidade
    </Badge>
  );
}

function ProductCell({ pkg }: { pkg: PackageRecord }) {
  return (
    <Stack gap={2}>
      <Text size="sm">{pkg.productName ?? 'Produto não sincronizado'}</Text>
      <Text size="xs" c="dimmed">
        cód. {pkg.productCode}
      </Text>
      {pkg.productInactive && (
        <Badge color="red.9" variant="outline" tt="none" leftSection={<IconAlertTriangle size={12} />} styles={wrappingBadge}>
          {pkg.productName !== null ? 'Produto inativo na plataforma' : 'Produto não encontrado na plataforma'}
        </Badge>
      )}
    </Stack>
  );
}

type DeleteAsk = { pkg: PackageRecord; refusal: string | null };

export function PackageList() {
  const [, navigate] = useLocation();
  const query = useHostQuery('packages.list', {}, PACKAGE_TABLES);
  const integrations = useIntegrations();
  const filters = usePackageList(
    useShallow((s) => ({ search: s.search, kind: s.kind, integrationId: s.integrationId, awaitingApproval: s.awaitingApproval, inactiveProduct: s.inactiveProduct })),
  );
  const setFilter = usePackageList((s) => s.setFilter);
  const clearFilters = usePackageList((s) => s.clearFilters);
  const [ask, setAsk] = useState<DeleteAsk | null>(null);

  const packages = query.data;
  if (query.isError && !packages) return <LoadFailure what="os pacotes" error={query.error} onRetry={() => void query.refetch()} />;
  if (integrations.isError && !integrations.data) return <LoadFailure what="as integrações" error={integrations.error} onRetry={() => void integrations.refetch()} />;
  if (!packages || !integrations.data) return <Text size="sm">Carregando pacotes…</Text>;

  const integrationName = new Map(integrations.data.map((i) => [i.id, i.description]));
  // Packages are made on the products of an active integration (S5): at least one must be synced.
  const canCreate = integrations.data.some((i) => i.active && i.activeProducts > 0);
  const hasIntegration = integrations.data.length > 0;
  const needle = normalize(filters.search.trim());
  const shown = packages.filter((p) => {
    if (needle && !normalize(p.name).includes(needle) && !p.label.includes(needle)) return false;
    if (filters.kind && p.kind !== filters.kind) return false;
    if (filters.integrationId && p.integrationId !== filters.integrationId) return false;
    if (filters.awaitingApproval && p.compositionApproval) return false;
    if (filters.inactiveProduct && !p.productInactive) return false;
    return true;
  });

  async function askDelete(pkg: PackageRecord) {
    try {
      const usage = await run('packages.usage', { id: pkg.id });
      setAsk({ pkg, refusal: usage.refusal });
    } catch (e) {
      notifyFailure(e as Error, 'Não foi possível excluir');
    }
  }

  async function confirmDelete(pkg: PackageRecord) {
    try {
      await run('packages.delete', { id: pkg.id, version: pkg.version });
      setAsk(null);
      notifySuccess(`Pacote ${packageName(pkg)} excluído.`);
    } catch (e) {
      setAsk(null);
      notifyFailure(e as Error, 'Pacote não excluído');
    }
  }

  async function toggleActive(pkg: PackageRecord) {
    try {
      await run('packages.setActive', { id: pkg.id, version: pkg.version, active: !pkg.active });
      notifySuccess(pkg.active ? `Pacote ${packageName(pkg)} desativado.` : `Pacote ${packageName(pkg)} reativado.`);
    } catch (e) {
      notifyFailure(e as Error, pkg.active ? 'Pacote não desativado' : 'Pacote não reativado');
    }
  }

  if (packages.length === 0) {
    return (
      <Stack maw={760}>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Nenhum pacote cadastrado
          </Title>
          <WhatIsAPackage />
        </Paper>
        {canCreate ? (
          <Group>
            <Button component={Link} href="/novo" leftSection={<IconPlus size={16} />}>
              Adicionar pacote
            </Button>
          </Group>
        ) : (
          <NeedsIntegration hasIntegration={hasIntegration} />
        )}
      </Stack>
    );
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Buscar"
            placeholder="Nome ou label"
            leftSection={<IconSearch size={16} />}
            value={filters.search}
            onChange={(e) => setFilter({ search: e.currentTarget.value })}
            w={220}
          />
          <Select
            label="Tipo"
            placeholder="Todos"
            clearable
            data={PackageKind.options.map((k) => ({ value: k, label: packageKindLabel(k) }))}
            value={filters.kind}
            onChange={(v) => setFilter({ kind: (v as PackageKind | null) ?? null })}
            w={140}
          />
          <Select
            label="Integração"
            placeholder="Todas"
            clearable
            data={integrations.data.map((i) => ({ value: i.id, label: i.description }))}
            value={filters.integrationId}
            onChange={(v) => setFilter({ integrationId: v })}
            w={180}
          />
          <Stack gap={4} pb={2}>
            <Checkbox label="Aguardando validação" checked={filters.awaitingApproval} onChange={(e) => setFilter({ awaitingApproval: e.currentTarget.checked })} />
            <Checkbox label="Produto inativo" checked={filters.inactiveProduct} onChange={(e) => setFilter({ inactiveProduct: e.currentTarget.checked })} />
          </Stack>
        </Group>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => navigate('/novo')}
          disabled={!canCreate}
          title={canCreate ? undefined : 'Sincronize os produtos de uma integração antes de criar pacotes.'}
        >
          Adicionar pacote
        </Button>
      </Group>
      {!canCreate && <NeedsIntegration hasIntegration={hasIntegration} />}

      {shown.length === 0 ? (
        <Paper withBorder p="md">
          <Text size="sm">Nenhum pacote com esses filtros.</Text>
          {filtersActive(filters) && (
            <Button variant="subtle" mt="xs" px={0} onClick={clearFilters}>
              Limpar filtros
            </Button>
          )}
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="Pacotes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Nº</Table.Th>
                <Table.Th>Nome</Table.Th>
                <Table.Th>Tipo</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Valor</Table.Th>
                <Table.Th>Produto</Table.Th>
                <Table.Th>Label</Table.Th>
                <Table.Th>Composição</Table.Th>
                <Table.Th>Situação</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Ações</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.id}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {p.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {integrationName.get(p.integrationId) ?? 'Integração excluída'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{packageKindLabel(p.kind)}</Table.Td>
                  <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{formatBRL(p.priceCents)}</Table.Td>
                  <Table.Td>
                    <ProductCell pkg={p} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                      {p.label}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <CompositionStatus pkg={p} />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={p.active ? 'teal.9' : 'gray.7'} variant="outline">
                      {p.active ? 'Ativo' : 'Inativo'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray.8" aria-label={`Ações do pacote ${packageName(p)}`}>
                          <IconDots size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => navigate(`/${p.id}/editar`)}>
                          Editar
                        </Menu.Item>
                        <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => navigate(`/novo?de=${p.id}`)}>
                          Duplicar
                        </Menu.Item>
                        <Menu.Item leftSection={p.active ? <IconPlayerPause size={16} /> : <IconPlayerPlay size={16} />} onClick={() => void toggleActive(p)}>
                          {p.active ? 'Desativar' : 'Reativar'}
                        </Menu.Item>
                        <Menu.Divider />
                        <Menu.Item color="red.9" leftSection={<IconTrash size={16} />} onClick={() => void askDelete(p)}>
                          Excluir
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed">
        {shown.length === packages.length
          ? `${count(packages.length, 'pacote', 'pacotes')}.`
          : `${shown.length.toLocaleString('pt-BR')} de ${count(packages.length, 'pacote', 'pacotes')}.`}
      </Text>

      <Modal opened={ask !== null} onClose={() => setAsk(null)} title={ask?.refusal ? 'Este pacote está em uso' : 'Excluir pacote?'}>
        {ask?.refusal ? (
          <Stack>
            <Text size="sm">{ask.refusal}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsk(null)}>
                Entendi
              </Button>
              {ask.pkg.active && (
                <Button
                  onClick={() => {
                    void toggleActive(ask.pkg);
                    setAsk(null);
                  }}
                >
                  Desativar pacote
                </Button>
              )}
            </Group>
          </Stack>
        ) : ask ? (
          <Stack>
            <Text size="sm">
              O pacote {packageName(ask.pkg)} não é usado por nenhum serviço nem plano. A exclusão não pode ser desfeita.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsk(null)}>
                Cancelar
              </Button>
              <Button color="red.9" onClick={() => void confirmDelete(ask.pkg)}>
                Excluir pacote
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
