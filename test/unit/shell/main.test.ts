/**
 * The shell's wiring, loaded against the electron mock: the security flags, hooks and handlers
 * main.ts installs. Electron itself cannot run here (TOOLCHAIN.md); test/electron covers the real thing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandChannel, commandNames, eventChannel } from '../../../shared/contract';
import { app, BrowserWindow, fakeEvent, fakeInvokeEvent, ipcMain, net, protocol, session, shell, Tray } from '../../mocks/electron';

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

// Last: these close the window and, at the end, quit (the host thread stops).
describe('in the background (issue 14)', () => {
  const appUrl = fakeInvokeEvent({ url: 'app://sva-desk/index.html' });
  const command = (name: Parameters<typeof commandChannel>[0], input: unknown) => ipcMain.invoke(commandChannel(name), appUrl, input) as Promise<{ ok: boolean; code?: string; data?: unknown }>;
  const tray = () => Tray.trays[0];

  it("puts SVA Desk in the tray, the host's state in the tooltip and the menu, and follows it", async () => {
    expect(Tray.trays).toHaveLength(1);
    expect(tray().image).toMatchObject({ size: { width: 16, height: 16 } });
    // a new office: nothing to send, the routine at its default hour
    await vi.waitFor(() => expect(tray().toolTip).toBe('SVA Desk — tudo transmitido, rotina diária às 04:00'), { timeout: 20_000 });
    expect(tray().menu?.items.map((i) => i.label ?? i.type)).toEqual(['SVA Desk — tudo transmitido, rotina diária às 04:00', 'separator', 'Abrir SVA Desk', 'Sair']);
    expect(await command('settings.set', { key: 'schedule', value: { hour: 6 } })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(tray().toolTip).toBe('SVA Desk — tudo transmitido, rotina diária às 06:00'), { timeout: 20_000 });
  });

  it('closing the window leaves the app running in the tray, and the host working', async () => {
    const quits = app.quitCalls;
    win.close();
    expect(BrowserWindow.windows).toHaveLength(0);
    expect(app.quitCalls).toBe(quits);
    expect(tray().destroyed).toBe(false);
    // the host answers and still acts on what it is told: the tooltip follows the routine's new hour
    expect(await command('settings.set', { key: 'schedule', value: { hour: 7 } })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(tray().toolTip).toBe('SVA Desk — tudo transmitido, rotina diária às 07:00'), { timeout: 20_000 });
  });

  it('a second start, "Abrir SVA Desk" and the dock bring the window back: made again when closed, restored and focused', () => {
    app.emit('second-instance', fakeEvent(), [], '/');
    expect(BrowserWindow.windows).toHaveLength(1);
    const again = BrowserWindow.windows[0];
    expect(again).not.toBe(win);
    expect(again.loadedUrl).toBe('app://sva-desk/index.html');

    again.minimize();
    app.emit('second-instance', fakeEvent(), [], '/');
    expect({ windows: BrowserWindow.windows.length, minimized: again.isMinimized(), visible: again.isVisible(), focused: again.focused }).toEqual({ windows: 1, minimized: false, visible: true, focused: true });

    again.close();
    tray().click('Abrir SVA Desk');
    expect(BrowserWindow.windows).toHaveLength(1);
    BrowserWindow.windows[0].close();
    app.emit('activate', fakeEvent(), false);
    expect(BrowserWindow.windows).toHaveLength(1);
    // a click on the icon too
    BrowserWindow.windows[0].blur();
    tray().emit('click');
    expect(BrowserWindow.windows[0].focused).toBe(true);
  });

  it('"Abrir com o sistema" registers this desk with the system, opening in the tray; off removes it', async () => {
    expect(app.loginItem).toEqual({ openAtLogin: false, args: [] });
    expect(await command('settings.set', { key: 'desk.startAtLogin', value: true })).toMatchObject({ ok: true, data: { startAtLogin: true } });
    await vi.waitFor(() => expect(app.loginItem).toEqual({ openAtLogin: true, args: ['--hidden'] }), { timeout: 20_000 });
    expect(await command('settings.set', { key: 'desk.startAtLogin', value: false })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(app.loginItem).toEqual({ openAtLogin: false, args: [] }), { timeout: 20_000 });
  });

  it('"Sair" stops the host first, then quits, and takes the icon away', async () => {
    expect(app.quitted).toBe(false);
    tray().click('Sair');
    // before-quit is held while the host stops
    expect(app.quitted).toBe(false);
    await vi.waitFor(() => expect(app.quitted).toBe(true), { timeout: 20_000 });
    expect(tray().destroyed).toBe(true);
    await vi.waitFor(async () => expect(await command('app.info', {})).toMatchObject({ ok: false, code: 'HOST_STOPPED' }), { timeout: 20_000 });
  });
});
