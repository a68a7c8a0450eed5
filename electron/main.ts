/**
 * The thin Electron shell: lifecycle, the one window, the security hooks, and the wiring of the
 * Electron-free host. Rules live in electron/host (security.ts, vault.ts, log.ts), tested in Node.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, net, protocol, safeStorage, session, shell, Tray, type WebContents } from 'electron';
import electronUpdater from 'electron-updater';
import { AppError, eventChannel, type EventName, type Settings, type SyncState } from '../shared/contract';
import { allowedExternalUrl, EXTERNAL_REFUSED } from './host/external-links';
import { hostThreadEntry, startHostThread } from './host/thread/start';
import { createLogger } from './host/log';
import type { Dispatch } from './host/dispatch';
import type { Emit } from './host/ports';
import { APP_ENTRY_URL, APP_SCHEME, createAppProtocolHandler, isAppUrl } from './host/security';
import { electronCipher } from './host/vault';
import { registerIpc } from './ipc';
import { createBackground, loginItem, startedAtLogin, trayState, type Background } from './tray';
import { createUpdates } from './updater';

const here = fileURLToPath(new URL('.', import.meta.url));
const PRELOAD = join(here, '../preload/preload.cjs');
const RENDERER_ROOT = join(here, '../renderer');

// Tests and a second profile point userData elsewhere; must happen before the lock, which is per userData.
if (process.env.SVA_DESK_USER_DATA) app.setPath('userData', process.env.SVA_DESK_USER_DATA);

// Must run before 'ready'. standard+secure gives app:// a real origin, so IndexedDB and fetch work.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let appWindow: BrowserWindow | null = null;
/** Set once the host answers: the tray, the window's return, the clean quit. */
let background: Background | null = null;
/** The tray's icon: shipped beside app.asar (electron-builder extraResources); the build folder in development. */
const trayIcon = () => (app.isPackaged ? join(process.resourcesPath, 'tray-icon.png') : join(app.getAppPath(), 'build', 'icon.png'));

