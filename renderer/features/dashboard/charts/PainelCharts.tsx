/**
 * The Painel's pictures (loaded apart from the first screen: recharts weighs more than the rest of
 * the Painel). Each reads the host and refreshes with its change notices: painel.figures with the
 * tables it is computed from, the link states with the engine's sync.state, the last platform check
 * with the links and integrations.
 */
import { Anchor, SimpleGrid } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import type { DataTable, IntegrationRecord, PainelFigures, PlatformCheck } from '../../../../shared/contract';
import { DriftKind } from '../../../../shared/domain/drift';
import { monthLabel, PAINEL_TABLES, REVENUE_TABLES } from '../../../../shared/domain/painel';
import { run, useHostQuery, useRefreshOn } from '../../../data/client';
import { count, formatDateTime } from '../../../ui/format';
import { useLinkStateCounts } from '../../transmission';
import { driftKindLabels } from '../../transmission/drift';
import { axisProps, ChartCard, ChartFrame, gridProps, legendProps, seriesColor, themeColor, tooltipProps } from './ChartCard';
import { RevenueCostChart } from './RevenueCostChart';

const n = (v: number) => v.toLocaleString('pt-BR');

export function ActiveLicencesChart({ figures }: { figures: PainelFigures }) {
  const { months, products, activeByMonth } = figures;
  const data = months.map((m, i) => ({ month: monthLabel(m), ...Object.fromEntries(products.map((p) => [p.key, activeByMonth[p.key]?.[i] ?? 0])) }));
  const totals = months.map((_, i) => products.reduce((sum, p) => sum + (activeByMonth[p.key]?.[i] ?? 0), 0));
  const none = totals.every((t) => t === 0);
  const first = months[0] ? monthLabel(months[0]) : '';
  const last = months.at(-1) ? monthLabel(months.at(-1)!) : '';
  return (
    <ChartCard
      title="Licenças ativas por produto"
      description={`Licenças ativas na plataforma no fim de cada mês, de ${first} a ${last} (o mês atual: hoje).`}
      summary={`Gráfico de linhas: licenças ativas por produto de ${first} a ${last}. ${products.map((p) => `${p.name}: ${n(activeByMonth[p.key]?.at(-1) ?? 0)} em ${last}`).join('; ')}.`}
      empty={none ? 'Nenhuma licença ativa nos últimos 12 meses. Os números aparecem aqui quando os pacotes dos clientes forem transmitidos à plataforma.' : undefined}
      table={{
        caption: 'Licenças ativas no fim de cada mês, por produto',
        head: ['Mês', ...products.map((p) => p.name), 'Total'],
        rows: months.map((m, i) => [monthLabel(m), ...products.map((p) => activeByMonth[p.key]?.[i] ?? 0), totals[i]!]),
      }}
      height={240}
    >
      <ChartFrame>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid {...gridProps} vertical={false} />
          <XAxis dataKey="month" {...axisProps} />
          <YAxis allowDecimals={false} {...axisProps} width={48} tickFormatter={n} />
          <Tooltip {...tooltipProps} formatter={(v) => n(Number(v))} />
          <Legend {...legendProps} />
          {products.map((p, i) => (
            <Line key={p.key} dataKey={p.key} name={p.name} type="linear" stroke={seriesColor(i)} strokeWidth={2} dot={{ r: 3, fill: seriesColor(i) }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ChartFrame>
    </ChartCard>
  );
}

export function SuspendedForDebtChart({ figures }: { figures: PainelFigures }) {
  const names = new Map(figures.products.map((p) => [p.key, p.name]));
  const rows = figures.suspendedForDebt.map((r) => ({ name: names.get(r.productKey) ?? r.productKey, suspended: r.suspended, stillActive: r.stillActive }));
  const suspended = rows.reduce((s, r) => s + r.suspended, 0);
  const stillActive = rows.reduce((s, r) => s + r.stillActive, 0);
  return (
    <ChartCard
      title="Suspensas por débito (inadimplência)"
      description="Licenças de serviços Suspenso por Débito: já suspensas na plataforma, ou ainda ativas lá (suspensão a transmitir)."
      summary={`Gráfico de barras: ${count(suspended, 'licença suspensa', 'licenças suspensas')} por débito na plataforma e ${count(stillActive, 'ainda ativa', 'ainda ativas')}, por produto.`}
      empty={rows.length === 0 ? 'Nenhum serviço suspenso por débito com licença na plataforma.' : undefined}
      table={{
        caption: 'Licenças de serviços suspensos por débito, por produto',
        head: ['Produto', 'Suspensas na plataforma', 'Ainda ativas', 'Total'],
        rows: [...rows.map((r) => [r.name, r.suspended, r.stillActive, r.suspended + r.stillActive]), ['Total', suspended, stillActive, suspended + stillActive]],
      }}
    >
      <ChartFrame>
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid {...gridProps} horizontal={false} />
          <XAxis type="number" allowDecimals={false} {...axisProps} tickFormatter={n} />
          <YAxis type="category" dataKey="name" {...axisProps} width={130} />
          <Tooltip {...tooltipProps} formatter={(v) => n(Number(v))} />
          <Legend {...legendProps} />
          <Bar dataKey="suspended" name="Suspensas na plataforma" stackId="a" fill={themeColor('orange.9')} isAnimationActive={false} />
          <Bar dataKey="stillActive" name="Ainda ativas" stackId="a" fill={themeColor('red.8')} isAnimationActive={false} />
        </BarChart>
      </ChartFrame>
    </ChartCard>
  );
}

export function LinkTroubleChart() {
  const states = useLinkStateCounts().data;
  if (!states) return null;
  const c = states.counts;
  const bars = [
    { name: 'Pendentes', value: c.pending, color: 'blue.7' },
    { name: 'Enviando', value: c.sending, color: 'teal.7' },
    { name: 'Bloqueados', value: c.blocked, color: 'orange.9' },
    { name: 'Com erro', value: c.error, color: 'red.8' },
  ];
  const none = bars.every((b) => b.value === 0);
  return (
    <ChartCard
      title="Vínculos pendentes, bloqueados e com erro"
      description={`Agora, de ${count(states.total, 'vínculo', 'vínculos')}: o que ainda não chegou à plataforma como o escritório quer.`}
      summary={`Gráfico de barras: ${bars.map((b) => `${b.name} ${n(b.value)}`).join(', ')}.`}
      empty={states.total === 0 ? 'Nenhum pacote vinculado a clientes ainda.' : none ? 'Nada pendente, bloqueado ou com erro: tudo o que o escritório quer está na plataforma.' : undefined}
      table={{ caption: 'Vínculos por situação da transmissão', head: ['Situação', 'Vínculos'], rows: bars.map((b) => [b.name, b.value]) }}
      action={
        <Anchor component={Link} href="/transmissoes" size="sm">
          Ver em Transmissões
        </Anchor>
      }
    >
      <ChartFrame>
        <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid {...gridProps} vertical={false} />
          <XAxis dataKey="name" {...axisProps} />
          <YAxis allowDecimals={false} {...axisProps} width={48} tickFormatter={n} />
          <Tooltip {...tooltipProps} formatter={(v) => n(Number(v))} />
          <Bar dataKey="value" name="Vínculos" isAnimationActive={false} fill={themeColor('blue.7')}>
            {bars.map((b) => (
              <Cell key={b.name} fill={themeColor(b.color)} />
            ))}
          </Bar>
        </BarChart>
      </ChartFrame>
    </ChartCard>
  );
}

const kindColor = (kind: DriftKind) => {
  const c = driftKindLabels[kind].color;
  return c.startsWith('#') ? c : themeColor(c);
};

/** The last check of each integration this session (platform.lastCheck, as the Painel's figure reads it). */
function useLastChecks(integrations: readonly IntegrationRecord[]) {
  return useQueries({
    queries: integrations.map((i) => ({
      queryKey: ['platform.lastCheck', { integrationId: i.id }],
      queryFn: () => run('platform.lastCheck', { integrationId: i.id }),
      meta: { tables: ['links', 'integrations'] satisfies DataTable[] },
    })),
  });
}

export function DriftChart({ integrations }: { integrations: readonly IntegrationRecord[] }) {
  const checks = useLastChecks(integrations)
    .map((q, i) => ({ integration: integrations[i]!, check: q.data }))
    .filter((c): c is { integration: IntegrationRecord; check: PlatformCheck } => !!c.check);
  const countOf = (check: PlatformCheck, kind: DriftKind) => check.rows.filter((r) => r.kind === kind).length;
  const data = DriftKind.map((kind) => ({ name: driftKindLabels[kind].label, ...Object.fromEntries(checks.map((c) => [c.integration.id, countOf(c.check, kind)])) }));
  const byKind = DriftKind.map((kind) => `${driftKindLabels[kind].label}: ${n(checks.reduce((s, c) => s + countOf(c.check, kind), 0))}`);
  const total = checks.reduce((s, c) => s + c.check.rows.length, 0);
  const when = checks.map((c) => `${c.integration.description} em ${formatDateTime(c.check.fetchedAt)}`).join('; ');
  return (
    <ChartCard
      title="Diferenças na última conferência com a plataforma"
      description={checks.length ? `Conferido: ${when}.` : 'O que a plataforma tem e o SVA Desk não espera, e o contrário.'}
      summary={`Gráfico de barras: ${count(total, 'diferença', 'diferenças')} na última conferência. ${byKind.join('; ')}.`}
      empty={
        checks.length === 0
          ? 'Nenhuma conferência com a plataforma desde que o SVA Desk foi aberto. Use Transmissões › Conferir com a plataforma.'
          : total === 0
            ? `Tudo confere: nenhuma diferença na última conferência (${when}).`
            : undefined
      }
      table={{
        caption: 'Diferenças por tipo na última conferência',
        head: ['Tipo de diferença', ...checks.map((c) => c.integration.description)],
        rows: DriftKind.map((kind) => [driftKindLabels[kind].label, ...checks.map((c) => countOf(c.check, kind))]),
      }}
      action={
        <Anchor component={Link} href="/transmissoes" size="sm">
          Conferir em Transmissões
        </Anchor>
      }
    >
      <ChartFrame>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid {...gridProps} horizontal={false} />
          <XAxis type="number" allowDecimals={false} {...axisProps} tickFormatter={n} />
          <YAxis type="category" dataKey="name" {...axisProps} width={170} interval={0} />
          <Tooltip {...tooltipProps} formatter={(v) => n(Number(v))} />
          {checks.length > 1 && <Legend {...legendProps} />}
          {checks.map((c, i) => (
            <Bar key={c.integration.id} dataKey={c.integration.id} name={c.integration.description} fill={seriesColor(i)} isAnimationActive={false}>
              {/* one integration: each kind in its badge's colour, as in Transmissões */}
              {checks.length === 1 && DriftKind.map((kind) => <Cell key={kind} fill={kindColor(kind)} />)}
            </Bar>
          ))}
        </BarChart>
      </ChartFrame>
    </ChartCard>
  );
}

/** Every picture of the Painel. */
export function PainelCharts({ integrations }: { integrations: readonly IntegrationRecord[] }) {
  // while a run sends the host recomputes at most every few seconds: the run's end is drawn when its state moves
  useRefreshOn('sync.state', ['painel.figures', 'charging.revenueVsCost']);
  const figures = useHostQuery('painel.figures', {}, PAINEL_TABLES).data;
  const revenue = useHostQuery('charging.revenueVsCost', { months: 12 }, REVENUE_TABLES).data;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {figures && <ActiveLicencesChart figures={figures} />}
      {figures && <SuspendedForDebtChart figures={figures} />}
      <LinkTroubleChart />
      <DriftChart integrations={integrations} />
      <RevenueCostChart series={revenue?.some((m) => m.svaCents > 0 || m.costCents > 0) ? { months: revenue.map((m) => m.competence), revenueCents: revenue.map((m) => m.svaCents), costCents: revenue.map((m) => m.costCents) } : null} />
    </SimpleGrid>
  );
}
