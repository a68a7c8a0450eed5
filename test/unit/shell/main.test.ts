/**
 * The shell's wiring, loaded against the electron mock: the security flags, hooks and handlers
 * main.ts installs. Electron itself cannot run here (TOOLCHAIN.md); test/electron covers the real thing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandChannel, commandNames, eventChannel } from '../../../shared/contract';
import { app, BrowserWindow, fakeEvent, fakeInvokeEvent, ipcMain, net, protocol, session, shell } from '../../mocks/electron';

// electron-updater requires the real 'electron' (which would try to download its binary here):
// a stand-in updater that records how main set it up.
const updater = vi.hoisted(() => ({
  autoDownload: true,
  autoInstallOnAppQuit: false,
  logger: null as unknown,
  currentVersion: { version: '0.0.0' },
  on: () => updater,
  setFeedURL: () => {},
  checkForUpdates: async () => null,
  downloadUpdate: async () => [],
  quitAndInstall: () => {},
}));
vi.mock('electron-updater', () => ({ default: { autoUpdater: updater } }));

const userData = mkdtempSync(join(tmpdir(), 'sva-main-'));
let win: BrowserWindow;

beforeAll(async () => {
  // Only the poll timer is faked, so file and promise work stays real.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  process.env.SVA_DESK_USER_DATA = userData;
  app.isPackaged = true; // packaged: the logger writes to its file only, keeping test output clean
  await import('../../../electron/main');
  // The host thread starts first (from the TypeScript sources here: a few seconds under tsx).
  await vi.waitFor(() => expect(BrowserWindow.windows).toHaveLength(1), { timeout: 30_000 });
  win = BrowserWindow.windows[0];
});
afterAll(() => {
  vi.useRealTimers();
  delete process.env.SVA_DESK_USER_DATA;
});

describe('updates', () => {
  it('an installed app sets the updater up at start: downloads by its own check, installs at the next close', () => {
    expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: true });
    expect(updater.logger).not.toBeNull();
  });
});

describe('main window', () => {
  it('keeps its data in the folder SVA_DESK_USER_DATA names', () => {
    expect(app.getPath('userData')).toBe(userData);
  });

  it('opens one sandboxed, isolated window without Node, loading the app:// origin', () => {
    expect(app.sandboxed).toBe(true);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]preload\.cjs$/);
    expect(win.loadedUrl).toBe('app://sva-desk/index.html');
  });

  it('registers app:// as a standard, secure scheme with fetch, and serves it', () => {
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(protocol.handlers.has('app')).toBe(true);
  });

  it('answers the app window over IPC for every command and refuses others', async () => {
    expect(ipcMain.channels().sort()).toEqual(commandNames.map(commandChannel).sort());
    const ok = await ipcMain.invoke(commandChannel('app.info'), fakeInvokeEvent({ url: 'app://sva-desk/index.html' }), {});
    expect(ok).toMatchObject({ ok: true, data: { host: 'electron', name: 'SVA Desk' } });
    const refused = await ipcMain.invoke(commandChannel('app.info'), fakeInvokeEvent({ url: 'https://evil.example/' }), {});
    expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
  });
});

describe('security hooks', () => {
  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    session.defaultSession.permissionRequestHandler?.(win.webContents, 'media', (granted) => answers.push(granted), {});
    expect(answers).toEqual([false]);
    expect(session.defaultSession.permissionCheckHandler?.(win.webContents, 'notifications', 'app://sva-desk', {})).toBe(false);
  });

  it('keeps navigation and redirects inside the app', () => {
    const away = fakeEvent();
    win.webContents.emit('will-navigate', away, 'https://evil.example/');
    const redirect = fakeEvent();
    win.webContents.emit('will-redirect', redirect, 'file:///etc/passwd');
    const inside = fakeEvent();
    win.webContents.emit('will-navigate', inside, 'app://sva-desk/planos');
    expect([away.defaultPrevented, redirect.defaultPrevented, inside.defaultPrevented]).toEqual([true, true, false]);
  });

  it('blocks <webview>', () => {
    const event = fakeEvent();
    win.webContents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('never opens a new window; http(s) links go to the system browser, others nowhere', () => {
    const handler = win.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://campsoft.com.br/ajuda' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://campsoft.com.br/ajuda']);
  });
});

describe('network watch', () => {
  it('tells the app window when the network drops and returns, once per change', async () => {
    // main polls the OS (faked timer) and tells the host thread, whose watch (real timers) announces it
    win.webContents.sent.length = 0;
    const statuses = () => win.webContents.sent.filter((m) => m.channel === eventChannel('network.status')).map((m) => (m.payload as { online: boolean }).online);
    net.online = false;
    vi.advanceTimersByTime(5_000);
    await vi.waitFor(() => expect(statuses()).toEqual([false]), { timeout: 20_000 });
    vi.advanceTimersByTime(5_000);
    net.online = true;
    vi.advanceTimersByTime(5_000);
    await vi.waitFor(() => expect(statuses()).toEqual([false, true]), { timeout: 20_000 });
  });

  it('sends nothing to a window that navigated away from the app', () => {
    win.webContents.sent.length = 0;
    win.webContents.url = 'https://evil.example/';
    net.online = false;
    vi.advanceTimersByTime(5_000);
    expect(win.webContents.sent).toEqual([]);
    win.webContents.url = 'app://sva-desk/index.html';
  });
});
