/**
 * The move of the old browser workspace, both halves for real: the renderer's legacy-move.ts reads
 * an IndexedDB seeded through the OLD schema (fake-indexeddb) and sends it over a bridge that runs
 * the host's dispatch (zod in and out) against a real store.
 */
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopApi } from '../../../shared/contract';
import { workspaceTables } from '../../../shared/contract/workspace';
import { dispatch, type HandlerTable } from '../../../electron/host/dispatch';
import { createLegacyService, legacyHandlers } from '../../../electron/host/services/legacy';
import { customerOf } from '../../../electron/host/store/rows';
import { setBridge } from '../../../renderer/bridge';
import { CHUNK_BYTES, moveLegacyWorkspace, releaseLegacyDatabase } from '../../../renderer/data/legacy-move';
import { legacyDatabaseAt } from '../../../renderer/data/legacy-schema';
import { oldWorkspace, withoutSearchKeys, type OldTables } from '../../store/old-workspace';
import { openTestWorkspace, type TestWorkspace } from '../../store/workspace-support';

let t: TestWorkspace;
let handlers: HandlerTable;
let calls: { name: string; bytes: number }[];
let name: string;

function hostBridge(): DesktopApi {
  return {
    commands: new Proxy({}, {
      get: (_t, command: string) => async (input: unknown) => {
        calls.push({ name: command, bytes: new TextEncoder().encode(JSON.stringify(input)).length });
        // through JSON, as both transports carry it
        return dispatch(handlers, command, JSON.parse(JSON.stringify(input)));
      },
    }) as DesktopApi['commands'],
    on: () => () => {},
  };
}

beforeEach(async () => {
  t = await openTestWorkspace();
  handlers = t.ws.handlers as unknown as HandlerTable;
  calls = [];
  name = `sva-desk-old-${Math.random()}`;
  setBridge(hostBridge());
});
afterEach(async () => {
  setBridge(undefined);
  await Dexie.delete(name);
  await t.close();
});

/** An install of an older version: the database opened at `version` and filled as it filled it. */
async function seedOld(tables: OldTables, version: 1 | 2) {
  const old = legacyDatabaseAt(version, name);
  await old.open();
  await old.transaction('rw', old.tables, async () => {
    for (const table of workspaceTables) if (tables[table].length) await old.table(table).bulkAdd(tables[table]);
  });
  old.close();
}

async function oldRows(version: number) {
  const old = new Dexie(name);
  await old.open();
  try {
    expect(old.verno).toBe(version);
    // the old database's own tables (Cobrança's never were in it)
    const present = workspaceTables.filter((x) => old.tables.some((t) => t.name === x));
    return Object.fromEntries(await Promise.all(present.map(async (x) => [x, await old.table(x).toArray()] as const)));
  } finally {
    old.close();
  }
}

describe('moving the old browser workspace into the host (renderer/data/legacy-move.ts)', () => {
  it('sends a v2 workspace in chunks of at most 1 MB and every row arrives; the old database is left as it was', async () => {
    const tables = oldWorkspace({ customers: 3_000, events: 2_000 });
    await seedOld(tables, 2);
    const before = await oldRows(2);
    const progress: string[] = [];

    const outcome = await moveLegacyWorkspace({ name, onProgress: (p) => p.sent === p.total && progress.push(`${p.table} ${p.sent}`) });
    expect(outcome).toMatchObject({ kind: 'moved', schemaVersion: 2 });
    const result = outcome.kind === 'moved' ? outcome.result : null;
    expect(result!.tables.map((r) => [r.table, r.received])).toEqual(workspaceTables.map((x) => [x, tables[x].length]));
    expect(progress).toContain('customers 3000');

    const chunks = calls.filter((c) => c.name === 'legacy.rows');
    // more calls than tables with rows (Cobrança's are empty in an old database): the big ones went in several
    expect(chunks.length).toBeGreaterThan(workspaceTables.filter((x) => tables[x].length > 0).length);
    expect(Math.max(...chunks.map((c) => c.bytes))).toBeLessThanOrEqual(CHUNK_BYTES + 200);

    const stored = (await t.store.db.selectFrom('customers').selectAll().orderBy('id').execute()).map(customerOf);
    expect(stored).toEqual(tables.customers.map(withoutSearchKeys));
    expect(await oldRows(2)).toEqual(before);
  });

  it('reads a v1 database without upgrading it to v2', async () => {
    const tables = oldWorkspace({ customers: 25, schemaVersion: 1 });
    await seedOld(tables, 1);
    expect(await moveLegacyWorkspace({ name })).toMatchObject({ kind: 'moved', schemaVersion: 1 });
    const after = await oldRows(1);
    expect(after.customers).toHaveLength(25);
    expect(after.customers![0]).not.toHaveProperty('nameSuffixes');
    expect(Number((await t.store.db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(25);
  });

  it('deletes the old database only after a later start confirmed the move', async () => {
    await seedOld(oldWorkspace({ customers: 5 }), 2);
    await moveLegacyWorkspace({ name });
    expect(await releaseLegacyDatabase(name)).toBe(false);
    expect(await Dexie.exists(name)).toBe(true);
    expect(await moveLegacyWorkspace({ name })).toEqual({ kind: 'already-moved' });

    // the next start of the host: a new legacy service on the same store
    handlers = { ...handlers, ...legacyHandlers(createLegacyService({ db: t.store.db, mutate: t.mutate })) };
    expect(await releaseLegacyDatabase(name)).toBe(true);
    expect(await Dexie.exists(name)).toBe(false);
  });

  it('leaves the old database alone when the store already has a record, and does nothing without one', async () => {
    expect(await moveLegacyWorkspace({ name })).toEqual({ kind: 'nothing' });
    await t.ws.demo.load();
    await seedOld(oldWorkspace({ customers: 5 }), 2);
    expect(await moveLegacyWorkspace({ name })).toEqual({ kind: 'store-in-use' });
    expect(calls.map((c) => c.name)).not.toContain('legacy.begin');
  });

  it('gives the host\'s reason when the move is refused, and aborts the session (nothing written)', async () => {
    const tables = oldWorkspace({ customers: 10 });
    (tables.services[4] as { customerId: number }).customerId = 404;
    await seedOld(tables, 2);
    await expect(moveLegacyWorkspace({ name })).rejects.toThrow('O serviço 50005 (registro 5 de serviços) aponta para o cliente número 404');
    expect((await t.ws.legacy.status()).storeEmpty).toBe(true);
    expect(await Dexie.exists(name)).toBe(true);
  });
});
