import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'wouter';
import type { Integration } from '../../../shared/domain';
import { db } from '../../db/db';
import { count, formatDateTime } from '../../ui/format';
import { useLinkStates } from '../transmission/link-states';
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

/**
 * What the platform bills: active_licenses as the last Testar or Conferir com a plataforma read it,
 * and when; an office that never read it is told where to.
 */
function platformFigure(i: Integration): string {
  const who = i.ispName ? `${i.ispName} · ` : '';
  if (i.activeLicenses === undefined) return `${who}licenças na plataforma ainda não conferidas: use Transmissões › Conferir com a plataforma`;
  const when = i.activeLicensesAt ?? i.lastTestAt;
  return `${who}${count(i.activeLicenses, 'licença ativa na plataforma', 'licenças ativas na plataforma')}${when ? ` (lido em ${formatDateTime(when)})` : ''}`;
}

/** Painel: the day at a glance, and the way in for a new office. */
export function DashboardPage() {
  // the same counts as the Transmissões filters and the status bar
  const { counts, ready } = useLinkStates();
  const figures = useLiveQuery(async () => {
    const [integrations, customers, services] = await Promise.all([db.integrations.toArray(), db.customers.count(), db.services.count()]);
    return { integrations, customers, services };
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
        <Figure
          label="Licenças ativas"
          value={ready ? counts.active.toLocaleString('pt-BR') : '…'}
          hint={ready ? count(counts.suspended, 'suspensa por débito ou status', 'suspensas por débito ou status') : undefined}
        />
        <Figure
          label="Pendentes de transmissão"
          value={ready ? counts.pending.toLocaleString('pt-BR') : '…'}
          hint={
            ready
              ? [counts.sending > 0 ? `${counts.sending.toLocaleString('pt-BR')} enviando` : '', count(counts.blocked, 'bloqueado', 'bloqueados'), `${counts.error.toLocaleString('pt-BR')} com erro`]
                  .filter(Boolean)
                  .join(' · ')
              : 'Transmissões'
          }
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
              <Text size="sm">{platformFigure(i)}</Text>
            </Group>
          ))}
        </Card>
      )}
      {figures.customers === 0 && <DemoDataCard />}
    </Stack>
  );
}
