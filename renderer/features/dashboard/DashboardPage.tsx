import { Alert, Anchor, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link } from 'wouter';
import type { IntegrationRecord } from '../../../shared/contract';
import { useHostQuery } from '../../data/client';
import { count, formatDateTime } from '../../ui/format';
import { useIntegrations } from '../integrations';
import { useLinkStateCounts } from '../transmission';
import { DemoDataCard } from '../workspace/DemoDataCard';

// The pictures (recharts) load apart: the first screen's bundle stays small.
const PainelCharts = lazy(() => import('./charts/PainelCharts').then((m) => ({ default: m.PainelCharts })));

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

/** The newer of two times (ISO strings compare in time order). */
function newest(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/**
 * What the platform bills: active_licenses as the last Testar (integrations.get/list) or Conferir
 * com a plataforma (platform.lastCheck) read it, whichever is newer, and when; an office that never
 * read it is told where to.
 */
function PlatformFigure({ integration: i }: { integration: IntegrationRecord }) {
  const check = useHostQuery('platform.lastCheck', { integrationId: i.id }, ['links', 'integrations']).data;
  const who = i.ispName ? `${i.ispName} · ` : '';
  const tested = i.activeLicenses === undefined ? undefined : (i.activeLicensesAt ?? i.lastTestAt);
  const checkNewer = !!check && newest(tested, check.fetchedAt) === check.fetchedAt;
  const licences = checkNewer ? check.activeLicenses : i.activeLicenses;
  const when = checkNewer ? check.fetchedAt : tested;
  const text =
    licences === undefined
      ? `${who}licenças na plataforma ainda não conferidas: use Transmissões › Conferir com a plataforma`
      : `${who}${count(licences, 'licença ativa na plataforma', 'licenças ativas na plataforma')}${when ? ` (lido em ${formatDateTime(when)})` : ''}`;
  return <Text size="sm">{text}</Text>;
}

/** Painel: the day at a glance, and the way in for a new office. */
export function DashboardPage() {
  // the same counts as the Transmissões filters and the status bar
  const states = useLinkStateCounts().data;
  const integrations = useIntegrations().data;
  const customers = useHostQuery('customers.search', { text: '', limit: 1 }, ['customers']).data?.counts.customers;
  if (!integrations || customers === undefined) return null;
  const counts = states?.counts;
  const figures = { integrations, customers };
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
        <Figure label="Clientes" value={figures.customers.toLocaleString('pt-BR')} hint={states ? count(states.total, 'pacote vinculado', 'pacotes vinculados') : undefined} />
        <Figure
          label="Licenças ativas"
          value={counts ? counts.active.toLocaleString('pt-BR') : '…'}
          hint={counts ? count(counts.suspended, 'suspensa por débito ou status', 'suspensas por débito ou status') : undefined}
        />
        <Figure
          label="Pendentes de transmissão"
          value={counts ? counts.pending.toLocaleString('pt-BR') : '…'}
          hint={
            counts
              ? [counts.sending > 0 ? `${counts.sending.toLocaleString('pt-BR')} enviando` : '', count(counts.blocked, 'bloqueado', 'bloqueados'), `${counts.error.toLocaleString('pt-BR')} com erro`]
                  .filter(Boolean)
                  .join(' · ')
              : 'Transmissões'
          }
          href="/transmissoes"
        />
      </SimpleGrid>
      {figures.customers === 0 && <DemoDataCard />}
      <Suspense fallback={<Loader size="sm" aria-label="Carregando os gráficos" />}>
        <PainelCharts integrations={figures.integrations} />
      </Suspense>
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
              <PlatformFigure integration={i} />
            </Group>
          ))}
        </Card>
      )}
    </Stack>
  );
}
