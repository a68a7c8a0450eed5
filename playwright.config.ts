import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the browser host,
 * which serves the real renderer build and the real host services on 127.0.0.1.
 */
export const E2E_PORT = Number(process.env.SVA_E2E_PORT ?? 47831);
export const E2E_TOKEN = 'e2e-session-token';
// Set once in the runner so the workers (which load this file again) see the same folder.
process.env.SVA_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'sva-e2e-'));
/** The browser host's data folder: vault and log, inspected by the secret-leak test. */
export const E2E_DATA_DIR = process.env.SVA_E2E_DATA;
const dataDir = E2E_DATA_DIR;

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: process.env.SVA_E2E_OUTPUT ?? 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // The JSON report is what `npm test` counts: always written, so the total never depends on the CI variable.
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport: { width: 1366, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Without the background-networking flags Chromium's own calls hit the closed network.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    // The bundled host (npm run build:web) starts in ~0.2 s, against ~1.2 s through tsx.
    command: `node out/web/cli.js --no-open --port ${E2E_PORT} --data-dir ${dataDir}`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    env: { SVA_DESK_TOKEN: E2E_TOKEN, CI: '1' },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
