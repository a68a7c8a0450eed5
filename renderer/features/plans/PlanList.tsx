import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'wouter';
import { formatBRL, type Plan } from '../../../shared/domain';
import { useHostQuery } from '../../data/client';
import { count } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';
import { BulkDialog } from '../bulk';
import { PLAN_TABLES } from './queries';

function defaultPackagesSummary(plan: Plan): string {
  const n = plan.defaultPackages.length;
  if (n === 0) return 'Nenhum';
  const mandatory = plan.defaultPackages.filter((d) => d.mandatory).length;
  return `${n} (${count(mandatory, 'obrigatório', 'obrigatórios')})`;
}

export function PlanList() {
  const query = useHostQuery('plans.list', {}, PLAN_TABLES);
  const plans = query.data;
  const [applying, setApplying] = useState<Plan | null>(null);
  if (query.isError && !plans) return <LoadFailure what="os planos" error={query.error} onRetry={() => void query.refetch()} />;
  if (!plans) return <Text size="sm">Carregando planos…</Text>;

  if (plans.length === 0) {
    return (
      <Stack maw={760}>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Nenhum Serviço/Plano cadastrado
          </Title>
          <Text size="sm">
            Um Serviço/Plano é o plano de internet vendido ao cliente. Ele pode levar pacotes por padrão, que entram nos serviços
            novos desse plano e nos que migrarem para ele, e pode travar os pacotes para que só os do plano sejam vinculados.
          </Text>
        </Paper>
        <Group>
          <Button component={Link} href="/novo" leftSection={<IconPlus size={16} />}>
            Adicionar plano
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack>
      <Group justify="flex-end">
        <Button component={Link} href="/novo" leftSection={<IconPlus size={16} />}>
          Adicionar plano
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-label="Serviços/Planos">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Nome</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Valor</Table.Th>
              <Table.Th>Pacotes padrão</Table.Th>
              <Table.Th>Travar Pacotes</Table.Th>
              <Table.Th>Ações</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plans.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {p.name}
                  </Text>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{formatBRL(p.priceCents)}</Table.Td>
                <Table.Td>{defaultPackagesSummary(p)}</Table.Td>
                <Table.Td>
                  <Badge variant="outline" color={p.lockPackages ? '#8f4400' : 'gray.7'}>
                    {p.lockPackages ? 'Ligado' : 'Desligado'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap="sm">
                    <Anchor component={Link} href={`/${p.id}/editar?aba=dados`} size="sm" aria-label={`Editar ${p.name}`}>
                      Editar
                    </Anchor>
                    <Anchor component={Link} href={`/${p.id}/editar?aba=pacotes`} size="sm" aria-label={`Pacotes de ${p.name}`}>
                      Pacotes
                    </Anchor>
                    {p.defaultPackages.length > 0 ? (
                      <Anchor component="button" type="button" size="sm" onClick={() => setApplying(p)} aria-label={`Aplicar pacotes padrão aos serviços existentes de ${p.name}`}>
                        Aplicar aos serviços existentes
                      </Anchor>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {applying ? <BulkDialog start={{ kind: 'planDefaults', planId: applying.id, planName: applying.name }} onClose={() => setApplying(null)} /> : null}
    </Stack>
  );
}
