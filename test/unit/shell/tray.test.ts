/**
 * electron/tray.ts on the electron mock's Tray and Menu: the tooltip's line from a host state, the
 * clean quit (held until the host stops, and not forever), the first close's note on Windows.
 * main.test.ts covers the same code wired to the real host thread.
 */
import { describe, expect, it, vi } from 'vitest';
import type { SyncState } from '../../../shared/contract';
import { createBackground, HIDDEN_ARG, loginItem, startedAtLogin, STOP_HOST_WITHIN_MS, trayState, trayStatus, type BackgroundDeps, type TrayState } from '../../../electron/tray';
import { fakeEvent, Menu, nativeImage, Tray } from '../../mocks/electron';

const summary = (links: number) => ({ links, creations: links, updates: 0, suspensions: 0, reenables: 0, cancellations: 0 });
const sync = (over: Partial<SyncState> = {}): SyncState => ({
  passing: false,
  pending: summary(0),
  preview: null,
  notice: null,
  runs: [],
  schedule: { hour: 4 },
  lastPassAt: null,
  ...over,
});
const state = (over: Partial<TrayState> = {}): TrayState => ({ passing: false, pending: 0, awaitingConfirmation: null, hour: 4, ...over });
const quiet = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('the line in the tooltip and the menu', () => {
  it("says what the host has to do and when the routine runs, in the office's words", () => {
    // the status bar's count of Pendente, and the routine's hour of sync.state
    expect(trayStatus(trayState(sync({ schedule: { hour: 6 } }), { pending: 3 }))).toBe('SVA Desk — 3 pendentes, rotina diária às 06:00');
    expect(trayStatus(trayState(sync({ schedule: { hour: 22 } }), { pending: 1 }))).toBe('SVA Desk — 1 pendente, rotina diária às 22:00');
    expect(trayStatus(trayState(sync(), { pending: 1500 }))).toBe('SVA Desk — 1.500 pendentes, rotina diária às 04:00');
    expect(trayStatus(trayState(sync(), { pending: 0 }))).toBe('SVA Desk — tudo transmitido, rotina diária às 04:00');
    expect(trayStatus(trayState(sync({ passing: true }), { pending: 3 }))).toBe('SVA Desk — transmitindo, rotina diária às 04:00');
    const run = { id: 'r1', integrationId: 'i1', status: 'running' as const, total: 10, done: 2, failed: 0, startedAt: '2026-12-02T06:00:00.000Z' };
    expect(trayStatus(trayState(sync({ runs: [run as unknown as SyncState['runs'][number]] }), { pending: 3 }))).toBe('SVA Desk — transmitindo, rotina diária às 04:00');
    const preview = { id: 'p1', trigger: 'import' as const, createdAt: '2026-12-02T06:00:00.000Z', summary: summary(800) };
    expect(trayStatus(trayState(sync({ preview }), { pending: 800 }))).toBe('SVA Desk — 800 alterações aguardam confirmação, rotina diária às 04:00');
    expect(trayStatus(trayState(sync({ preview: { ...preview, summary: summary(1) } }), { pending: 1 }))).toBe('SVA Desk — 1 alteração aguarda confirmação, rotina diária às 04:00');
    expect(trayStatus(null)).toBe('SVA Desk — abrindo os dados…');
  });

  it('stays inside the 127 characters a Windows tooltip holds', () => {
    expect(trayStatus(state({ awaitingConfirmation: 9_999_999, hour: 23 })).length).toBeLessThanOrEqual(127);
  });
});

describe('starting with the computer', () => {
  it('registers the login item with the argument that opens in the tray, and knows a start by the system', () => {
    expect(loginItem(true)).toEqual({ openAtLogin: true, args: [HIDDEN_ARG] });
    expect(loginItem(false)).toEqual({ openAtLogin: false, args: [] });
    expect(startedAtLogin(['SVA Desk.exe', HIDDEN_ARG], false)).toBe(true);
    expect(startedAtLogin(['/Applications/SVA Desk.app/Contents/MacOS/SVA Desk'], true)).toBe(true);
    expect(startedAtLogin(['SVA Desk.exe'], false)).toBe(false);
  });
});

