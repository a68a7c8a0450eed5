/**
 * The month's SVA revenue against what the platform bills the provider, per month. The billing's
 * host query feeds it (revenue and cost in centavos, aligned with the months); until the office's
 * billing exists there is nothing to draw, and it says so rather than show made-up numbers.
 */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBRL } from '../../../../shared/domain/money';
import { monthLabel } from '../../../../shared/domain/painel';
import { axisProps, ChartCard, ChartFrame, gridProps, legendProps, themeColor, tooltipProps } from './ChartCard';

export type RevenueCostSeries = {
  /** `YYYY-MM`, oldest first */
  months: readonly string[];
  /** the SVA share billed to customers in each month */
  revenueCents: readonly number[];
  /** what the platform bills the provider in each month */
  costCents: readonly number[];
};

const NOT_YET =
  'Nada cobrado nem custo da plataforma nos últimos 12 meses. A receita de SVA e o custo aparecem aqui quando houver licenças ativas e o custo por licença de cada produto (Plataformas de Conteúdo › Produtos).';

export function RevenueCostChart({ series }: { series: RevenueCostSeries | null }) {
  const aligned = series && series.revenueCents.length === series.months.length && series.costCents.length === series.months.length;
  const months = aligned ? series.months : [];
  const data = months.map((m, i) => ({ month: monthLabel(m), revenue: series!.revenueCents[i]!, cost: series!.costCents[i]! }));
  const last = data.at(-1);
  return (
    <ChartCard
      title="Receita de SVA × custo da plataforma"
      description="Por mês: o SVA cobrado dos clientes e o que a plataforma cobra do provedor pelas licenças."
      summary={
        last
          ? `Gráfico de barras: receita de SVA e custo da plataforma por mês; em ${last.month}, receita ${formatBRL(last.revenue)} e custo ${formatBRL(last.cost)}.`
          : 'Receita de SVA e custo da plataforma: sem dados.'
      }
      empty={
        !series
          ? NOT_YET
          : !aligned
            ? 'Os números da receita e do custo não correspondem aos meses: recalcule a cobrança do mês.'
            : data.length === 0
              ? 'Nenhum mês de cobrança calculado ainda.'
              : undefined
      }
      table={{
        caption: 'Receita de SVA, custo da plataforma e margem por mês',
        head: ['Mês', 'Receita de SVA', 'Custo da plataforma', 'Margem'],
        rows: data.map((d) => [d.month, formatBRL(d.revenue), formatBRL(d.cost), formatBRL(d.revenue - d.cost)]),
      }}
    >
      <ChartFrame>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid {...gridProps} vertical={false} />
          <XAxis dataKey="month" {...axisProps} />
          <YAxis {...axisProps} width={88} tickFormatter={(v: number) => formatBRL(v)} />
          <Tooltip {...tooltipProps} formatter={(v) => formatBRL(Number(v))} />
          <Legend {...legendProps} />
          <Bar dataKey="revenue" name="Receita de SVA" fill={themeColor('teal.7')} isAnimationActive={false} />
          <Bar dataKey="cost" name="Custo da plataforma" fill={themeColor('grape.7')} isAnimationActive={false} />
        </BarChart>
      </ChartFrame>
    </ChartCard>
  );
}
