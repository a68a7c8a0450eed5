import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { chromium, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { startBrowserHost } from '../../electron/web/browser-host';
import { openStore, STORE_FILE } from '../../electron/host/store/store';
import { E2E_TOKEN } from '../../playwright.config';
import { expect, expectNoSeriousA11y, screenshot, SCREENSHOTS, test } from './fixtures';
import { E2E_SANDBOX_ADMIN_TOKEN, hostCommand } from './own-host';

/**
 * Issue 13, Cobrança, as the office lives it on a host of its own: demo data → the first
 * transmission (the engine writes each confirmed licence into the licence history) → the cost of a
 * product typed on the integration's products → a month of licence events (November 2026: the desk's
 * clock is real, so the month before today is written into the store between two starts of the host,
 * as the engine would have written it) → Cobrança of 11/2026 on screen → the ERP files downloaded and
 * read back: their totals are the ones computed HERE, from the prices and the days, not by the app.
 */

const COMPETENCE = '2026-11';
const sp = (local: string) => new Date(`${local}-03:00`).toISOString();
/** Half up, once, in integer arithmetic: price × days ÷ 30. */
const proRata = (price: number, days: number) => Math.floor((2 * price * days + 30) / 60);
const cents = (text: string, decimal: ',' | '.') => Math.round(Number(decimal === ',' ? text.replace(',', '.') : text) * 100);

async function startHost(dataDir: string) {
  const host = await startBrowserHost({ staticDir: resolve('out/renderer'), dataDir, version: '0.0.0-e2e', token: E2E_TOKEN, sandboxAdminToken: E2E_SANDBOX_ADMIN_TOKEN });
  await host.ready;
  return host;
}

/**
 * The PDF's first page as PNG: with pdftoppm when installed; else (this machine has none) through
 * Chromium's own PDF viewer, which the new headless mode carries.
 */
async function renderPdfPage(pdfPath: string, pngBase: string) {
  try {
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfPath, pngBase]);
    return;
  } catch {
    test.info().annotations.push({ type: 'note', description: 'pdftoppm ausente: página do PDF renderizada pelo visualizador de PDF do Chromium' });
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    const viewer = await browser.newPage({ viewport: { width: 1000, height: 1300 } });
    await viewer.goto(`file://${pdfPath}`);
    await viewer.waitForTimeout(2500);
    await viewer.screenshot({ path: `${pngBase}.png` });
  } finally {
    await browser.close();
  }
}

/** The app on this test's own host (openApp goes to the run's shared one). */
async function open(page: Page, origin: string, path: string) {
  await page.goto(`${origin}/#token=${E2E_TOKEN}&${path}`);
  await expect(page.getByRole('status', { name: 'Barra de status' })).toContainText('SVA Desk 0.');
}

