import type { Page } from '@playwright/test';
import { sandboxAdminHeaders, startSandbox, type Sandbox } from '../../electron/host/sandbox';
import { expect, expectNoSeriousA11y, openApp, screenshot } from './fixtures';
import { hostCommand, test } from './own-host';
import { seedOffice } from './seed-office';

/**
 * Issue 9, "a hanging server is not seen": the platform accepts connections and never answers
 * (the sandbox's paused knob, set through its admin route). Within 30 s of the first request the
 * status bar says the Campsoft is not answering and since when it last answered; the suspension the
 * office asked for shows as waiting — never as the Ativo the platform last confirmed — on the
 * customer's page and in Transmissões; when the platform answers again it is sent, once.
 *
 * Its own sandbox (outside the shared host, so pausing it touches no other spec) behind a
 * "Personalizado" integration on 127.0.0.1, and three customers on a host of its own, seeded
 * through the host's commands; the suspension is asked through services.setStatus (what the
 * customer's page sends).
 */

const CUSTOMERS = 3;
const NAMES = ['Joana Prado Lima', 'Ricardo Nunes Alves', 'Tereza Campos Dias'];

const filterCount = async (page: Page, label: string) =>
  Number(/\((\d+)\)/.exec((await page.getByRole('button', { name: new RegExp(`^${label} \\(\\d+\\)$`) }).textContent()) ?? '')?.[1] ?? -1);

test('a platform that accepts connections and never answers is seen within 30 s, and no row shows what it did not confirm', async ({ page, request, ownHost }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const sandbox: Sandbox = await startSandbox({ latencyMs: 20 });
  const knobs = async (k: Record<string, unknown>) => expect((await request.post(`${sandbox.origin}/__sandbox/knobs`, { data: k, headers: { ...sandboxAdminHeaders(sandbox), Connection: 'close' } })).ok()).toBe(true);
  try {
    await seedOffice(ownHost, request, { sandboxUrl: sandbox.url, customers: NAMES.map((name, i) => ({ name, code: String(7100 + i), serviceId: `71${i + 1}` })) });
    await openApp(page, '/transmissoes');
    const bar = page.getByRole('status', { name: 'Barra de status' });
    // Three new links, under the preview threshold: sent at start, confirmed by the platform.
    await expect.poll(() => filterCount(page, 'Ativo'), { timeout: 60_000 }).toBe(CUSTOMERS);
    expect(await filterCount(page, 'Pendente')).toBe(0);
    await expect(bar).toContainText('Online');

    // The platform hangs: connections accepted, no answer.
    await knobs({ paused: true });

    // The office suspends the first customer for debt (the customer's page sends services.setStatus).
    await hostCommand(ownHost, request, 'services.setStatus', { serviceId: '711', status: 'suspenso_debito' });
    const changedAt = Date.now();

    await expect(bar).toContainText('Campsoft sem resposta', { timeout: 30_000 });
    expect(Date.now() - changedAt).toBeLessThan(30_000);
    await expect(bar).toContainText(/última resposta há \d+ (s|min)/);
    await expect(bar).not.toContainText('Transmitindo');
    await expect(bar).toContainText('1 pendente de transmissão');
    await screenshot(page, '37-campsoft-sem-resposta-barra');

    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Transmissões', exact: true }).click();
    await expect.poll(() => filterCount(page, 'Pendente')).toBe(1);
    expect(await filterCount(page, 'Ativo')).toBe(CUSTOMERS - 1);
    expect(await filterCount(page, 'Enviando')).toBe(0);
    await expect(page.getByText(/Sem resposta da plataforma: 1 vínculo aguardando\. A transmissão recomeça sozinha quando ela voltar a responder/)).toBeVisible();
    const rows = page.getByRole('table', { name: 'Vínculos' }).getByRole('row');
    const suspendedRow = rows.filter({ hasText: 'Joana Prado Lima' });
    await expect(suspendedRow).toContainText('Suspensão aguardando a Campsoft');
    await expect(suspendedRow).not.toContainText('Ativo');
    await page.getByRole('button', { name: /^Pendente \(1\)$/ }).click();
    await expect(rows).toHaveCount(2);
    await screenshot(page, '38-campsoft-sem-resposta-transmissoes');
    await expectNoSeriousA11y(page);
    // Nothing reached the platform: it still has the licence active.
    expect([...sandbox.store.subscribers.get('711')!.licenses.values()].map((l) => l.status)).toEqual(['active']);

    // It answers again: the office is told, and the suspension goes by itself, once.
    const patchesBefore = sandbox.stats().requests['PATCH /subscribers/:contract_identifier/licenses/:label'] ?? 0;
    await knobs({ paused: false });
    await expect(bar).toContainText('Online', { timeout: 30_000 });
    await expect.poll(() => [...sandbox.store.subscribers.get('711')!.licenses.values()].map((l) => l.status), { timeout: 30_000 }).toEqual(['suspended']);
    await expect.poll(() => filterCount(page, 'Suspenso'), { timeout: 15_000 }).toBe(1);
    expect(await filterCount(page, 'Pendente')).toBe(0);
    await expect(bar).not.toContainText('pendente');
    // sent once: the request that hung was the login of the run, never the suspension itself
    expect((sandbox.stats().requests['PATCH /subscribers/:contract_identifier/licenses/:label'] ?? 0) - patchesBefore).toBe(1);
    await page.getByRole('button', { name: /^Suspenso \(1\)$/ }).click();
    await expect(page.getByRole('table', { name: 'Vínculos' }).getByRole('row').filter({ hasText: 'Joana Prado Lima' })).toContainText('Suspenso');
    await screenshot(page, '39-campsoft-respondeu-suspenso');

    // Conferir com a plataforma reads what the Campsoft bills; the Painel shows that figure, and when.
    await page.getByRole('tab', { name: 'Conferir com a plataforma' }).click();
    await page.getByRole('button', { name: 'Conferir com a plataforma' }).click();
    await expect(page.getByRole('group', { name: 'Resumo da conferência' })).toContainText(`Licenças ativas na plataforma: ${CUSTOMERS - 1}`);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Painel', exact: true }).click();
    await expect(page.getByText(new RegExp(`${CUSTOMERS - 1} licenças ativas na plataforma \\(lido em \\d{2}/\\d{2}/\\d{4}`))).toBeVisible();
    const active = page.getByText('Licenças ativas', { exact: true }).locator('..');
    await expect(active).toContainText(String(CUSTOMERS - 1));
    await expect(active).toContainText('1 suspensa por débito ou status');
    await screenshot(page, '40-painel-licencas-na-plataforma');
    await expectNoSeriousA11y(page);
  } finally {
    await knobs({ paused: false }).catch(() => undefined);
    await sandbox.close();
  }
});
