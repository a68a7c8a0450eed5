import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config';

export const SCREENSHOTS = 'reports/screenshots';
mkdirSync(SCREENSHOTS, { recursive: true });

/** The printed address: the token in the fragment, then the app's hash route after `&`. */
export const appPath = (hash = '') => `/#token=${E2E_TOKEN}${hash ? `&${hash}` : ''}`;

/** Opens the app as a user would (the printed URL with the token) and waits until it is ready. */
export async function openApp(page: Page, hash = '') {
  await page.goto(appPath(hash));
  await expect(page.getByRole('status', { name: 'Barra de status' })).toContainText('SVA Desk 0.');
}

export async function screenshot(page: Page, name: string) {
  // What the clerk sees in the window (a full-page capture draws the fixed header and status bar mid-page).
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

export const test = base;
export { expect };

/**
 * Adds a Sandbox integration through the wizard, as a new user would, and syncs its products.
 * Returns to the caller on the products page of the new integration.
 */
export async function addSandboxIntegration(page: Page, description = 'Campsoft (Sandbox)') {
  await openApp(page, '/configuracoes/integracoes/plataformas-de-conteudo/nova');
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await page.getByLabel('Descrição').fill(description);
  await page.locator('label').filter({ hasText: /^Sandbox$/ }).click();
  await page.getByRole('button', { name: 'Preencher credenciais de demonstração do sandbox' }).click();
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Produtos de "${description}"` })).toBeVisible();
  await page.getByRole('button', { name: 'Sincronizar' }).click();
  await expect(page.getByText('Sincronização concluída')).toBeVisible();
}

/**
 * Axe on the resting screen: no serious or critical violation. Resting: the mouse moved away from
 * the last click, and every finite animation finished; a toast fading in has text nearly as light as
 * its background, and axe would measure the fade, not the screen. (Spinners loop forever: not waited.)
 */
export async function expectNoSeriousA11y(page: Page) {
  await page.mouse.move(0, 0);
  await page.waitForFunction(
    () => {
      const opaque = (el: Element) => {
        for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) if (getComputedStyle(e).opacity !== '1') return false;
        return true;
      };
      // a toast is mounted transparent a frame before its fade starts: wait until it is fully shown
      const toastsShown = [...document.querySelectorAll('.mantine-Notification-root')].every(opaque);
      return toastsShown && document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
    },
    undefined,
    { timeout: 5_000 },
  );
  // Toasts sit under an open dialog's overlay by design (they must not cover its buttons): dimmed there
  // like the page behind it, which axe does not measure either. Without a dialog they are checked.
  const dialogOpen = await page.getByRole('dialog').count() > 0;
  const axe = await (dialogOpen ? new AxeBuilder({ page }).exclude('.mantine-Notifications-root') : new AxeBuilder({ page })).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${(n.failureSummary ?? '').slice(0, 240)}`).join(' | ')}`)).toEqual([]);
}
