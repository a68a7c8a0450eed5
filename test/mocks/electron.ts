/**
 * The one mock of the 'electron' module (vitest aliases 'electron' here). The real module cannot
 * load in plain Node, and its binary is not installed on these machines (TOOLCHAIN.md).
 *
 * ipcMain keeps a real handler registry and ipcRenderer.invoke routes into it with a fake event
 * from the app's top frame, so preload → ipc → dispatch can be exercised end to end.
 */
import { EventEmitter } from 'node:events';

export type FakeFrame = { url: string; parent: FakeFrame | null };
export type FakeInvokeEvent = { senderFrame: FakeFrame | null; sender: { id: number } };

export function fakeInvokeEvent(opts: { url: string; isMainFrame?: boolean }): FakeInvokeEvent {
  const top: FakeFrame = { url: opts.url, parent: null };
  const frame = opts.isMainFrame === false ? { url: opts.url, parent: top } : top;
  return { senderFrame: frame, sender: { id: 1 } };
}

type InvokeHandler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

const handlers = new Map<string, InvokeHandler>();

export const ipcMain = {
  handle(channel: string, handler: InvokeHandler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    handlers.delete(channel);
  },
  /** Test helper: what Electron would do when a renderer invokes `channel`. */
  async invoke(channel: string, event: FakeInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  },
  channels: () => [...handlers.keys()],
  reset: () => handlers.clear(),
};

const rendererBus = new EventEmitter();
export const ipcRenderer = {
  invoke: (channel: string, ...args: unknown[]) => ipcMain.invoke(channel, fakeInvokeEvent({ url: 'app://sva-desk/index.html' }), ...args),
  on(channel: string, listener: (...args: unknown[]) => void) {
    rendererBus.on(channel, listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: (...args: unknown[]) => void) {
    rendererBus.removeListener(channel, listener);
    return ipcRenderer;
  },
  /** Test helper: main sending an event to this renderer. */
  emitFromMain: (channel: string, payload: unknown) => rendererBus.emit(channel, { sender: null }, payload),
  listenerCount: (channel: string) => rendererBus.listenerCount(channel),
};

export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld(key: string, value: unknown) {
    contextBridge.exposed[key] = value;
  },
};

// Electron sets it in every main process: where app.asar and the extra resources are.
(process as { resourcesPath?: string }).resourcesPath ??= '/tmp/sva-desk-mock/resources';

const paths: Record<string, string> = { userData: '/tmp/sva-desk-mock/userData', logs: '/tmp/sva-desk-mock/logs' };
export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getName: () => 'SVA Desk',
  getVersion: () => '0.0.0-test',
  getPath: (name: string) => paths[name] ?? `/tmp/sva-desk-mock/${name}`,
  setPath: (name: string, value: string) => {
    paths[name] = value;
  },
  getAppPath: () => process.cwd(),
  sandboxed: false,
  enableSandbox: () => {
    app.sandboxed = true;
  },
  requestSingleInstanceLock: () => true,
  ready: false,
  whenReady: () => {
    app.ready = true;
    return Promise.resolve();
  },
  isReady: () => app.ready,
  /** how many times app.quit() was called; a test sees whether closing the window quit */
  quitCalls: 0,
  /** Like Electron: 'before-quit' first (a listener may prevent it), then 'will-quit' and 'quit'. */
  quit: () => {
    app.quitCalls++;
    const event = fakeEvent();
    app.emit('before-quit', event);
    if (event.defaultPrevented) return;
    app.quitted = true;
    app.emit('will-quit', fakeEvent());
    app.emit('quit', fakeEvent(), 0);
  },
  quitted: false,
  exit: () => undefined,
  loginItem: { openAtLogin: false, args: [] as string[] },
  setLoginItemSettings: (settings: { openAtLogin: boolean; args?: string[] }) => {
    app.loginItem = { openAtLogin: settings.openAtLogin, args: settings.args ?? [] };
  },
  getLoginItemSettings: () => ({ openAtLogin: app.loginItem.openAtLogin, wasOpenedAtLogin: false }),
});

