/**
 * Receita de SVA × custo da plataforma: the card the billing's month feeds (two series in centavos,
 * aligned with the months). On fixture series it draws both and tables them with the margin; with
 * nothing fed it says what it waits for, never zeros.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RevenueCostChart } from '../../../renderer/features/dashboard/charts/RevenueCostChart';
import { renderScreen } from '../render';

const title = 'Receita de SVA × custo da plataforma';

describe('RevenueCostChart', () => {
  it('draws and tables the revenue, the cost and the margin of each month', async () => {
    renderScreen(<RevenueCostChart series={{ months: ['2026-10', '2026-11', '2026-12'], revenueCents: [123456, 98000, 150099], costCents: [45000, 99050, 0] }} />);
    const region = screen.getByRole('region', { name: title });
    const chart = within(region).getByRole('img', { name: /^Gráfico de barras/ });
    expect(chart.getAttribute('aria-label')).toBe('Gráfico de barras: receita de SVA e custo da plataforma por mês; em dez/26, receita R$ 1.500,99 e custo R$ 0,00.');
    // (jsdom has no layout: the bars themselves are drawn in the browser, test/e2e/painel.spec.ts)

    await userEvent.click(within(region).getByRole('button', { name: 'Ver tabela' }));
    const rows = within(within(region).getByRole('table')).getAllByRole('row').map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Mês', 'Receita de SVA', 'Custo da plataforma', 'Margem'],
      ['out/26', 'R$ 1.234,56', 'R$ 450,00', 'R$ 784,56'],
      ['nov/26', 'R$ 980,00', 'R$ 990,50', '-R$ 10,50'],
      ['dez/26', 'R$ 1.500,99', 'R$ 0,00', 'R$ 1.500,99'],
    ]);
    await userEvent.click(within(region).getByRole('button', { name: 'Ocultar tabela' }));
    expect(within(region).queryByRole('table')).toBeNull();
  });

  it('with nothing fed yet it says what it waits for, and draws no made-up numbers', () => {
    renderScreen(<RevenueCostChart series={null} />);
    const region = screen.getByRole('region', { name: title });
    expect(region.textContent).toContain('Nada cobrado nem custo da plataforma nos últimos 12 meses');
    expect(within(region).queryByRole('img')).toBeNull();
    expect(within(region).queryByRole('button', { name: 'Ver tabela' })).toBeNull();
  });

  it('series that do not match the months are refused in words', () => {
    renderScreen(<RevenueCostChart series={{ months: ['2026-11', '2026-12'], revenueCents: [100], costCents: [50, 60] }} />);
    expect(screen.getByRole('region', { name: title }).textContent).toContain('Os números da receita e do custo não correspondem aos meses');
  });

  it('no month computed yet', () => {
    renderScreen(<RevenueCostChart series={{ months: [], revenueCents: [], costCents: [] }} />);
    expect(screen.getByRole('region', { name: title }).textContent).toContain('Nenhum mês de cobrança calculado ainda.');
  });
});
