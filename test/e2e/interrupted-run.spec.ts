import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../electron/host/sandbox';
import { startBrowserHost } from '../../electron/web/browser-host';
import { E2E_TOKEN } from '../../playwright.config';
import { expect, screenshot, test } from './fixtures';
import { hostCommand } from './own-host';
import { seedOffice } from './seed-office';

/**
 * Issue "Transmission", reliability: a run interrupted halfway — the host stopped, the renderer
 * reloaded — completes on the next pass with zero duplicate creations on the platform.
 * This test runs its own browser host (so it can stop and restart it) against a sandbox outside
 * the host (so the platform's state survives the restart), on a "Personalizado" integration;
 * the office is seeded through the host's commands.
 */

const PORT = Number(process.env.SVA_E2E_PORT ?? 47831) + 7;
const TOKEN = E2E_TOKEN;
const LINKS = 300;

async function startHost(dataDir: string) {
  return startBrowserHost({ staticDir: resolve('out/renderer'), dataDir, version: '0.0.0-e2e', port: PORT, token: TOKEN });
}

const activeCount = async (page: Page) => Number(/\((\d+)\)/.exec((await page.getByRole('button', { name: /^Ativo \(\d+\)$/ }).textContent()) ?? '')?.[1] ?? 0);

/** After the restart the engine asks again only when more than the threshold (50) is left to send. */
async function confirmIfAsked(page: Page, total: number) {
  const preview = page.getByRole('dialog', { name: 'Confirmar transmissão' });
  await expect.poll(async () => (await preview.isVisible()) || (await activeCount(page)) === total, { timeout: 30_000 }).toBe(true);
  if (await preview.isVisible()) await preview.getByRole('button', { name: 'Confirmar e transmitir' }).click();
}

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
    const ownHost = { origin, dataDir };
    const customers = Array.from({ length: LINKS }, (_, i) => ({ name: `Cliente Interrompido ${i + 1}`, code: String(5000 + i), serviceId: `S${i + 1}` }));
    await seedOffice(ownHost, page.request, { sandboxUrl: sandbox.url, customers, packageName: 'Leitura' });
    // every edit re-plans: the preview the office confirms holds all the links
    await expect
      .poll(async () => (await hostCommand<{ preview: { summary: { links: number } } | null }>(ownHost, page.request, 'sync.state', {})).preview?.summary.links, { timeout: 60_000 })
      .toBe(LINKS);
    await page.goto(`${origin}/#token=${TOKEN}&/transmissoes`);
    await expect(page.getByRole('heading', { level: 1, name: 'Transmissões' })).toBeVisible();
    await confirmWhenAsked(page);

    // Halfway: some licences confirmed, the rest in flight or waiting — then the host stops.
    await expect.poll(() => sandbox.stats().activeLicences, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(30);
    await host.close();
    const before = sandbox.stats();
    expect(before.activeLicences).toBeLessThan(LINKS);

    host = await startHost(dataDir);
    await page.reload();
    await confirmIfAsked(page, LINKS);
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
