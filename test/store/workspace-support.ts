/**
 * The workspace services (electron/host/services/workspace.ts) on a real test store, with a real
 * vault (development cipher) and the embedded sandbox (started only if a test calls it), and what
 * they pushed to the screens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract';
import { createEmbeddedSandbox } from '../../electron/host/embedded-sandbox';
import { createIntegrationService } from '../../electron/host/integrations';
import { openDesk } from '../../electron/host/services/settings';
import { createWorkspace, type Workspace } from '../../electron/host/services/workspace';
import { localVault } from '../../electron/host/vault-port';
import { createDevelopmentCipher, createVault, type Vault } from '../../electron/host/vault';
import { openTestStore, type TestStore } from './support';

export type Pushed = { event: EventName; payload: unknown };

export type TestWorkspace = TestStore & {
  ws: Workspace;
  dataDir: string;
  vault: Vault;
  pushed: Pushed[];
  integrations: ReturnType<typeof createIntegrationService>;
};

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function openTestWorkspace(opts: { file?: string; dataDir?: string; host?: 'electron' | 'web' } = {}): Promise<TestWorkspace> {
  const t = await openTestStore({ file: opts.file });
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sva-workspace-'));
  const pushed: Pushed[] = [];
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void pushed.push({ event, payload });
  const vault = createVault({ dataDir, cipher: createDevelopmentCipher(dataDir) });
  const sandbox = createEmbeddedSandbox({ latencyMs: 0, jitterMs: 0 });
  const integrations = createIntegrationService({ vault: localVault(vault), sandbox, watch: { report: () => undefined, forget: () => undefined }, emit, logger: quiet, clock: t.clock });
  const desk = openDesk(dataDir);
  const ws = createWorkspace({ store: t.store, mutate: t.mutate, desk, ports: { dataDir, clock: t.clock, emit, host: opts.host ?? 'electron' }, integrations, sandbox });
  return {
    ...t,
    ws,
    dataDir,
    vault,
    pushed,
    integrations,
    async close() {
      await ws.dispose();
      await sandbox.close();
      await t.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A prepared file read back as the screen does: chunk after chunk until done. */
export async function download(ws: Workspace, transferId: string): Promise<{ text: string; chunks: number }> {
  let offset = 0;
  let text = '';
  let chunks = 0;
  for (;;) {
    const part = await ws.transfers.read(transferId, offset);
    text += part.text;
    chunks++;
    offset = part.nextOffset;
    if (part.done) return { text, chunks };
  }
}

/** A file sent up as the screen does, in chunks of at most `size` characters. */
export async function upload(ws: Workspace, text: string, size = 1_000_000): Promise<string> {
  const { transferId } = await ws.transfers.begin();
  for (let i = 0; i < text.length; i += size) ws.transfers.append(transferId, text.slice(i, i + size));
  return transferId;
}