/** An Electron event a test can inspect after a hook ran. */
export function fakeEvent() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

class FakeWebContents extends EventEmitter {
  url = '';
  sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  getURL() {
    return this.url;
  }
  setWindowOpenHandler(handler: WindowOpenHandler) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  static windows: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.windows;
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(public options: Record<string, unknown> = {}) {
    super();
    BrowserWindow.windows.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.url = url;
    return Promise.resolve();
  }
  destroyed = false;
  visible = true;
  minimized = false;
  focused = false;
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused = true;
  }
  blur() {
    this.focused = false;
  }
  minimize() {
    this.minimized = true;
    this.focused = false;
  }
  restore() {
    this.minimized = false;
  }
  isMinimized() {
    return this.minimized;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Like the clerk's click on ×: 'close' (preventable), then 'closed'; the last window gone, 'window-all-closed'. */
  close() {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.emit('closed');
    BrowserWindow.windows = BrowserWindow.windows.filter((w) => w !== this);
    if (BrowserWindow.windows.length === 0) app.emit('window-all-closed');
  }
}

export type FakeMenuItem = { label?: string; type?: string; enabled?: boolean; click?: () => void };

export const Menu = {
  buildFromTemplate: (items: FakeMenuItem[]) => ({ items }),
};

type FakeImage = { path: string; size: { width: number; height: number } | null; resize(size: { width: number; height: number }): FakeImage };
export const nativeImage = {
  createFromPath: (path: string): FakeImage => ({
    path,
    size: null,
    resize(size) {
      return { ...this, size };
    },
  }),
};

/** The system tray icon (Windows) / menu bar item (macOS). */
export class Tray extends EventEmitter {
  static trays: Tray[] = [];
  toolTip = '';
  menu: { items: FakeMenuItem[] } | null = null;
  balloons: Array<{ title: string; content: string }> = [];
  destroyed = false;
  constructor(public image: FakeImage) {
    super();
    Tray.trays.push(this);
  }
  setToolTip(text: string) {
    this.toolTip = text;
  }
  setContextMenu(menu: { items: FakeMenuItem[] } | null) {
    this.menu = menu;
  }
  displayBalloon(options: { title: string; content: string }) {
    this.balloons.push(options);
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Test helper: the clerk picks a menu item by its label. */
  click(label: string) {
    const item = this.menu?.items.find((i) => i.label === label);
    if (!item?.click) throw new Error(`No menu item '${label}'`);
    item.click();
  }
}

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable: () => safeStorage.available,
  getSelectedStorageBackend: () => safeStorage.backend,
  // Reversible but not clear text, so a test can still see that the plain secret is absent.
  encryptString: (plain: string) => Buffer.from('mock:' + Buffer.from(plain, 'utf8').toString('base64'), 'utf8'),
  decryptString: (buf: Buffer) => {
    const s = buf.toString('utf8');
    if (!s.startsWith('mock:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(s.slice(5), 'base64').toString('utf8');
  },
};

export const net = {
  online: true,
  isOnline: () => net.online,
  fetch: (input: string | Request, init?: RequestInit) => fetch(input, init),
};

export const shell = {
  opened: [] as string[],
  openExternal: async (url: string) => {
    shell.opened.push(url);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    protocol.handlers.set(scheme, handler);
  },
  unhandle(scheme: string) {
    protocol.handlers.delete(scheme);
  },
};

type PermissionRequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (wc: unknown, permission: string, origin: string, details: unknown) => boolean;

export const session = {
  defaultSession: {
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as PermissionCheckHandler | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
      session.defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler | null) {
      session.defaultSession.permissionCheckHandler = handler;
    },
    on: () => undefined,
  },
};

export default { app, BrowserWindow, contextBridge, ipcMain, ipcRenderer, Menu, nativeImage, net, protocol, safeStorage, session, shell, Tray };
