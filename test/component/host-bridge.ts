/**
 * Screens against the real host (ARCHITECTURE, testing layers: "renderer screens against a fake
 * bridge" — here the bridge is in-process, and the host behind it is the real one on a temporary
 * store): commands go through the one dispatch, pushed events reach the screen's subscriptions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandNames, type CommandFunctions, type DesktopApi, type EventName } from '../../shared/contract';
import { dispatch } from '../../electron/host/dispatch';
import { createHost, type Host } from '../../electron/host/host';
import { systemClock } from '../../electron/host/ports';
import { createDevelopmentCipher } from '../../electron/host/vault';
import { setBridge } from '../../renderer/bridge';

export type HostBridge = { host: Host; dataDir: string; close(): Promise<void> };

/** `host`: which shell the screens believe they run in (app.info); the browser host unless told. */
export async function installHostBridge(opts: { host?: 'electron' | 'web' } = {}): Promise<HostBridge> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-component-'));
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const host = await createHost({
    host: opts.host ?? 'web',
    version: '0.0.0-test',
    platform: 'linux',
    dataDir,
    secureStorage: () => 'development',
    cipher: createDevelopmentCipher(dataDir),
    isOnline: () => true,
    openExternal: async () => {},
    emit: (event, payload) => listeners.get(event)?.forEach((l) => l(payload as never)),
    logger: { info() {}, warn() {}, error() {} },
    clock: systemClock,
  });
  const commands = Object.fromEntries(commandNames.map((name) => [name, (input: unknown) => dispatch(host.handlers, name, input)])) as unknown as CommandFunctions;
  const api: DesktopApi = {
    commands,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  setBridge(api);
  return {
    host,
    dataDir,
    async close() {
      setBridge(undefined);
      await host.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
