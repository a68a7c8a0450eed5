/**
 * The desktop updater (electron/updater.ts) against a real loopback feed: electron-updater's own
 * NsisUpdater with a test app adapter and Node's HTTP (as electron-builder's updater tests drive
 * it), reading latest.yml, downloading the installer and checking its sha512. Installing is for the
 * Windows/macOS runners; here quitAndInstall is observed, not run.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor';
import { NsisUpdater, type AppUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ASK_AGAIN_AFTER_MS, createUpdates } from '../../../electron/updater';
import { capturingLogger } from '../campsoft/support';


/**
 * Node's HTTP for the updater (the app uses Chromium's net): builder-util's executor plus the
 * download() that electron-updater's Electron executor has, the same way round.
 */
class NodeDownloadExecutor extends NodeHttpExecutor {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers || undefined, redirect: 'manual' };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error) => (error == null ? resolve(destination) : reject(error)), responseHandler: null }, 0);
    });
  }
}

const installer = randomBytes(256 * 1024);
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');
const latestYml = (checksum: string) =>
  ['version: 9.9.9', 'files:', '  - url: SVA-Desk-Setup-9.9.9.exe', `    sha512: ${checksum}`, `    size: ${installer.length}`, 'path: SVA-Desk-Setup-9.9.9.exe', `sha512: ${checksum}`, "releaseDate: '2026-12-01T10:00:00.000Z'", ''].join('\n');

let dir: string;
let server: Server;
let feed: string;
let yml = latestYml(sha512(installer));
const served: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sva-updater-'));
  yml = latestYml(sha512(installer));
  served.length = 0;
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url?.startsWith('/feed/latest.yml')) return res.writeHead(200, { 'Content-Type': 'text/yaml' }).end(yml);
    if (req.url === '/feed/SVA-Desk-Setup-9.9.9.exe') return res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': installer.length }).end(installer);
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`;
});
afterEach(async () => {
  await new Promise((ok) => server.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

function testUpdater(): AppUpdater & { quitAndInstall: ReturnType<typeof vi.fn> } {
  const configPath = join(dir, 'app-update.yml');
  writeFileSync(configPath, `provider: generic\nurl: ${feed}\n`);
  const app: AppAdapter = {
    version: '1.0.0',
    name: 'SVA Desk',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: join(dir, 'user-data'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  };
  const updater = new NsisUpdater(null, app);
  const internals = updater as unknown as { httpExecutor: NodeHttpExecutor; _testOnlyOptions: object };
  internals.httpExecutor = new NodeDownloadExecutor();
  internals._testOnlyOptions = { platform: 'win32' };
  updater.verifyUpdateCodeSignature = () => Promise.resolve(null); // Windows signatures: the installer runners
  const quitAndInstall = vi.fn();
  updater.quitAndInstall = quitAndInstall;
  return updater as unknown as AppUpdater & { quitAndInstall: typeof quitAndInstall };
}

describe('updates with electron-updater from the office feed', () => {
  it('finds a newer version, downloads it with its sha512 checked, and asks before restarting', async () => {
    const updater = testUpdater();
    const logger = capturingLogger();
    const askRestart = vi.fn(async () => true);
    const updates = createUpdates({ updater, feedUrl: async () => feed, passing: async () => false, askRestart, logger });
    const outcome = await updates.check();
    expect(outcome).toMatchObject({ kind: 'downloaded', version: '9.9.9' });
    const file = (outcome as { files: string[] }).files.find((f) => f.endsWith('.exe'))!;
    expect(sha512(readFileSync(file))).toBe(sha512(installer));
    expect(served).toContain('/feed/SVA-Desk-Setup-9.9.9.exe');
    expect(askRestart).toHaveBeenCalledWith('9.9.9');
    expect(updater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('refuses a download whose checksum does not match latest.yml: nothing to install, nothing asked, the log says why', async () => {
    yml = latestYml(sha512(Buffer.from('outro arquivo')));
    const updater = testUpdater();
    const logger = capturingLogger();
    const askRestart = vi.fn(async () => true);
    const outcome = await createUpdates({ updater, feedUrl: async () => feed, passing: async () => false, askRestart, logger }).check();
    expect(outcome).toMatchObject({ kind: 'failed', message: expect.stringMatching(/sha512 checksum mismatch/) });
    expect(askRestart).not.toHaveBeenCalled();
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    expect(logger.lines.some((l) => l.startsWith('warn update check failed'))).toBe(true);
  });

  it('a feed that is down is silent for the clerk and noted in the log', async () => {
    const updater = testUpdater();
    const logger = capturingLogger();
    const askRestart = vi.fn(async () => true);
    await new Promise((ok) => server.close(ok));
    server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const outcome = await createUpdates({ updater, feedUrl: async () => feed, passing: async () => false, askRestart, logger }).check();
    expect(outcome.kind).toBe('failed');
    expect(askRestart).not.toHaveBeenCalled();
    expect(logger.lines.find((l) => l.startsWith('warn update check failed'))).toBeTruthy();
  });

  it('never restarts during a pass: the question waits until the transmission ends; "Depois" leaves it for the next close', async () => {
    const updater = testUpdater();
    const later: { fn: () => void; ms: number }[] = [];
    const timers = { setTimeout: ((fn: () => void, ms: number) => (later.push({ fn, ms }), 0)) as unknown as typeof setTimeout, setInterval, clearTimeout: (() => {}) as typeof clearTimeout, clearInterval };
    let passing = true;
    const askRestart = vi.fn(async () => false);
    const updates = createUpdates({ updater, feedUrl: async () => feed, passing: async () => passing, askRestart, logger: capturingLogger(), timers });
    expect((await updates.check()).kind).toBe('downloaded');
    expect(askRestart).not.toHaveBeenCalled();
    expect(later).toHaveLength(1);
    expect(later[0]!.ms).toBe(ASK_AGAIN_AFTER_MS);
    passing = false;
    later[0]!.fn();
    await vi.waitFor(() => expect(askRestart).toHaveBeenCalledWith('9.9.9'));
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });
});
