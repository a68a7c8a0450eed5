/**
 * Updates of the desktop app with electron-updater: at start and once a day, ask the feed for a
 * newer version (the office's own address when set in Configurações, a generic provider; otherwise
 * the one the installer was built with, GitHub releases), download it in the background with its
 * sha512 checked by electron-updater, then ask the clerk before restarting — never while a
 * transmission is running (the question waits for the pass to end). "Depois" installs at the next
 * close. A feed that is down or wrong is not the clerk's problem: it is noted in the log only.
 *
 * Main-process only (electron-updater's app adapter and its net executor are Electron's); tests
 * drive the same code with a test app adapter and Node's HTTP against a loopback feed.
 */
import type { AppUpdater, UpdateDownloadedEvent } from 'electron-updater';
import type { Logger } from './host/ports';

export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;
/** The first check waits for the window and the host to settle. */
export const FIRST_CHECK_AFTER_MS = 30_000;
/** While a pass runs, the restart question is asked again this much later. */
export const ASK_AGAIN_AFTER_MS = 60_000;

export type UpdateOutcome =
  | { kind: 'none'; version: string }
  | { kind: 'downloaded'; version: string; files: string[] }
  /** the feed could not be read, or the download did not match its checksum: logged, not shown */
  | { kind: 'failed'; message: string };

export type UpdatesDeps = {
  updater: AppUpdater;
  /** the office's feed address (settings `updates.url`), or null for the installer's own */
  feedUrl(): Promise<string | null>;
  /** true while a transmission runs: no restart then */
  passing(): Promise<boolean>;
  /** the question to the clerk; true = restart now */
  askRestart(version: string): Promise<boolean>;
  logger: Logger;
  timers?: { setTimeout: typeof setTimeout; setInterval: typeof setInterval; clearTimeout: typeof clearTimeout; clearInterval: typeof clearInterval };
};

export function createUpdates(deps: UpdatesDeps) {
  const { updater, logger } = deps;
  const timers = deps.timers ?? { setTimeout, setInterval, clearTimeout, clearInterval };
  updater.autoDownload = false; // downloaded by check(), which waits for it and reports it
  updater.autoInstallOnAppQuit = true;
  updater.logger = {
    info: (m?: unknown) => logger.info('updater', { message: String(m) }),
    warn: (m?: unknown) => logger.warn('updater', { message: String(m) }),
    error: (m?: unknown) => logger.warn('updater', { message: String(m) }),
    debug: () => {},
  };
  // electron-updater also emits its failures as events: they are in the log already (above).
  updater.on('error', () => {});

  let downloaded: UpdateDownloadedEvent | null = null;
  let checking: Promise<UpdateOutcome> | null = null;
  let asking = false;
  let askTimer: ReturnType<typeof setTimeout> | undefined;
  const started: ReturnType<typeof setTimeout>[] = [];
  updater.on('update-downloaded', (event) => {
    downloaded = event;
  });

  async function checkOnce(): Promise<UpdateOutcome> {
    try {
      const url = await deps.feedUrl();
      if (url) updater.setFeedURL({ provider: 'generic', url });
      const result = await updater.checkForUpdates();
      if (!result?.isUpdateAvailable) return { kind: 'none', version: result?.updateInfo.version ?? updater.currentVersion.version };
      const files = await updater.downloadUpdate();
      logger.info('update downloaded', { version: result.updateInfo.version });
      return { kind: 'downloaded', version: result.updateInfo.version, files };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.warn('update check failed', { message });
      return { kind: 'failed', message };
    }
  }

  /** Asks to restart once the update is here and no pass runs; "Depois" leaves it for the next close. */
  async function offerRestart(): Promise<void> {
    if (!downloaded || asking) return;
    if (await deps.passing()) {
      timers.clearTimeout(askTimer);
      askTimer = timers.setTimeout(() => void offerRestart(), ASK_AGAIN_AFTER_MS);
      return;
    }
    asking = true;
    try {
      const version = downloaded.version;
      if ((await deps.askRestart(version)) && !(await deps.passing())) {
        logger.info('restarting to install', { version });
        updater.quitAndInstall();
      } else {
        downloaded = null; // installed at the next close (autoInstallOnAppQuit); not asked again today
      }
    } finally {
      asking = false;
    }
  }

  async function check(): Promise<UpdateOutcome> {
    checking ??= checkOnce().finally(() => (checking = null));
    const outcome = await checking;
    if (outcome.kind === 'downloaded') await offerRestart();
    return outcome;
  }

  return {
    check,
    /** the first check soon after the start, then daily */
    start(): void {
      started.push(timers.setTimeout(() => void check(), FIRST_CHECK_AFTER_MS));
      started.push(timers.setInterval(() => void check(), CHECK_EVERY_MS) as unknown as ReturnType<typeof setTimeout>);
    },
    dispose(): void {
      for (const t of started) {
        timers.clearTimeout(t);
        timers.clearInterval(t as unknown as ReturnType<typeof setInterval>);
      }
      timers.clearTimeout(askTimer);
    },
  };
}
