import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The real 'electron' module cannot load outside Electron (and its binary is not installed on CI):
// every test sees the one mock instead.
const electronMock = fileURLToPath(new URL('./test/mocks/electron.ts', import.meta.url));

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
    projects: [
      {
        resolve: { alias: { electron: electronMock } },
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/store/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/build/**/*.test.ts'],
          exclude: ['test/store/**/*.pg.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same store tests on the office's server engine: a throwaway PostgreSQL on loopback.
        // What only the embedded file has (its file, its crash recovery, the old IndexedDB move) stays in `node`.
        resolve: { alias: { electron: electronMock } },
        test: {
          name: 'store-pg',
          environment: 'node',
          include: ['test/store/**/*.test.ts'],
          exclude: ['test/store/open.test.ts', 'test/store/import-crash.test.ts'],
          env: { SVA_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/support/pg-global.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        resolve: { alias: { electron: electronMock } },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/component/**/*.test.{ts,tsx}'],
          setupFiles: ['test/component/setup.ts'],
          testTimeout: 90_000,
        },
      },
    ],
  },
});
