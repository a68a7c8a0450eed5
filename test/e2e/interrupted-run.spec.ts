import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox } from '../../electron/host/sandbox';
import { startBrowserHost } from '../../electron/web/browser-host';
import { cpfFor } from '../fixtures/documents';
import { expect, screenshot, test } from './fixtures';

/**
 * Issue "Transmission", reliability: a run interrupted halfway — the host stopped, the renderer
 * reloaded — completes on the next pass with zero duplicate creations on the platform.
 * This test runs its own browser host (so it can stop and restart it) against a sandbox outside
 * the host (so the platform's state survives the restart), on a "Personalizado" integration.
 */

const PORT = Number(process.env.SVA_E2E_PORT ?? 47831) + 7;
const TOKEN = 'interrupted-run-token';
const LINKS = 300;

async function seedWorkspace(page: Page, productCode: string, baseUrl: string) {
  const now = new Date().toISOString();
  const customers = Array.from({ length: LINKS }, (_, i) => ({
    id: i + 1,
    code: String(5000 + i),
    name: `Cliente Interrompido ${i + 1}`,
    documentType: 'cpf',
    document: cpfFor(i + 1),
    emails: [`cliente${i + 1}@exemplo.com.br`],
    phones: [{ ddi: '55', ddd: '11', number: String(910_000_000 + i), mobile: true }],
    nameKey: `cliente interrompido ${i + 1}`,
    nameSuffixes: [`cliente interrompido ${i + 1}`, `interrompido ${i + 1}`, String(i + 1)],
    phoneKeys: [],
    createdAt: now,
    updatedAt: now,
  }));
  const statusMap = Object.fromEntries(
    ['servico_habilitado', 'franquia_excedida'].map((s) => [s, 'active']).concat(
      ['suspenso_debito', 'suspenso_parcialmente', 'bloqueio_temporario', 'servico_bloqueado', 'suspenso_judicial', 'dedicado_suspenso', 'suspenso_pedido_cliente'].map((s) => [s, 'suspended']),
      ['aguardando_instalacao', 'aguardando_configuracao', 'aguardando_assinatura_contrato', 'aguardando_liberacao_ti', 'aguardando_migracao', 'agendado_para_instalacao'].map((s) => [s, 'not_provisioned']),
      ['cancelado', 'inativo'].map((s) => [s, 'canceled']),
    ),
  );
  const rows = {
    integrations: [{ id: 'int-interrupted', platform: 'campsoft', description: 'Campsoft (homologação local)', environment: 'custom', baseUrl, active: true, suspendBySubscriptionStatus: true, statusMap, createdAt: now, updatedAt: now }],
    products: [{ id: `int-interrupted:${productCode}`, integrationId: 'int-interrupted', code: productCode, name: 'Produto', description: '', status: 'active', syncedAt: now }],
    packages: [{ id: 1, name: 'Leitura', description: '', kind: 'avulso', priceCents: 990, composition: [{ description: 'Leitura', fiscalKind: 'SVA', amountCents: 990 }], integrationId: 'int-interrupted', productCode, label: 'campsoft-leitura-1', active: true, createdAt: now, updatedAt: now }],
    plans: [{ id: 1, name: 'Fibra 300', priceCents: 9990, defaultPackages: [{ packageId: 1, mandatory: true }], lockPackages: false, active: true, createdAt: now, updatedAt: now }],
    customers,
    services: customers.map((c) => ({ id: `S${c.id}`, customerId: c.id, planId: 1, status: 'servico_habilitado', createdAt: now, updatedAt: now })),
    links: customers.map((c) => ({ id: `L${c.id}`, serviceId: `S${c.id}`, packageId: 1, observed: { state: 'none' }, createdAt: now, updatedAt: now })),
    // the daily routine already ran: this test is about the transmission alone
    settings: [{ key: 'schedule', value: { hour: 4, lastRunAt: now } }],
  };
  await page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('sva-desk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction(Object.keys(rows), 'readwrite');
    for (const [store, list] of Object.entries(rows)) for (const row of list as object[]) tx.objectStore(store).put(row);
    await new Promise((ok, fail) => {
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, rows);
}

async function startHost(dataDir: string) {
  return startBrowserHost({ staticDir: resolve('out/renderer'), dataDir, version: '0.0.0-e2e', port: PORT, token: TOKEN });
}

const activeCount = async (page: Page) => Number(/\((\d+)\)/.exec((await page.getByRole('button', { name: /^Ativo \(\d+\)$/ }).textContent()) ?? '')?.[1] ?? 0);

async function confirmWhenAsked(page: Page) {
  const preview = page.getByRole('dialog', { name: 'Confirmar transmissão' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await preview.getByRole('button', { name: 'Confirmar e transmitir' }).click();
}

test('a run interrupted halfway (host stopped, renderer reloaded) completes with zero duplicates', async ({ page }) => {
  test.setTimeout(180_000);
  // Slow enough (300 links × 2 calls / 16 at a time × 0.3 s ≈ 11 s) to stop it halfway.
  const sandbox: Sandbox = await startSandbox({ latencyMs: 300 });
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-interrupted-'));
  let host = await startHost(dataDir);
  try {
    const origin = `http://127.0.0.1:${PORT}`;
    const saved = await page.request.post(`${origin}/api/connection.save`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      data: { integrationId: 'int-interrupted', draft: { environment: 'custom', customUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET } },
    });
    expect((await saved.json()).ok).toBe(true);

    await page.goto(`${origin}/?token=${TOKEN}#/transmissoes`);
    await expect(page.getByRole('heading', { level: 1, name: 'Transmissões' })).toBeVisible();
    await seedWorkspace(page, sandbox.store.products[0]?.code ?? '1192001', sandbox.url);
    await page.reload();
    await confirmWhenAsked(page);

    // Halfway: some licences confirmed, the rest in flight or waiting — then the host stops.
    await expect.poll(() => sandbox.stats().activeLicences, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(30);
    await host.close();
    const before = sandbox.stats();
    expect(before.activeLicences).toBeLessThan(LINKS);

    host = await startHost(dataDir);
    await page.reload();
    await confirmWhenAsked(page);
    // And the renderer reloads in the middle of the second run: main kept the results it missed.
    await expect.poll(() => activeCount(page), { timeout: 60_000 }).toBeGreaterThan(before.activeLicences);
    await page.reload();

    await expect.poll(() => activeCount(page), { timeout: 90_000 }).toBe(LINKS);
    await expect(page.getByRole('button', { name: /^Pendente \(0\)$/ })).toBeVisible();
    // Nothing left to confirm: links being sent were never offered again.
    await expect(page.getByRole('dialog', { name: 'Confirmar transmissão' })).toHaveCount(0);
    await screenshot(page, '36-transmissao-interrompida-concluida');

    const stats = sandbox.stats();
    expect(stats.activeLicences).toBe(LINKS);
    expect(Object.keys(stats.subscriberCreations)).toHaveLength(LINKS);
    expect(Object.values(stats.subscriberCreations).filter((n) => n !== 1)).toEqual([]);
    expect(Object.keys(stats.licenceCreations)).toHaveLength(LINKS);
    expect(Object.values(stats.licenceCreations).filter((n) => n !== 1)).toEqual([]);
  } finally {
    await host.close();
    await sandbox.close();
  }
});
