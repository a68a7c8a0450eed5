import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinary } from '../../scripts/electron-start';

const root = join(import.meta.dirname, '..', '..');
const binary = electronBinary(root);

test.describe('Electron shell', () => {
  test.skip(!binary, 'binário do Electron ausente nesta máquina (download bloqueado)');

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(async () => {
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
    expect(build.status, build.stderr).toBe(0);
    // A fresh profile per run: no IndexedDB, vault or single-instance lock left from another run.
    userData = mkdtempSync(join(tmpdir(), 'sva-electron-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [root],
      cwd: root,
      env: { ...process.env, SVA_DESK_USER_DATA: userData },
      timeout: 30_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('opens one window titled SVA Desk from the app:// origin', async () => {
    expect(await page.title()).toBe('SVA Desk');
    expect(page.url()).toMatch(/^app:\/\/sva-desk\//);
    const windowTitles = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getTitle()));
    expect(windowTitles).toEqual(['SVA Desk']);
  });

  test("runs the embedded store's engine: node:sqlite is built into the Node this Electron ships", async () => {
    const found = await app.evaluate(() => {
      const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
      const db = new DatabaseSync(':memory:');
      return { node: process.versions.node, one: db.prepare('SELECT 1 AS one').get() };
    });
    expect(Number(found.node.split('.')[0])).toBeGreaterThanOrEqual(22);
    expect(found.one).toEqual({ one: 1 });
  });

  test('answers app.info through the preload bridge', async () => {
    const res = await page.evaluate(() => (window as unknown as { api: { commands: Record<string, (i: unknown) => Promise<unknown>> } }).api.commands['app.info']({}));
    expect(res).toMatchObject({ ok: true, data: { name: 'SVA Desk', host: 'electron' } });
  });

  test('gives the page no Node: no require, no process, no ipcRenderer', async () => {
    const exposed = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      apiKeys: Object.keys((window as unknown as { api: object }).api).sort(),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', apiKeys: ['commands', 'on'] });
  });

  test('refuses to navigate the window away from the app', async () => {
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/sva-desk\//);
  });
});