function hardenContents(contents: WebContents): void {
  const denyForeign = (event: Electron.Event, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', denyForeign);
  contents.on('will-redirect', denyForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const safe = allowedExternalUrl(url);
    if (safe) void shell.openExternal(safe);
    return { action: 'deny' };
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: 'SVA Desk',
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // a middle click on a link would open it in a new window (electronegativity AUXCLICK_JS_CHECK)
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (appWindow === win) appWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** A second start while this one still opens its data (say, started by the system into the tray). */
let windowAsked = false;

/** Brings the window back (a second start, the tray, the dock): restored, shown, focused; made again when closed. */
function showWindow(): void {
  if (!app.isReady() || !background) {
    windowAsked = true; // still starting: start() opens it
    return;
  }
  if (!appWindow || appWindow.isDestroyed()) {
    appWindow = createWindow();
    return;
  }
  if (appWindow.isMinimized()) appWindow.restore();
  appWindow.show();
  appWindow.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const logger = createLogger({ file: join(userData, 'logs', 'main.jsonl'), console: !app.isPackaged });

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_ROOT));

  const cipher = electronCipher(safeStorage);
  // This desk's "Abrir com o sistema" (Configurações), registered with the system. Only for an
  // installed app: a development run would register the bare Electron binary.
  let loginItemOpen: boolean | null = null;
  let dispatchToHost: Dispatch | null = null;
  const applyLoginItem = async () => {
    if (!dispatchToHost) return; // the host is still opening: start() applies it once it answers
    const r = await dispatchToHost('settings.get', {});
    if (!r.ok) return;
    const open = (r.data as Settings).startAtLogin;
    if (open === loginItemOpen) return;
    loginItemOpen = open;
    if (app.isPackaged) app.setLoginItemSettings(loginItem(open));
  };
  // What main hears from the host besides passing it to the window: the tray's line, the login item.
  function observe(event: EventName, payload: unknown): void {
    if (event === 'sync.state') void background?.changed();
    else if (event === 'data.changed') {
      void background?.changed();
      if ((payload as { tables: string[] }).tables.includes('settings')) void applyLoginItem();
    }
  }

  const emit: Emit = (event, payload) => {
    observe(event, payload);
    const wc = appWindow && !appWindow.isDestroyed() ? appWindow.webContents : null;
    // Only the app window, and only while it shows the app: a navigated-away page gets nothing.
    if (wc && isAppUrl(wc.getURL())) wc.send(eventChannel(event), payload);
  };

  // The backend in its own thread (store, services, sync engine): the window never waits on it. The
  // vault's cipher (safeStorage) answers only here, so the vault stays on this thread.
  const host = await startHostThread({
    ...hostThreadEntry(import.meta.url, './host/thread/host-thread.ts'),
    host: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    dataDir: userData,
    secureStorage: () => cipher.state(),
    cipher,
    // Chromium's network stack: the system proxy and certificate store an office network may require.
    fetch: (input, init) => net.fetch(input instanceof URL ? input.toString() : input, init),
    isOnline: () => net.isOnline(),
    openExternal: async (url) => {
      const safe = allowedExternalUrl(url);
      if (!safe) throw new AppError('INVALID_URL', EXTERNAL_REFUSED);
      await shell.openExternal(safe);
    },
    emit,
    logger,
  });
  registerIpc(ipcMain, host.dispatch, logger);
  dispatchToHost = host.dispatch;

  // Updates only for an installed app (a development run has no app-update.yml and no installer).
  let updates: ReturnType<typeof createUpdates> | null = null;
  const startUpdates = () => {
    if (!app.isPackaged) return;
    updates = createUpdates({
      updater: electronUpdater.autoUpdater,
      feedUrl: async () => {
        const r = await host.dispatch('settings.get', {});
        return r.ok ? (r.data as { updates: { url: string | null } }).updates.url : null;
      },
      passing: async () => {
        const r = await host.dispatch('sync.state', {});
        if (!r.ok) return true; // unknown: do not restart
        const s = r.data as { passing: boolean; runs: { status: string }[] };
        return s.passing || s.runs.some((run) => run.status === 'running');
      },
      askRestart: async (version) => {
        const options = {
          type: 'info' as const,
          title: 'Atualização do SVA Desk',
          message: `A versão ${version} do SVA Desk foi baixada.`,
          detail: 'Reinicie agora para instalá-la. Se preferir, ela será instalada quando o SVA Desk for fechado.',
          buttons: ['Reiniciar agora', 'Depois'],
          defaultId: 0,
          cancelId: 1,
        };
        const { response } = appWindow ? await dialog.showMessageBox(appWindow, options) : await dialog.showMessageBox(options);
        return response === 0;
      },
      logger,
    });
    updates.start();
  };

  background = createBackground({
    createTray: () => new Tray(nativeImage.createFromPath(trayIcon()).resize({ width: 16, height: 16 })),
    buildMenu: (items) => Menu.buildFromTemplate(items),
    showWindow,
    readState: async () => {
      const [sync, states] = await Promise.all([host.dispatch('sync.state', {}), host.dispatch('links.states', {})]);
      return sync.ok && states.ok ? trayState(sync.data as SyncState, (states.data as { counts: { pending: number } }).counts) : null;
    },
    stop: async () => {
      updates?.dispose();
      await host.dispose();
    },
    quit: () => app.quit(),
    platform: process.platform,
    logger,
  });
  const inTray = background.start();
  // Sair, Cmd+Q, the updater's restart: the host stops cleanly first.
  app.on('before-quit', (event) => background?.beforeQuit(event));
  // Closing the window leaves the app in the tray with the host working; without a tray it quits.
  app.on('window-all-closed', () => {
    if (background?.inTray) background.windowClosed();
    else if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => showWindow());
  void applyLoginItem();

  const hidden = inTray && !windowAsked && startedAtLogin(process.argv, process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  logger.info('app: started', { version: app.getVersion(), platform: process.platform, secureStorage: cipher.state(), inTray, hidden });
  if (!hidden) appWindow = createWindow();
  // After the window: an updater that cannot start (no app-update.yml, a broken install) is
  // noted in the log and never keeps the app from opening.
  try {
    startUpdates();
  } catch (err) {
    logger.warn('updates not started', { message: err instanceof Error ? err.message : String(err) });
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second start (the shortcut clicked again) brings this one's window back.
  app.on('second-instance', () => showWindow());
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  start().catch((err: unknown) => {
    console.error('SVA Desk failed to start:', err instanceof Error ? err.message : 'unknown error');
    app.exit(1);
  });
}
