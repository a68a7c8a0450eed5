import { defineConfig } from '@playwright/test';

/**
 * Electron smoke: the real shell, preload and IPC. Runs only where the Electron binary exists
 * (not on the build machines, TOOLCHAIN.md); the spec skips itself and says why elsewhere.
 * Linux without a display: run under xvfb-run.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  // Counted by `npm test` (scripts/test.ts), with or without the CI variable.
  reporter: [['list'], ['json', { outputFile: '../../reports/playwright-electron.json' }]],
});
