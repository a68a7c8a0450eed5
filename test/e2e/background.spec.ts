import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { sandboxAdminHeaders, startSandbox, type Sandbox, type SandboxStats } from '../../electron/host/sandbox';
import { startBrowserHost } from '../../electron/web/browser-host';
import { E2E_TOKEN } from '../../playwright.config';
import { expect, screenshot, test } from './fixtures';
import { hostCommand, type OwnHost } from './own-host';
import { seedOffice } from './seed-office';

/**
 * Issue 14, "in the background": with the page closed, the host's daily routine still runs at its
 * hour, and a change the office made while the Campsoft was unreachable is sent. The desktop app
 * keeps its host running in the tray when the window closes; the browser host, which runs without
 * a page anyway, is the stand-in that a test can drive.
 *
 * The host's clock runs ahead (`clockOffsetMs`) so that the next whole hour, the routine's, comes
 * LEAD_MS after the host starts; everything the page does happens before. No assertion is about
 * time: each outcome is polled for, with room for a busy machine.
 */

/** From the host's start to the routine's hour: the seeding, the change in the page and the close fit well inside. */
const LEAD_MS = 90_000;
const SERVICE = '7301';

/** The host's clock: this far ahead, the next whole hour is LEAD_MS after now. */
function clockForRoutine(now = Date.now()): { offsetMs: number; hour: number } {
  const next = new Date(now + LEAD_MS);
  next.setMinutes(0, 0, 0);
  next.setHours(next.getHours() + 1);
  return { offsetMs: next.getTime() - LEAD_MS - now, hour: next.getHours() };
}

/** The sandbox as a test sees it, through its admin routes (they want its admin token). */
function platform(sandbox: Sandbox, request: APIRequestContext) {
  const headers = { ...sandboxAdminHeaders(sandbox), Connection: 'close' };
  return {
    async knobs(knobs: Record<string, unknown>) {
      expect((await request.post(`${sandbox.origin}/__sandbox/knobs`, { data: knobs, headers })).ok()).toBe(true);
    },
    async stats(): Promise<SandboxStats> {
      return (await request.get(`${sandbox.origin}/__sandbox/stats`, { headers })).json();
    },
  };
}

const licences = (sandbox: Sandbox) => [...(sandbox.store.subscribers.get(SERVICE)?.licenses.values() ?? [])].map((l) => l.status);

async function openAt(page: Page, origin: string, hash: string) {
  await page.goto(`${origin}/#token=${E2E_TOKEN}&${hash}`);
  await expect(page.getByRole('status', { name: 'Barra de status' })).toContainText('SVA Desk 0.');
}

test('with the page closed, the routine runs at its hour and the change made while the Campsoft was unreachable is sent', async ({ context, request }) => {
  test.setTimeout(300_000);
  const sandbox = await startSandbox({});
  const admin = platform(sandbox, request);
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-e2e-background-'));
  const clock = clockForRoutine();
  const running = await startBrowserHost({ staticDir: resolve('out/renderer'), dataDir, version: '0.0.0-e2e', token: E2E_TOKEN, clockOffsetMs: clock.offsetMs });
  const host: OwnHost = { origin: running.web.origin, dataDir };
  const cmd = <T,>(name: string, input: unknown) => hostCommand<T>(host, request, name, input);
  try {
    // An office with one customer, its licence created on the platform; the routine at the next hour.
    const { customerIds } = await seedOffice(host, request, { sandboxUrl: sandbox.url, customers: [{ name: 'Joana Prado Lima', code: '7300', serviceId: SERVICE }] });
    await expect.poll(() => licences(sandbox), { timeout: 60_000 }).toEqual(['active']);
    await cmd('settings.set', { key: 'schedule', value: { hour: clock.hour } });
    const hh = `${String(clock.hour).padStart(2, '0')}:00`;
    expect((await cmd<{ schedule: { hour: number; lastRunAt?: string } }>('sync.state', {})).schedule.hour).toBe(clock.hour);

    // The Campsoft stops answering; the office suspends the customer for debt on the customer's page.
    await admin.knobs({ offline: true });
    const page = await context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await openAt(page, host.origin, `/clientes/${customerIds[0]}`);
    await page.getByRole('button', { name: 'Alterar status' }).click();
    const dialog = page.getByRole('dialog', { name: `Alterar status do serviço ${SERVICE}` });
    await dialog.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Suspenso por Débito' }).click();
    await dialog.getByRole('button', { name: 'Salvar status' }).click();
    await expect(dialog).toHaveCount(0);
    const bar = page.getByRole('status', { name: 'Barra de status' });
    await expect(bar).toContainText('1 pendente de transmissão', { timeout: 30_000 });
    await screenshot(page, '60-segundo-plano-pendente-antes-de-fechar');
    const pending = async () => (await cmd<{ counts: { pending: number } }>('links.states', {})).counts.pending;
    expect(await pending()).toBe(1);
    const routineBefore = (await cmd<{ schedule: { lastRunAt?: string } }>('sync.state', {})).schedule.lastRunAt;
    const productReadsBefore = (await admin.stats()).requests['GET /products'] ?? 0;

    // The page closes; the platform comes back while nobody looks.
    await page.close();
    expect(context.pages()).toHaveLength(0);
    await admin.knobs({ offline: false });

    // The host sends the suspension on its own…
    await expect.poll(() => licences(sandbox), { timeout: 120_000 }).toEqual(['suspended']);
    // …and at the routine's hour, syncs the products from the platform and recalculates the pass.
    await expect
      .poll(async () => (await cmd<{ schedule: { lastRunAt?: string } }>('sync.state', {})).schedule.lastRunAt, { timeout: LEAD_MS + 120_000, intervals: [1_000] })
      .not.toBe(routineBefore);
    const after = await cmd<{ schedule: { hour: number; lastRunAt: string } }>('sync.state', {});
    expect(new Date(after.schedule.lastRunAt).getHours()).toBe(clock.hour);
    expect(await pending()).toBe(0);
    expect((await admin.stats()).requests['GET /products'] ?? 0).toBeGreaterThan(productReadsBefore);
    expect(context.pages()).toHaveLength(0);

    // Opened again, the Histórico tells what happened meanwhile: the routine, by the system.
    const again = await context.newPage();
    await again.setViewportSize({ width: 1366, height: 768 });
    await openAt(again, host.origin, '/historico');
    await expect(again.getByText('Rotina diária: produtos sincronizados, plataforma conferida e transmissão recalculada.').first()).toBeVisible({ timeout: 30_000 });
    await expect(again.getByRole('status', { name: 'Barra de status' })).not.toContainText('pendente');
    await screenshot(again, '61-segundo-plano-historico-rotina');
    await expect(again.getByText(`às ${hh}`).first()).toBeVisible();
  } finally {
    await running.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