async function download(page: Page, label: RegExp): Promise<{ name: string; text: string }> {
  await page.getByRole('button', { name: 'Exportar' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: label }).click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

test('demo data → a month of licence events → Cobrança of the month on screen, exported for the ERP with the expected totals, then closed', async ({ page, request }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-e2e-charging-'));
  let host = await startHost(dataDir);
  try {
    let own = { origin: host.web.origin, dataDir };
    const cmd = <T,>(name: string, input: unknown) => hostCommand<T>(own, request, name, input);
    await expect.poll(async () => (await cmd<{ lastPassAt: string | null }>('sync.state', {})).lastPassAt, { timeout: 30_000 }).not.toBeNull();
    await cmd('demo.load', {});
    // ~200 links: the office confirms the first transmission
    await expect.poll(async () => (await cmd<{ preview: { id: string } | null }>('sync.state', {})).preview?.id ?? null, { timeout: 30_000 }).not.toBeNull();
    const { preview } = await cmd<{ preview: { id: string } }>('sync.state', {});
    await cmd('sync.confirm', { previewId: preview.id });
    await expect
      .poll(async () => {
        const s = await cmd<{ counts: Record<string, number> }>('links.states', {});
        return s.counts.pending + s.counts.sending;
      }, { timeout: 90_000 })
      .toBe(0);

    // The platform's cost of the first product, typed where the products are listed.
    const [integration] = await cmd<{ id: string }[]>('integrations.list', {});
    const [product] = await cmd<{ code: string; name: string }[]>('products.list', { integrationId: integration!.id });
    await open(page, own.origin, `/configuracoes/integracoes/plataformas-de-conteudo/${integration!.id}/produtos`);
    await page.getByRole('button', { name: `Alterar o custo do produto ${product!.code}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Custo por licença/mês (R$)').fill('-1');
    await dialog.getByRole('button', { name: 'Salvar custo' }).click();
    await expect(dialog.getByText('O valor não pode ser negativo')).toBeVisible();
    await dialog.getByLabel('Custo por licença/mês (R$)').fill('3,50');
    await dialog.getByLabel('Vale a partir de').fill('01/10/2026');
    await dialog.getByRole('button', { name: 'Salvar custo' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText('desde 01/10/2026').first()).toBeVisible();
    await screenshot(page, '80-produtos-custo');
    await host.close();

    // A month of events, written into the record as the engine writes them (licence_events).
    const store = await openStore({ engine: 'sqlite', file: join(dataDir, STORE_FILE) });
    const licensed = await store.db
      .selectFrom('licenceEvents as e')
      .innerJoin('packages as p', 'p.id', 'e.packageId')
      .select(['e.linkId', 'e.serviceId', 'e.packageId', 'e.integrationId', 'p.priceCents', 'p.productCode'])
      .where('e.state', '=', 'active')
      .distinct()
      .orderBy('e.linkId')
      .execute();
    expect(licensed.length).toBeGreaterThan(100);
    const [suspendedA, suspendedB, lastDay, firstDayCancel] = licensed;
    const insert = (l: (typeof licensed)[number], state: string, at: string) => store.db.insertInto('licenceEvents').values({ linkId: l.linkId, serviceId: l.serviceId, packageId: l.packageId, integrationId: l.integrationId, state, at }).execute();
    let expected = 0;
    let expectedLines = 0;
    let expectedCost = 0;
    for (const l of licensed) {
      let days = 30;
      if (l === lastDay) {
        await insert(l, 'active', sp('2026-11-30T22:30:00'));
        days = 1;
      } else {
        await insert(l, 'active', sp('2026-10-20T10:00:00'));
        if (l === suspendedA || l === suspendedB) {
          await insert(l, 'suspended', sp('2026-11-10T08:00:00'));
          await insert(l, 'active', sp('2026-11-20T18:00:00'));
          days = 20;
        }
        if (l === firstDayCancel) {
          await insert(l, 'canceled', sp('2026-11-01T09:00:00'));
          days = 0;
        }
      }
      if (days === 0) continue;
      expected += days === 30 ? l.priceCents : proRata(l.priceCents, days);
      expectedLines++;
      if (l.productCode === product!.code) expectedCost += 350;
    }
    // November's platform checks, as recordPlatformMonth keeps them: every licence seen active but
    // `firstDayCancel`'s (cancelled on the 1st) and `noEvidence`'s (billed, never seen: the evidence gap),
    // plus one licence the office does not bill.
    const noEvidence = licensed.slice(4).find((l) => l.priceCents > 0)!;
    const keys = await store.db
      .selectFrom('links as l')
      .innerJoin('packages as p', 'p.id', 'l.packageId')
      .select(['l.id', 'l.serviceId', 'l.contractIdentifier', 'l.label', 'p.label as packageLabel', 'p.productCode'])
      .execute();
    let expectedPlatform = 0;
    for (const k of keys) {
      if (!licensed.some((l) => l.linkId === k.id) || k.id === firstDayCancel!.linkId || k.id === noEvidence.linkId) continue;
      await store.db
        .insertInto('platformMonthLicences')
        .values({ integrationId: integration!.id, competence: COMPETENCE, contractIdentifier: k.contractIdentifier?.trim() || k.serviceId, label: k.label?.trim() || k.packageLabel, productCode: k.productCode, seenActive: 1, lastStatus: 'active', lastSeenAt: sp('2026-11-28T04:00:00') })
        .execute();
      if (k.productCode === product!.code) expectedPlatform += 350;
    }
    await store.db
      .insertInto('platformMonthLicences')
      .values({ integrationId: integration!.id, competence: COMPETENCE, contractIdentifier: 'CONTRATO-SEM-CLIENTE', label: 'avulsa', productCode: product!.code, seenActive: 1, lastStatus: 'active', lastSeenAt: sp('2026-11-28T04:00:00') })
      .execute();
    expectedPlatform += 350;
    await store.close();

    host = await startHost(dataDir);
    own = { origin: host.web.origin, dataDir };
    await open(page, own.origin, '/cobranca');
    await expect(page.getByRole('heading', { name: 'Cobrança' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Competência' }).click();
    await page.getByRole('option', { name: '11/2026' }).click();
    await expect(page.getByText('Valor a cobrar')).toBeVisible();
    const brl = (c: number) => `R$ ${(c / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    await expect(page.getByText(brl(expected), { exact: true }).first()).toBeVisible();
    await expect(page.getByText(brl(expectedCost), { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /linhas · mostrando/ })).toContainText(`${expectedLines.toLocaleString('pt-BR')} linhas`);
    await screenshot(page, '81-cobranca-mes');
    await expectNoSeriousA11y(page);

    // Conferência da fatura da plataforma: the expected bill and the exceptions, filterable.
    await page.getByRole('tab', { name: 'Fatura da plataforma' }).click();
    const byProduct = page.getByRole('table', { name: 'Fatura da plataforma por produto' });
    await expect(byProduct.getByRole('row', { name: new RegExp(product!.name) })).toContainText(brl(expectedPlatform));
    await expect(page.getByText(/Fatura esperada da plataforma/)).toContainText(brl(expectedPlatform));
    const exceptions = page.getByRole('table', { name: 'Exceções da fatura da plataforma' });
    await expect(exceptions.getByRole('row')).toHaveCount(3);
    await expect(exceptions).toContainText('CONTRATO-SEM-CLIENTE');
    await expect(exceptions).toContainText('Cobrada sem licença na plataforma');
    await screenshot(page, '83-fatura-plataforma');
    await expectNoSeriousA11y(page);
    await page.getByRole('combobox', { name: 'Exceções' }).click();
    await page.getByRole('option', { name: /^Ativa na plataforma, não cobrada/ }).click();
    await expect(exceptions.getByRole('row')).toHaveCount(2);
    await expect(exceptions).toContainText('CONTRATO-SEM-CLIENTE');
    await page.getByRole('tab', { name: 'Cobrança dos clientes' }).click();

    // The ERP's files, read back.
    const excel = await download(page, /CSV para Excel/);
    expect(excel.name).toBe(`cobranca-${COMPETENCE}-excel.csv`);
    expect(excel.text.charCodeAt(0)).toBe(0xfeff);
    const rows = Papa.parse<Record<string, string>>(excel.text.slice(1), { delimiter: ';', header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(expectedLines);
    expect(rows.reduce((s, r) => s + cents(r.valor!, ','), 0)).toBe(expected);
    for (const r of rows) expect(cents(r.valor_sva!, ',') + cents(r.valor_scm!, ',') + cents(r.valor_outro!, ',')).toBe(cents(r.valor!, ','));
    expect(rows.filter((r) => r.id_cliente_servico === suspendedA!.serviceId)).toContainEqual(expect.objectContaining({ dias_ativos: '20', dias_no_mes: '30', periodos_suspensos: '10/11/2026 a 19/11/2026', competencia: '11/2026' }));
    expect(rows.filter((r) => r.id_cliente_servico === lastDay!.serviceId)).toContainEqual(expect.objectContaining({ dias_ativos: '1', data_ativacao: '30/11/2026' }));
    // as the ERP keys the customer: the document normalized (digits; a CNPJ may carry letters), never masked
    expect(rows.filter((r) => !/^[0-9A-Z]{11,14}$/.test(r.cpf_cnpj!)).map((r) => r.cpf_cnpj)).toEqual([]);

    const machine = await download(page, /CSV para sistemas/);
    expect(machine.text.charCodeAt(0)).not.toBe(0xfeff);
    const mrows = Papa.parse<Record<string, string>>(machine.text, { delimiter: ',', header: true, skipEmptyLines: true }).data;
    expect(mrows.reduce((s, r) => s + cents(r.valor!, '.'), 0)).toBe(expected);
    expect(mrows.filter((r) => r.id_cliente_servico === suspendedA!.serviceId)).toContainEqual(expect.objectContaining({ periodos_suspensos: '2026-11-10/2026-11-19', competencia: '2026-11' }));

    const xlsx = await download(page, /Planilha XLSX/);
    expect(xlsx.name).toBe(`cobranca-${COMPETENCE}.xlsx`);

    // The accountant's report: a PDF made in the host, its first page rendered to PNG to be looked at.
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Relatório de SVA (PDF)' }).click()]);
    expect(report.suggestedFilename()).toBe(`relatorio-sva-${COMPETENCE}.pdf`);
    const pdfPath = (await report.path())!;
    const pdf = readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await renderPdfPage(pdfPath, `${SCREENSHOTS}/84-relatorio-sva`);

    // Exported: it can be closed; the screen then says so and keeps the lines as exported.
    await page.getByRole('button', { name: 'Fechar competência' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Fechar competência' }).click();
    await expect(page.getByText(/Competência fechada em/)).toBeVisible();
    await expect(page.getByText('Fechada', { exact: true })).toBeVisible();
    await screenshot(page, '82-cobranca-fechada');
    const history = await cmd<{ events: { kind: string; message: string }[] }>('history.list', { filter: { kind: 'charging' }, limit: 10 });
    expect(history.events.map((e) => e.kind)).toEqual(['charging.close', 'charging.report', 'charging.export', 'charging.export', 'charging.export']);
    expect(history.events[0]!.message).toContain(brl(expected));

    // The Painel's figures for the month: SVA revenue against the platform's cost.
    const figures = await cmd<{ competence: string; svaCents: number; costCents: number }[]>('charging.revenueVsCost', { months: 2 });
    expect(figures.find((f) => f.competence === COMPETENCE)).toMatchObject({ costCents: expectedCost });
  } finally {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
