/**
 * Foundation budgets: the renderer's initial JavaScript (gzipped) and the cold start of the browser
 * host to the first interactive screen in Chromium.
 */
import { execSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { sql } from 'kysely';
import { openStore, STORE_FILE } from '../../electron/host/store/store';
import { writeSimpleOffice } from '../store/office';
import type { BenchFigure } from './figure';

const root = resolve(import.meta.dirname, '../..');
const rendererDir = join(root, 'out/renderer');

/** What index.html loads before anything else: its entry script and the chunks it preloads. */
export function initialJsGzipKb(): number {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(rendererDir, f))).length, 0);
  return bytes / 1024;
}

export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/**
 * From spawning the host process (the bundled out/web/cli.js, as `npm start` runs it) on a store
 * holding 100,000 customers to the status bar showing the version, in a browser that is already open (the office's browser is; launching
 * Chromium itself is not the app's cost) with an empty cache and profile.
 */
async function coldStartMs(port: number, browser: Browser, store: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-bench-'));
  copyFileSync(store, join(dataDir, STORE_FILE));
  const token = 'bench-token';
  // A fresh profile (empty cache, empty IndexedDB), opened before the clock starts.
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = performance.now();
  const host = spawn(process.execPath, [join(root, 'out/web/cli.js'), '--no-open', '--port', String(port), '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, SVA_DESK_TOKEN: token, CI: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((ok, fail) => {
      host.stdout!.on('data', (d: Buffer) => d.toString().includes('http://127.0.0.1') && ok());
      host.on('exit', (code) => fail(new Error(`host exited ${code}`)));
    });
    await page.goto(`http://127.0.0.1:${port}/#token=${token}`);
    await page.getByText(/SVA Desk \d+\.\d+\.\d+ · host web/).waitFor();
    return performance.now() - started;
  } finally {
    await context.close();
    host.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A store with 100,000 customers, each with a service and a linked package, as a file to copy. */
async function bigStore(): Promise<{ file: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'sva-bench-store-'));
  const file = join(dir, STORE_FILE);
  const store = await openStore({ engine: 'sqlite', file });
  await writeSimpleOffice(store, CUSTOMERS);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
  await store.close();
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const CUSTOMERS = 100_000;

export async function run(): Promise<BenchFigure[]> {
  execSync('npm run build:web --silent', { cwd: root, stdio: 'inherit' });
  const store = await bigStore();
  const browser = await chromium.launch(chromiumLaunch);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push(await coldStartMs(47950 + i, browser, store.file));
  await browser.close();
  store.dispose();
  runs.sort((a, b) => a - b);
  return [
    { name: 'renderer.initial_js_gzip_kb', value: Math.round(initialJsGzipKb() * 10) / 10, unit: 'KB', goal: '<= 350' },
    { name: 'startup.first_interactive_ms', value: Math.round(runs[1]), unit: 'ms', goal: '<= 1500' },
  ];
}
