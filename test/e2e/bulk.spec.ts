import type { APIRequestContext } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../electron/host/sandbox';
import { cpfFor } from '../fixtures/documents';
import { expect, expectNoSeriousA11y, openApp, screenshot } from './fixtures';
import { hostCommand, test, type OwnHost } from './own-host';
import { importRows, seedOffice, type Row } from './seed-office';

/**
 * Issue 11 (Ações em massa), as a new office meets it: the ERP import brings the services, the plan
 * gets a mandatory package afterwards, and "Aplicar aos serviços existentes" links it to all of them
 * (preview, confirm, result per row), then the usual transmission creates the licences; and a
 * selection of 200 customers gets a package by bulk action and loses it again.
 */

function commands(ownHost: OwnHost, request: APIRequestContext) {
  return <T,>(name: string, input: unknown) => hostCommand<T>(ownHost, request, name, input);
}

test.describe('Ações em massa', () => {
  let sandbox: Sandbox;
  test.beforeEach(async () => {
    sandbox = await startSandbox({});
  });
  test.afterEach(async () => {
    await sandbox.close();
  });

  test('a plan’s mandatory package goes to its 1,000 imported services, then the pass creates the licences', async ({ page, request, ownHost }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const cmd = commands(ownHost, request);
    const office = await seedOffice(ownHost, request, { sandboxUrl: sandbox.url, customers: [] });
    const PLAN = 'FIBRA 500MB + LEITURA';
    const rows = Array.from({ length: 1000 }, (_, i) => ({ id: String(20_001 + i), name: `Assinante ${String(i + 1).padStart(4, '0')}`, document: cpfFor(30_000 + i), plan: PLAN }));
    await importRows(cmd, rows);
    const plans = await cmd<{ id: number; name: string; version: number }[]>('plans.list', {});
    const plan = plans.find((p) => p.name === PLAN)!;
    // one service got the package by hand before the plan had it
    await cmd('links.add', { serviceId: '20001', packageId: office.packageId });
    // the office makes it obrigatório on the plan and locks the plan's packages (S11, S12)
    await cmd('plans.save', { id: plan.id, version: plan.version, values: { name: PLAN, priceCents: 12990, defaultPackages: [{ packageId: office.packageId, mandatory: true }], lockPackages: true } });
    // the one hand-made link is transmitted first, so the pass after the bulk action is only the 999
    await expect.poll(async () => (await cmd<{ counts: Record<string, number> }>('links.states', {})).counts.active, { timeout: 60_000 }).toBe(1);

    await openApp(page, '/configuracao/geral/servicos-planos');
    await expect(page.getByRole('row', { name: new RegExp(PLAN.replace(/[+]/g, '\\+')) })).toContainText('1 (1 obrigatório)');
    await page.getByRole('button', { name: `Aplicar pacotes padrão aos serviços existentes de ${PLAN}` }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('Leitura Digital — obrigatório: vai para todos os serviços do plano')).toBeVisible();
    await screenshot(page, 'b0-massa-plano-escolha');
    await dialog.getByRole('button', { name: 'Ver prévia' }).click();

    // the preview counts them: 999 to link, 1 already had it, none refused (S12: the plan's own package)
    await expect(dialog).toContainText(`Alcance: serviços do plano ${PLAN} — 1.000 serviços.`, { timeout: 60_000 });
    await expect(dialog.getByLabel('A fazer: 999')).toBeVisible();
    await expect(dialog.getByLabel('Já estava assim: 1')).toBeVisible();
    await expect(dialog.getByRole('table', { name: 'Prévia por serviço' })).toContainText(/Vincular Leitura Digital \(id_contrato 2000\d, label campsoft-/);
    await dialog.getByText('Já estava assim (1)', { exact: true }).click();
    await expect(dialog.getByRole('table', { name: 'Prévia por serviço' })).toContainText('Já tinha o pacote Leitura Digital: nada a fazer.');
    await dialog.getByText('Todas (1.000)', { exact: true }).click();
    await screenshot(page, 'b1-massa-plano-previa');
    await expectNoSeriousA11y(page);

    await dialog.getByRole('button', { name: 'Confirmar: vincular 999 pacotes' }).click();
    await expect(page.getByRole('dialog', { name: 'Resultado da ação em massa' })).toBeVisible({ timeout: 120_000 });
    await expect(dialog.getByLabel('Feito: 999')).toBeVisible();
    await expect(dialog.getByRole('table', { name: 'Resultado por serviço' })).toContainText('Pacote Leitura Digital vinculado; será transmitido na próxima transmissão.');
    await screenshot(page, 'b2-massa-plano-resultado');
    const stored = await cmd<{ total: number }>('links.list', { offset: 0, limit: 1 });
    expect(stored.total).toBe(1000);
    await dialog.getByRole('button', { name: 'Fechar', exact: true }).last().click();

    // the pass that follows: over 50 links, the usual transmission preview, then the licences
    const transmission = page.getByRole('dialog', { name: 'Confirmar transmissão' });
    await expect(transmission).toBeVisible({ timeout: 60_000 });
    await expect(transmission).toContainText('999 vínculos');
    await screenshot(page, 'b3-massa-plano-transmissao');
    await transmission.getByRole('button', { name: 'Confirmar e transmitir' }).click();
    await expect.poll(async () => (await cmd<{ counts: Record<string, number> }>('links.states', {})).counts.active, { timeout: 180_000, intervals: [1000] }).toBe(1000);

    // one history event per row: 999 linked, 1 that already had it
    const history = (outcome: string) => cmd<{ total: number }>('history.list', { filter: { kind: 'link.add', text: '(ação em massa)', outcome }, limit: 1 });
    expect((await history('ok')).total).toBe(999);
    expect((await history('info')).total).toBe(1);
  });

  test('200 selected customers get a package by bulk action and lose it again, row by row, with history events', async ({ page, request, ownHost }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const cmd = commands(ownHost, request);
    const office = await seedOffice(ownHost, request, { sandboxUrl: sandbox.url, customers: [] });
    // no credentials yet: nothing is transmitted, the screens stay the office's
    await cmd('connection.delete', { integrationId: office.integrationId });
    const rows: Row[] = Array.from({ length: 230 }, (_, i) => ({
      id: String(40_001 + i),
      name: i < 200 ? `Souza ${String(i + 1).padStart(3, '0')}` : `Pereira ${i}`,
      document: cpfFor(50_000 + i),
      plan: 'Fibra 300',
    }));
    await importRows(cmd, rows);
    await cmd('packages.save', {
      values: { name: 'Cursos Online', kind: 'avulso', priceCents: 1490, composition: [{ description: 'Cursos', fiscalKind: 'SVA', amountCents: 1490 }], integrationId: office.integrationId, productCode: (await cmd<{ code: string }[]>('products.list', { integrationId: office.integrationId }))[0]!.code },
    });

    await openApp(page, '/clientes');
    await page.getByLabel('Buscar cliente').fill('souza');
    await expect(page.getByText('200 clientes encontrados, em ordem de nome')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Selecionar todos os 200 clientes encontrados' }).click();
    await expect(page.getByText('Todos os 200 clientes encontrados', { exact: true })).toBeVisible();
    await screenshot(page, 'b4a-massa-clientes-selecao');
    await page.getByRole('button', { name: 'Ação em massa…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Pacote' }).click();
    await page.getByRole('option', { name: 'Cursos Online' }).click();
    await screenshot(page, 'b4b-massa-clientes-escolha');
    await expectNoSeriousA11y(page);
    await dialog.getByRole('button', { name: 'Ver prévia' }).click();
    await expect(dialog).toContainText('Alcance: clientes encontrados na busca “souza” — 200 serviços.', { timeout: 30_000 });
    await expect(dialog.getByLabel('A fazer: 200')).toBeVisible();
    await screenshot(page, 'b4-massa-clientes-previa');
    await dialog.getByRole('button', { name: 'Confirmar: vincular em 200 serviços' }).click();
    await expect(page.getByRole('dialog', { name: 'Resultado da ação em massa' })).toBeVisible({ timeout: 60_000 });
    await expect(dialog.getByLabel('Feito: 200')).toBeVisible();
    await expect(dialog.getByRole('table', { name: 'Resultado por serviço' })).toContainText('Souza 001');
    await screenshot(page, 'b5-massa-clientes-resultado');
    await dialog.getByRole('button', { name: 'Fechar', exact: true }).last().click();

    const linksOf = async () =>
      (await cmd<{ rows: { packageName: string | null; removed: boolean }[] }>('links.list', { offset: 0, limit: 500 })).rows.filter((r) => r.packageName === 'Cursos Online' && !r.removed).length;
    await expect.poll(linksOf).toBe(200);
    // a Pereira (not selected) has none
    const pereira = await cmd<{ rows: { id: number }[] }>('customers.search', { text: 'pereira 200' });
    const detail = await cmd<{ services: { links: unknown[] }[] }>('customers.get', { id: pereira.rows[0]!.id });
    expect(detail.services[0]!.links).toHaveLength(1); // the plan's mandatory Leitura Digital only

    // and loses it again: ticked page by page this time (the page holds the 200)
    await page.getByRole('checkbox', { name: 'Selecionar os clientes desta página' }).check();
    await expect(page.getByText('200 clientes selecionados')).toBeVisible();
    await page.getByRole('button', { name: 'Ação em massa…' }).click();
    await dialog.getByRole('radio', { name: 'Remover pacote' }).check();
    await dialog.getByRole('combobox', { name: 'Pacote' }).click();
    await page.getByRole('option', { name: 'Cursos Online' }).click();
    await dialog.getByRole('button', { name: 'Ver prévia' }).click();
    await expect(dialog.getByLabel('A fazer: 200')).toBeVisible({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Confirmar: remover de 200 serviços' }).click();
    await expect(dialog.getByLabel('Feito: 200')).toBeVisible({ timeout: 60_000 });
    await expect(dialog.getByRole('table', { name: 'Resultado por serviço' })).toContainText('Pacote Cursos Online removido; a licença será cancelada na plataforma.');
    await screenshot(page, 'b6-massa-clientes-remocao');
    await dialog.getByRole('button', { name: 'Fechar', exact: true }).last().click();
    await expect.poll(linksOf).toBe(0);

    // one history event per row, for each of the two actions
    const history = (kind: string) => cmd<{ total: number }>('history.list', { filter: { kind, text: 'Cursos Online', outcome: 'ok' }, limit: 1 });
    expect((await history('link.add')).total).toBe(200);
    expect((await history('link.remove')).total).toBe(200);
  });
});
