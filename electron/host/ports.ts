import type { EventName, EventPayload, SecureStorageState } from '../../shared/contract';
import type { VaultCipher } from './vault';
import type { VaultPort } from './vault-port';

/**
 * What the Electron-free services need from the world. main.ts fills these with Electron's
 * pieces (safeStorage, net.fetch, shell); the browser host and the tests with Node's.
 */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export type Logger = {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
};

export type Clock = { now(): number };

export type HostPorts = {
  host: 'electron' | 'web';
  version: string;
  platform: string;
  /** Folder for the vault file and other main-side state. */
  dataDir: string;
  secureStorage: () => SecureStorageState;
  /** safeStorage in Electron; the development cipher in the browser host. Absent when `vault` is given. */
  cipher?: VaultCipher;
  /** The vault when it lives in another thread (the host thread's); otherwise made from `cipher`. */
  vault?: VaultPort;
  /** Electron's net.fetch (system proxy, certificate store); Node's stack when absent. */
  fetch?: typeof globalThis.fetch;
  isOnline: () => boolean;
  openExternal: (url: string) => Promise<void>;
  emit: Emit;
  logger: Logger;
  clock: Clock;
  /** The built-in sandbox's admin token (end-to-end tests); absent, it has no admin routes. */
  sandboxAdminToken?: string;
  /** End-to-end tests only: each chunk an import writes waits this long, so a cancel always lands mid-write. Never set by the app. */
  importStepDelayMs?: number;
  /** Reopens the host on the store desk.json names now (Configurações › Banco de dados); absent, a restart does. */
  reopen?: () => void;
  /** Per request to a platform; default the client's 15 s (tests shorten it). */
  requestTimeoutMs?: number;
  /**
   * Tests only: how long this desk's link claims last (the engine's leaseMs, default 15 min), so that
   * a desk killed mid-pass leaves claims that expire within the test. Never set by the app.
   */
  claimLeaseMs?: number;
};

/** The knobs only tests set on a host; they cross from the shell to the host thread as they are. */
const TEST_TUNING = ['importStepDelayMs', 'claimLeaseMs'] as const;
export type TestTuning = Pick<HostPorts, (typeof TEST_TUNING)[number]>;
/** The knobs of `from` that are set (structured-clone data, for the thread's init). */
export const testTuningOf = (from: TestTuning): TestTuning => Object.fromEntries(TEST_TUNING.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));

export const systemClock: Clock = { now: () => Date.now() };