function setup(over: Partial<BackgroundDeps> = {}) {
  const calls: string[] = [];
  let release: () => void = () => {};
  const deps: BackgroundDeps = {
    createTray: () => new Tray(nativeImage.createFromPath('/icon.png')),
    buildMenu: (items) => Menu.buildFromTemplate(items),
    showWindow: () => calls.push('show'),
    readState: async () => state({ pending: 3, hour: 6 }),
    stop: () => {
      calls.push('stop');
      return new Promise<void>((resolve) => (release = resolve));
    },
    quit: () => calls.push('quit'),
    platform: 'win32',
    logger: quiet,
    ...over,
  };
  Tray.trays.length = 0;
  const bg = createBackground(deps);
  return { bg, calls, tray: () => Tray.trays[0], release: () => release() };
}

describe('the tray icon', () => {
  it("shows the host's state once it answers, and reads it again on every change it announces", async () => {
    let now = state({ pending: 3, hour: 6 });
    let reads = 0;
    const { bg, tray } = setup({ readState: async () => (reads++, now) });
    expect(bg.start()).toBe(true);
    await vi.waitFor(() => expect(tray().toolTip).toBe('SVA Desk — 3 pendentes, rotina diária às 06:00'));
    expect(tray().menu?.items[0]).toMatchObject({ label: 'SVA Desk — 3 pendentes, rotina diária às 06:00', enabled: false });
    now = state({ passing: true, hour: 6 });
    await bg.changed();
    expect(tray().toolTip).toBe('SVA Desk — transmitindo, rotina diária às 06:00');
    // a burst of pushes while a read is going makes one more read, not one each
    reads = 0;
    now = state({ hour: 6 });
    await Promise.all([bg.changed(), bg.changed(), bg.changed(), bg.changed()]);
    await vi.waitFor(() => expect(tray().toolTip).toBe('SVA Desk — tudo transmitido, rotina diária às 06:00'));
    expect(reads).toBe(2);
  });

  it('a host that does not answer shows it is still opening, not an error', async () => {
    const { bg, tray } = setup({ readState: async () => null });
    bg.start();
    await vi.waitFor(() => expect(tray().toolTip).toBe('SVA Desk — abrindo os dados…'));
  });

  it('"Abrir SVA Desk" and a click on the icon bring the window back', () => {
    const { bg, calls, tray } = setup();
    bg.start();
    tray().click('Abrir SVA Desk');
    tray().emit('click');
    expect(calls).toEqual(['show', 'show']);
  });

  it('on Windows, the first close says where the app went — once', () => {
    const { bg, tray } = setup();
    bg.start();
    bg.windowClosed();
    bg.windowClosed();
    expect(tray().balloons).toEqual([{ title: 'O SVA Desk continua funcionando', content: expect.stringContaining('use Sair neste ícone') }]);
    const mac = setup({ platform: 'darwin' });
    mac.bg.start();
    mac.bg.windowClosed();
    expect(mac.tray().balloons).toEqual([]);
  });

  it('without a tray on the system it says so, and the caller quits on close', () => {
    const { bg } = setup({
      createTray: () => {
        throw new Error('no status notifier');
      },
    });
    expect(bg.start()).toBe(false);
    expect(bg.inTray).toBe(false);
  });
});

describe('Sair', () => {
  it('holds the quit while the host stops, then quits once and takes the icon away', async () => {
    const { bg, calls, tray, release } = setup();
    bg.start();
    tray().click('Sair');
    // the system's own quit (Cmd+Q, shutdown) meanwhile is held too, and starts no second stop
    const event = fakeEvent();
    bg.beforeQuit(event);
    expect(event.defaultPrevented).toBe(true);
    expect(calls).toEqual(['stop']);
    release();
    await vi.waitFor(() => expect(calls).toEqual(['stop', 'quit']));
    expect(tray().destroyed).toBe(true);
    // the quit that follows goes through
    const last = fakeEvent();
    bg.beforeQuit(last);
    expect(last.defaultPrevented).toBe(false);
  });

  it('a host that never stops does not keep the app open: it quits after the wait, and says so in the log', async () => {
    vi.useFakeTimers();
    try {
      const warn = vi.fn();
      const { bg, calls } = setup({ logger: { ...quiet, warn } });
      bg.start();
      const quitting = bg.quit();
      await vi.advanceTimersByTimeAsync(STOP_HOST_WITHIN_MS);
      await quitting;
      expect(calls).toEqual(['stop', 'quit']);
      expect(warn).toHaveBeenCalledWith('quit: the host did not stop in time; quitting anyway', { waitedMs: STOP_HOST_WITHIN_MS });
    } finally {
      vi.useRealTimers();
    }
  });
});
