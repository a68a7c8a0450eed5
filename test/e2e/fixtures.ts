import { mkdirSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config';

export const SCREENSHOTS = 'reports/screenshots';
mkdirSync(SCREENSHOTS, { recursive: true });

/** Opens the app as a user would (the printed URL with the token) and waits until it is ready. */
export async function openApp(page: Page, hash = '') {
  await page.goto(`/?token=${E2E_TOKEN}${hash ? `#${hash}` : ''}`);
  await expect(page.getByRole('status', { name: 'Barra de status' })).toContainText('SVA Desk 0.');
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

export const test = base;
export { expect };
