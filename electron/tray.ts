/**
 * The app in the background (issue 14): closing the window leaves SVA Desk in the system tray
 * (Windows) / menu bar (macOS) with the host running — the daily routine at its hour, the passes
 * still pending — and its state in the icon's tooltip; "Abrir SVA Desk" (or a second start, or a
 * click on the icon) brings the window back, "Sair" stops the host cleanly and only then quits.
 * Whether this desk opens SVA Desk when the computer starts is the desk's setting (settings.get
 * `startAtLogin`), registered here as the system's login item.
 *
 * Electron-free on purpose (like updater.ts): main.ts hands in the tray, the menu builder and the
 * app's calls; tests drive the same code with the electron mock.
 */
import type { SyncState } from '../shared/contract/sync';
import { count } from '../shared/domain/text';
import type { Logger } from './host/ports';

/** A clean stop waits this long for the host (a pass in flight ends its calls); then it quits anyway. */
export const STOP_HOST_WITHIN_MS = 15_000;
/** The argument a start by the system carries: open in the tray, without the window. */
export const HIDDEN_ARG = '--hidden';

/** What the tray says, from the host: its engine (sync.state) and the links' counts (links.states, the status bar's). */
export type TrayState = {
  passing: boolean;
  /** links waiting to be sent ("Pendente"), the status bar's count */
  pending: number;
  /** links in a preview waiting for the office's confirmation; null without one */
  awaitingConfirmation: number | null;
  /** the daily routine's hour */
  hour: number;
};

export function trayState(sync: Pick<SyncState, 'passing' | 'preview' | 'schedule' | 'runs'>, counts: { pending: number }): TrayState {
  return {
    passing: sync.passing || sync.runs.some((r) => r.status === 'running'),
    pending: counts.pending,
    awaitingConfirmation: sync.preview?.summary.links ?? null,
    hour: sync.schedule.hour,
  };
}

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * What the host is doing, in one line: "SVA Desk — 3 pendentes, rotina diária às 06:00". Windows
 * cuts a tooltip at 127 characters: this one stays far below.
 */
export function trayStatus(state: TrayState | null): string {
  if (!state) return 'SVA Desk — abrindo os dados…';
  const parts: string[] = [];
  if (state.passing) parts.push('transmitindo');
  else if (state.awaitingConfirmation) parts.push(`${count(state.awaitingConfirmation, 'alteração aguarda', 'alterações aguardam')} confirmação`);
  else if (state.pending > 0) parts.push(count(state.pending, 'pendente', 'pendentes'));
  else parts.push('tudo transmitido');
  parts.push(`rotina diária às ${hh(state.hour)}`);
  return `SVA Desk — ${parts.join(', ')}`;
}

/** The system's login item for this desk's choice; the system's start opens in the tray. */
export function loginItem(open: boolean): { openAtLogin: boolean; args: string[] } {
  return { openAtLogin: open, args: open ? [HIDDEN_ARG] : [] };
}

/** Started by the system at login (Windows: our argument; macOS: the system says so): no window then. */
export function startedAtLogin(argv: readonly string[], macOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_ARG) || macOpenedAtLogin;
}

export type TrayIcon = {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click' | 'double-click', listener: () => void): unknown;
  destroy(): void;
  /** Windows only */
  displayBalloon?(options: { title: string; content: string }): void;
};

export type TrayMenuItem = { label?: string; type?: 'separator'; enabled?: boolean; click?: () => void };

/** A before-quit event: prevented while the host stops. */
export type QuitEvent = { preventDefault(): void };

export type BackgroundDeps = {
  /** creates the icon; throws where the system has no tray (then closing the window quits) */
  createTray(): TrayIcon;
  buildMenu(items: TrayMenuItem[]): unknown;
  /** restores and focuses the window, creating it when it was closed */
  showWindow(): void;
  /** the host's state for the tooltip; null while it does not answer */
  readState(): Promise<TrayState | null>;
  /** everything to stop before the app goes: the updater's timers, the host thread */
  stop(): Promise<void>;
  quit(): void;
  platform: NodeJS.Platform;
  logger: Logger;
  timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
};

export function createBackground(deps: BackgroundDeps) {
  const timers = deps.timers ?? { setTimeout, clearTimeout };
  let tray: TrayIcon | null = null;
  let status = '';
  let stopped = false;
  let stopping: Promise<void> | null = null;
  let toldOnce = false;
  let reading = false;
  let readAgain = false;

  function render(): void {
    if (!tray) return;
    tray.setToolTip(status);
    tray.setContextMenu(
      deps.buildMenu([
        { label: status, enabled: false },
        { type: 'separator' },
        { label: 'Abrir SVA Desk', click: () => deps.showWindow() },
        { label: 'Sair', click: () => quit() },
      ]),
    );
  }

  function show(state: TrayState | null): void {
    const next = trayStatus(state);
    if (next === status) return;
    status = next;
    render();
  }

  /** Reads the host's state again; changes that come during a read make one more read, not one each. */
  async function read(): Promise<void> {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    try {
      do {
        readAgain = false;
        show(await deps.readState().catch(() => null));
      } while (readAgain && tray);
    } finally {
      reading = false;
    }
  }

  /** Stops what runs (the host within STOP_HOST_WITHIN_MS), then quits; a second call waits for the first. */
  function quit(): Promise<void> {
    stopping ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => (timer = timers.setTimeout(() => resolve('late'), STOP_HOST_WITHIN_MS)));
      try {
        const outcome = await Promise.race([deps.stop().then(() => 'stopped' as const), late]);
        if (outcome === 'late') deps.logger.warn('quit: the host did not stop in time; quitting anyway', { waitedMs: STOP_HOST_WITHIN_MS });
        else deps.logger.info('quit: host stopped');
      } catch (err) {
        deps.logger.warn('quit: the host stopped with an error', { message: err instanceof Error ? err.message : String(err) });
      } finally {
        timers.clearTimeout(timer);
        stopped = true;
        tray?.destroy();
        tray = null;
        deps.quit();
      }
    })();
    return stopping;
  }

  return {
    /** Puts the icon up. False when the system has no tray: the caller quits when the window closes. */
    start(): boolean {
      try {
        tray = deps.createTray();
      } catch (err) {
        deps.logger.warn('tray: not available; closing the window quits', { message: err instanceof Error ? err.message : String(err) });
        return false;
      }
      tray.on('click', () => deps.showWindow());
      status = trayStatus(null);
      render();
      void read();
      return true;
    },
    get inTray(): boolean {
      return tray !== null;
    },
    /** the line the tooltip and the menu show */
    status: () => status,
    /** The host said something changed (its sync.state push, a change notice): read its state again. */
    changed: (): Promise<void> => read(),
    /** The window was closed: the app stays; on Windows, the first time, the icon says where it went. */
    windowClosed(): void {
      if (!tray || toldOnce) return;
      toldOnce = true;
      if (deps.platform === 'win32') tray.displayBalloon?.({ title: 'O SVA Desk continua funcionando', content: 'A rotina diária e as transmissões pendentes seguem por aqui. Para fechar de vez, use Sair neste ícone.' });
    },
    /** app 'before-quit': held until the host has stopped (Sair, Cmd+Q, the updater's restart). */
    beforeQuit(event: QuitEvent): void {
      if (stopped) return;
      event.preventDefault();
      void quit();
    },
    quit,
  };
}

export type Background = ReturnType<typeof createBackground>;
