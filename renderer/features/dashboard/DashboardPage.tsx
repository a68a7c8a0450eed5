import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'wouter';
import { db } from '../../db/db';
import { count } from '../../ui/format';
import { useTransmission } from '../transmission/store';
import { DemoDataCard } from '../workspace/DemoDataCard';

function Figure({ label, value, hint, href }: { label: string; value: number | string; hint?: string; href?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {value}
      </Text>
      {hint && href ? (
        <Anchor component={Link} href={href} size="xs">
          {hint}
        </Anchor>
      ) : (
        hint && <Text size="xs">{hint}</Text>
      )}
    </Card>
  );
}

/** Painel: the day at a glance, and the way in for a new office. */
export function DashboardPage() {
  const pending = useTransmission((s) => s.pendingCount);
  const figures = useLiveQuery(async () => {
    const [integrations, customers, services, active, suspended, blocked, errors] = await Promise.all([
      db.integrations.toArray(),
      db.customers.count(),
      db.services.count(),
      db.links.where('observed.state').equals('active').count(),
      db.links.where('observed.state').equals('suspended').count(),
      db.links.where('observed.state').equals('blocked').count(),
      db.links.where('observed.state').equals('error').count(),
    ]);
    return { integrations, customers, services, active, suspended, blocked, errors };
  }, []);
  if (!figures) return null;
  const empty = figures.customers === 0 && figures.integrations.length === 0;

  return (
    <Stack gap="lg">
      {empty && (
        <Alert color="teal" variant="light" title="Bem-vindo ao SVA Desk" maw={860}>
          <Text size="sm">
            Comece cadastrando a integração em{' '}
            <Anchor component={Link} href="/configuracoes/integracoes/plataformas-de-conteudo">
              Configurações › Integrações › Plataformas de Conteúdo
            </Anchor>
            , sincronize os produtos, crie os pacotes e importe os clientes do seu ERP. Ou carregue os dados de demonstração abaixo para conhecer tudo no
            sandbox embutido.
          </Text>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure
          label="Integrações ativas"
          value={figures.integrations.filter((i) => i.active).length}
          hint="Plataformas de Conteúdo"
          href="/configuracoes/integracoes/plataformas-de-conteudo"
        />
        <Figure label="Clientes" value={figures.customers.toLocaleString('pt-BR')} hint={count(figures.services, 'serviço', 'serviços')} />
        <Figure label="Licenças ativas" value={figures.active.toLocaleString('pt-BR')} hint={count(figures.suspended, 'suspensa por débito ou status', 'suspensas por débito ou status')} />
        <Figure
          label="Pendentes de transmissão"
          value={pending.toLocaleString('pt-BR')}
          hint={`${count(figures.blocked, 'bloqueado', 'bloqueados')} · ${figures.errors.toLocaleString('pt-BR')} com erro`}
          href="/transmissoes"
        />
      </SimpleGrid>
      {figures.integrations.length > 0 && (
        <Card withBorder padding="md">
          <Title order={2} size="h5" mb="xs">
            Integrações
          </Title>
          {figures.integrations.map((i) => (
            <Group key={i.id} gap="xs">
              <Text size="sm" fw={500}>
                {i.description}
              </Text>
              <Text size="sm">
                {i.ispName ? `${i.ispName} · ${i.activeLicenses ?? 0} licenças ativas na plataforma` : 'ainda não testada'}
              </Text>
            </Group>
          ))}
        </Card>
      )}
      {figures.customers === 0 && <DemoDataCard />}
    </Stack>
  );
}
