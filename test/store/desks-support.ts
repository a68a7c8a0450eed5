/**
 * Desks of one office for the several-desks tests and bench (issue 12): a data folder that opens the
 * office's PostgreSQL database (desk.json + the password in the desk's own vault), the host's ports,
 * and the Campsoft credentials typed into that desk's vault through `connection.save`, as a clerk does.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../electron/host/dispatch';
import type { Host } from '../../electron/host/host';
import { systemClock, type HostPorts } from '../../electron/host/ports';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET } from '../../electron/host/sandbox';
import { DATABASE_VAULT_ID } from '../../electron/host/services/database';
import { DESK_FILE } from '../../electron/host/services/settings';
import type { PgConnection } from '../../electron/host/store/postgres';
import { createDevelopmentCipher, createVault } from '../../electron/host/vault';
import type { EventName, Result } from '../../shared/contract';

export const INTEGRATION_ID = 'camp';

/** A new data folder whose desk.json points at the office's server, its password in the desk's vault. */
export function deskFolder(clerk: string, server: PgConnection): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-desk-'));
  const { host, port, database, user, tls } = server;
  writeFileSync(join(dataDir, DESK_FILE), JSON.stringify({ version: 1, clerk, database: { server: { host, port, database, user, tls }, use: true } }));
  createVault({ dataDir, cipher: createDevelopmentCipher(dataDir) }).save(DATABASE_VAULT_ID, { baseUrl: 'postgres://x', apiKey: server.user, apiSecret: server.password });
  return dataDir;
}

export function deskPorts(dataDir: string, opts: { onEvent?: (event: EventName, payload: unknown) => void; claimLeaseMs?: number } = {}): HostPorts {
  return {
    host: 'web',
    version: '0.0.0-test',
    platform: 'linux',
    dataDir,
    cipher: createDevelopmentCipher(dataDir),
    secureStorage: () => 'development',
    isOnline: () => true,
    openExternal: async () => undefined,
    emit: (event, payload) => opts.onEvent?.(event, payload),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: systemClock,
    ...(opts.claimLeaseMs !== undefined && { claimLeaseMs: opts.claimLeaseMs }),
  };
}

/** The desk's claim name (host.ts writes it at the first start). */
export const deskIdOf = (dataDir: string) => readFileSync(join(dataDir, 'desk-id'), 'utf8').trim();

/** The clerk types the sandbox's ApiKey/ApiSecret into this desk's integration (a custom address on loopback). */
export async function saveCredentials(host: Host, sandboxUrl: string): Promise<void> {
  const r = await dispatch(host.handlers, 'connection.save', { integrationId: INTEGRATION_ID, draft: { environment: 'custom', customUrl: sandboxUrl, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET } });
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
}

export function data<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.data as T;
}

/** Waits until `probe` answers something truthy, polling; fails naming `what`. Never asserts on speed. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<Exclude<T, null | undefined | false | 0 | ''>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as Exclude<T, null | undefined | false | 0 | ''>;
    if (Date.now() > end) throw new Error(`não aconteceu a tempo: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
