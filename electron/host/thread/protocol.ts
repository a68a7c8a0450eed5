/**
 * Messages between the main thread (the shell: window, IPC or HTTP, the vault's cipher) and the
 * host thread (store, services, sync engine, executor). Structured-clone data only.
 */
import type { EventName, Result } from '../../../shared/contract';
import type { Connection, ConnectionDescription } from '../vault';
import type { TestTuning } from '../ports';
import type { VaultSnapshot } from '../vault-port';

export type ThreadInit = {
  host: 'electron' | 'web';
  version: string;
  platform: string;
  dataDir: string;
  secureStorage: string;
  online: boolean;
  vault: VaultSnapshot;
  /** main offers Electron's net.fetch (system proxy, certificate store) */
  proxyFetch: boolean;
  sandboxAdminToken?: string;
  /** The host's clock runs this far ahead of the system's (end-to-end tests: the routine's hour comes soon). */
  clockOffsetMs?: number;
} & TestTuning;

export type FetchRequest = { url: string; method: string; headers: [string, string][]; body: string | null };
export type FetchResponse = { status: number; statusText: string; headers: [string, string][]; body: ArrayBuffer };

export type Rpc =
  | { method: 'vault.save'; args: { id: string; connection: Connection } }
  | { method: 'vault.delete'; args: { id: string } }
  | { method: 'openExternal'; args: { url: string } }
  | { method: 'fetch'; args: FetchRequest };
export type RpcAnswer = { 'vault.save': ConnectionDescription; 'vault.delete': void; openExternal: void; fetch: FetchResponse };

export type SerializedError = { code: string; message: string; retryable: boolean; fields?: Record<string, string> };

export type ToThread =
  | { t: 'call'; id: number; name: string; input: unknown }
  | { t: 'online'; value: boolean }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: SerializedError }
  | { t: 'abort'; id: number }
  | { t: 'dispose' };

export type FromThread =
  | { t: 'ready' }
  | { t: 'fatal'; message: string }
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'emit'; event: EventName; payload: unknown }
  | { t: 'log'; level: 'info' | 'warn' | 'error'; message: string; meta?: Record<string, unknown> }
  | ({ t: 'rpc'; id: number } & Rpc)
  | { t: 'disposed' };
