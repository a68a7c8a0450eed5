import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach } from 'vitest';
import { createQueryClient, followChanges } from '../../renderer/data/client';
import { installHostBridge, type HostBridge } from './host-bridge';
import { renderScreen } from './render';

/**
 * Each test of the file gets a real host on a fresh temporary store behind the bridge; the screen
 * is unmounted before the host closes, so no late query meets a closed bridge.
 */
export function useHostPerTest(opts: { host?: 'electron' | 'web' } = {}): { readonly bridge: HostBridge } {
  const current: { bridge?: HostBridge } = {};
  beforeEach(async () => {
    current.bridge = await installHostBridge(opts);
    await engineStarted(current.bridge);
  });
  afterEach(async () => {
    cleanup();
    await current.bridge?.close();
  });
  return {
    get bridge() {
      return current.bridge!;
    },
  };
}

/**
 * The host's sync engine starts in the background and, finding an integration already there, would
 * run the daily routine (a products sync from the sandbox) into the test's catalogue: seed after it.
 */
async function engineStarted(bridge: HostBridge) {
  for (let waited = 0; waited < 15_000; waited += 20) {
    if ((await bridge.host.handlers['sync.state']({})).lastPassAt) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('O motor de sincronização do host de teste não iniciou em 15 s.');
}

/** A screen as the app renders it: queries over the host (no Dexie cache here), refreshed by its change notices. */
export function renderOnHost(ui: ReactElement, opts: { path?: string } = {}) {
  const client = createQueryClient({ persist: false });
  const stop = followChanges(client);
  const view = renderScreen(<QueryClientProvider client={client}>{ui}</QueryClientProvider>, opts);
  return { ...view, client, stop };
}
