import type { Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config';
import { expect, expectNoSeriousA11y, openApp, screenshot } from './fixtures';
import { hostCommand, test } from './own-host';

/**
 * The Painel with pictures, on a host of its own: a new office sees why each picture is empty; the
 * demo office, transmitted, sees its licences by product, a service suspended for debt, the links
 * that wait, and the differences of a platform check — each with its table of the same numbers,
 * redrawn by the host's change notices (no reload), and no serious accessibility violation.
 */

type Figures = { months: string[]; products: { key: string; name: string }[]; activeByMonth: Record<string, number[]> };
type LinkRow = { serviceId: string; contractIdentifier: string; label: string | null };

/** The chart card by its title, and its table (opened with "Ver tabela"). */
function card(page: Page, title: string) {
  const region = page.getByRole('region', { name: title });
  return {
    region,
    chart: region.getByRole('img', { name: /^Gráfico/ }),
    table: region.getByRole('table'),
    async openTable() {
      await region.getByRole('button', { name: 'Ver tabela' }).click();
      await expect(region.getByRole('table')).toBeVisible();
    },
  };
}

test('the Painel draws the office: licences by product, debt, links waiting, drift, each with its table', async ({ page, request, ownHost }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const cmd = <T,>(name: string, input: unknown) => hostCommand<T>(ownHost, request, name, input);
  await expect.poll(async () => (await cmd<{ lastPassAt: string | null }>('sync.state', {})).lastPassAt, { timeout: 30_000 }).not.toBeNull();

  // A new office: every picture says why it is empty, and what to do.
  await openApp(page, '/');
  await expect(card(page, 'Licenças ativas por produto').region).toContainText('Nenhuma licença ativa nos últimos 12 meses');
  await expect(card(page, 'Suspensas por débito (inadimplência)').region).toContainText('Nenhum serviço suspenso por débito');
  await expect(card(page, 'Vínculos pendentes, bloqueados e com erro').region).toContainText('Nenhum pacote vinculado a clientes ainda.');
  await expect(card(page, 'Diferenças na última conferência com a plataforma').region).toContainText('Nenhuma conferência com a plataforma');
  await expect(card(page, 'Receita de SVA × custo da plataforma').region).toContainText('Nada cobrado nem custo da plataforma nos últimos 12 meses');
  await expectNoSeriousA11y(page);
  await screenshot(page, '60-painel-escritorio-novo');

  // The demo office, transmitted.
  const { integrationId } = await cmd<{ integrationId: string }>('demo.load', {});
  const preview = page.getByRole('dialog', { name: 'Confirmar transmissão' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  // before the pass: the links wait, drawn as they are
  const trouble = card(page, 'Vínculos pendentes, bloqueados e com erro');
  await preview.getByRole('button', { name: 'Confirmar e transmitir' }).click();
  await expect(preview).toHaveCount(0);
  type Counts = { counts: Record<string, number>; total: number };
  await expect.poll(async () => { const c = (await cmd<Counts>('links.states', {})).counts; return c.pending + c.sending; }, { timeout: 90_000 }).toBe(0);
  const states = await cmd<Counts>('links.states', {});
  expect(states.counts.active).toBeGreaterThan(100);

  // Licences by product: one line per product, this month's total in the table = the active links.
  const licences = card(page, 'Licenças ativas por produto');
  await expect(licences.chart).toHaveAccessibleName(/^Gráfico de linhas: licenças ativas por produto/);
  const figures = await cmd<Figures>('painel.figures', {});
  expect(figures.months).toHaveLength(12);
  const now = figures.products.reduce((s, p) => s + (figures.activeByMonth[p.key]?.at(-1) ?? 0), 0);
  expect(now).toBe(states.counts.active);
  await expect(licences.region.locator('.recharts-line')).toHaveCount(figures.products.length);
  await licences.region.scrollIntoViewIfNeeded();
  await screenshot(page, '61-painel-graficos');
  await licences.openTable();
  const lastRow = licences.table.getByRole('row').last();
  await expect(lastRow.getByRole('cell').last()).toHaveText(now.toLocaleString('pt-BR'));
  await expect(licences.table.getByRole('row')).toHaveCount(13);

  // Links waiting: the blocked and refused ones of the demo, drawn and tabled.
  await expect(trouble.chart).toHaveAccessibleName(new RegExp(`Bloqueados ${states.counts.blocked}, Com erro ${states.counts.error}`));
  await trouble.openTable();
  await expect(trouble.table.getByRole('row', { name: `Bloqueados ${states.counts.blocked}` })).toBeVisible();
  await expect(trouble.table.getByRole('row', { name: `Com erro ${states.counts.error}` })).toBeVisible();

  // The ERP says a customer is suspenso_debito: the pass suspends it, the picture follows (no reload).
  const active = (await cmd<{ rows: LinkRow[] }>('links.list', { state: 'active', limit: 1 })).rows[0]!;
  const licencesOfService = (await cmd<{ rows: LinkRow[] }>('links.list', { state: 'active', limit: 500 })).rows.filter((r) => r.serviceId === active.serviceId).length;
  await cmd('services.setStatus', { serviceId: active.serviceId, status: 'suspenso_debito' });
  const debt = card(page, 'Suspensas por débito (inadimplência)');
  await expect(debt.chart).toHaveAccessibleName(new RegExp(`^Gráfico de barras: ${licencesOfService} licenças? suspensas? por débito na plataforma e 0 ainda ativas`), { timeout: 30_000 });
  await debt.openTable();
  await expect(debt.table.getByRole('row', { name: new RegExp(`^Total ${licencesOfService} 0 ${licencesOfService}$`) })).toBeVisible();

  // The platform holds one licence in another state than the office: the check finds it, the picture shows it.
  const other = (await cmd<{ rows: LinkRow[] }>('links.list', { state: 'active', limit: 500 })).rows.find((r) => r.serviceId !== active.serviceId)!;
  const info = (await (await request.post(`${ownHost.origin}/api/sandbox.info`, { data: {}, headers: { Authorization: `Bearer ${E2E_TOKEN}` } })).json()).data as { url: string; apiKey: string; apiSecret: string };
  const auth = await (await request.post(`${info.url}/authentication`, { data: { ApiKey: info.apiKey, ApiSecret: info.apiSecret } })).json();
  const patched = await request.patch(`${info.url}/subscribers/${encodeURIComponent(other.contractIdentifier)}/licenses/${encodeURIComponent(other.label!)}`, {
    data: { status: 'suspended' },
    headers: { Authorization: `Bearer ${auth.AccessToken}`, Connection: 'close' },
  });
  expect(patched.ok()).toBe(true);
  const check = await cmd<{ rows: { kind: string }[] }>('platform.check', { integrationId });
  const mismatches = check.rows.filter((r) => r.kind === 'state_mismatch').length;
  expect(mismatches).toBeGreaterThanOrEqual(1);
  const drift = card(page, 'Diferenças na última conferência com a plataforma');
  await expect(drift.chart).toHaveAccessibleName(new RegExp(`Situação diferente: ${mismatches}`), { timeout: 30_000 });
  await drift.openTable();
  await expect(drift.table.getByRole('row', { name: `Situação diferente ${mismatches}` })).toBeVisible();
  await expect(drift.region.locator('.recharts-bar-rectangle').first()).toBeVisible();

  // Revenue against cost, from the month's billing (Cobrança): this month's licences, priced by their packages.
  const revenue = card(page, 'Receita de SVA × custo da plataforma');
  await expect(revenue.chart).toHaveAccessibleName(/^Gráfico de barras: receita de SVA e custo da plataforma por mês; em \S+, receita R\$\s?[1-9][\d.]*,\d{2}/, { timeout: 30_000 });

  await expectNoSeriousA11y(page);
  await drift.region.scrollIntoViewIfNeeded();
  await screenshot(page, '62-painel-graficos-tabelas');
  await page.getByRole('region', { name: 'Receita de SVA × custo da plataforma' }).scrollIntoViewIfNeeded();
  await screenshot(page, '63-painel-receita-custo');
});
