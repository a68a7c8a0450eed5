/**
 * The Painel's pictures on the real host: each chart's table holds the host's numbers, a new office
 * reads why each picture is empty, and a change in the record (a service suspended for debt, sent to
 * the built-in sandbox) redraws the figures by the change notices alone.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { run } from '../../../renderer/data/client';
import { DashboardPage } from '../../../renderer/features/dashboard/DashboardPage';
import { lastMonths, monthLabel } from '../../../shared/domain/painel';
import { renderOnHost, useHostPerTest } from '../on-host';
import { observed, seedOffice } from '../transmission/office';

const host = useHostPerTest();

/** A chart's card by its title, with its table opened. */
async function tableOf(title: string) {
  const region = await screen.findByRole('region', { name: title });
  await userEvent.click(within(region).getByRole('button', { name: 'Ver tabela' }));
  return within(region).getByRole('table');
}

const rowText = (table: HTMLElement, first: string) =>
  within(table)
    .getAllByRole('row')
    .find((r) => r.firstElementChild?.textContent === first)
    ?.textContent;

describe('Painel with pictures', () => {
  it('a new office: every picture says why it is empty', async () => {
    renderOnHost(<DashboardPage />);
    const licences = await screen.findByRole('region', { name: 'Licenças ativas por produto' });
    expect(licences.textContent).toContain('Nenhuma licença ativa nos últimos 12 meses');
    expect(within(licences).queryByRole('button', { name: 'Ver tabela' })).toBeNull();
    expect((await screen.findByRole('region', { name: 'Suspensas por débito (inadimplência)' })).textContent).toContain('Nenhum serviço suspenso por débito com licença na plataforma.');
    expect((await screen.findByRole('region', { name: 'Vínculos pendentes, bloqueados e com erro' })).textContent).toContain('Nenhum pacote vinculado a clientes ainda.');
    expect((await screen.findByRole('region', { name: 'Diferenças na última conferência com a plataforma' })).textContent).toContain('Nenhuma conferência com a plataforma');
    expect((await screen.findByRole('region', { name: 'Receita de SVA × custo da plataforma' })).textContent).toContain('Nada cobrado nem custo da plataforma nos últimos 12 meses');
  });

  it('draws the transmitted office, and redraws when a service is suspended for debt', async () => {
    const { integration } = await seedOffice(host.bridge, 3);
    await host.bridge.host.handlers['sync.request']({ trigger: 'manual' });
    await waitFor(async () => expect(await observed(host.bridge)).toEqual({ active: 3 }), { timeout: 15_000 });
    renderOnHost(<DashboardPage />);

    const month = monthLabel(lastMonths(Date.now(), 12).at(-1)!);
    const licences = await tableOf('Licenças ativas por produto');
    expect(within(licences).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Mês', 'Leitura Digital Premium', 'Total']);
    expect(within(licences).getAllByRole('row')).toHaveLength(13);
    await waitFor(() => expect(rowText(licences, month)).toBe(`${month}33`), { timeout: 15_000 });
    const chart = screen.getByRole('img', { name: /^Gráfico de linhas: licenças ativas por produto/ });
    expect(chart.getAttribute('aria-label')).toContain(`Leitura Digital Premium: 3 em ${month}`);

    // all sent: nothing to draw, and that is good news
    const trouble = await screen.findByRole('region', { name: 'Vínculos pendentes, bloqueados e com erro' });
    await waitFor(() => expect(trouble.textContent).toContain('Nada pendente, bloqueado ou com erro: tudo o que o escritório quer está na plataforma.'));
    expect(trouble.textContent).toContain('Agora, de 3 vínculos');

    // the ERP says customer 1 owes: the pass suspends the licence; both pictures follow
    await run('services.setStatus', { serviceId: 'S1', status: 'suspenso_debito' });
    await waitFor(async () => expect(await observed(host.bridge)).toEqual({ active: 2, suspended: 1 }), { timeout: 15_000 });
    const debt = await tableOf('Suspensas por débito (inadimplência)');
    await waitFor(() => expect(rowText(debt, 'Total')).toBe('Total101'), { timeout: 15_000 });
    expect(rowText(debt, 'Leitura Digital Premium')).toBe('Leitura Digital Premium101');
    await waitFor(() => expect(rowText(licences, month)).toBe(`${month}22`), { timeout: 15_000 });

    // the platform check: no differences, said in words
    await host.bridge.host.handlers['platform.check']({ integrationId: integration.id });
    const drift = await screen.findByRole('region', { name: 'Diferenças na última conferência com a plataforma' });
    await waitFor(() => expect(drift.textContent).toMatch(/Tudo confere: nenhuma diferença na última conferência \(Campsoft Sandbox em \d{2}\/\d{2}\/\d{4}/), { timeout: 15_000 });
  });
});
