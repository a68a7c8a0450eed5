/**
 * The renderer's half of the move of an old workspace into the host's store (issue 10 item 6): on
 * the first start of this version, the office's record still in this browser's IndexedDB (Dexie
 * schema v1 or v2, legacy-schema.ts) is read — never written — and sent to the host in chunks
 * of at most 1 MB (legacy.begin → legacy.rows … → legacy.finish); the host counts, checks and writes
 * it all at once. The old database stays as it was until a later start confirms the move
 * (legacy.status → oldDatabaseReleased), and is deleted only then.
 *
 * The old database is opened WITHOUT a schema (Dexie's dynamic mode): declaring the versions would
 * upgrade a v1 database to v2, and the old data must stay untouched until the move is confirmed.
 */
import Dexie from 'dexie';
import { workspaceTables, type RestoreResult, type TableCounts, type WorkspaceTable } from '../../shared/contract/workspace';
import { run } from './client';
import { LEGACY_DB_NAME as DB_NAME } from './legacy-schema';

/** Bytes of JSON per legacy.rows call, well under the browser host's 2 MiB body cap. */
export const CHUNK_BYTES = 1024 * 1024;
const PAGE = 2000;

export type LegacyProgress = { table: WorkspaceTable; sent: number; total: number };

export type LegacyOutcome =
  | { kind: 'nothing' }
  | { kind: 'already-moved' }
  /** the store already holds a record (moved before, restored, or typed in): the old one is left alone */
  | { kind: 'store-in-use' }
  | { kind: 'moved'; schemaVersion: number; result: RestoreResult };

const encoder = new TextEncoder();

/** Rows in chunks of at most `maxBytes` of JSON (a row above it goes alone). */
export function* chunksOf(rows: Iterable<unknown>, maxBytes = CHUNK_BYTES): Generator<unknown[]> {
  let chunk: unknown[] = [];
  let bytes = 2;
  for (const row of rows) {
    const size = encoder.encode(JSON.stringify(row)).length + 1;
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 2;
    }
    chunk.push(row);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

/** Opens the old database as it is, read-only by use; null when this browser never had one. */
async function openOld(name: string): Promise<Dexie | null> {
  if (!(await Dexie.exists(name))) return null;
  const old = new Dexie(name);
  await old.open();
  return old;
}

/** Every row of an old table, in primary-key order, PAGE at a time. */
async function* rowsOf(old: Dexie, table: string): AsyncGenerator<unknown[]> {
  if (!old.tables.some((t) => t.name === table)) return;
  let last: unknown;
  for (;;) {
    const t = old.table(table);
    const page = last === undefined ? await t.orderBy(':id').limit(PAGE).toArray() : await t.where(':id').above(last).limit(PAGE).toArray();
    if (page.length === 0) return;
    yield page;
    if (page.length < PAGE) return;
    // Every old table has an inbound key (id, or key for settings): the last row says where to go on.
    last = (page.at(-1) as Record<string, unknown>)[t.schema.primKey.keyPath as string];
  }
}

/**
 * Moves the old workspace into the host's store if there is one to move and the store is empty.
 * Throws the host's CommandError (Portuguese, says what to do) when the move is refused; nothing is
 * written then, and the old database is untouched.
 */
export async function moveLegacyWorkspace(
  opts: { name?: string; onBegin?: (counts: TableCounts) => void; onProgress?: (p: LegacyProgress) => void } = {},
): Promise<LegacyOutcome> {
  const status = await run('legacy.status', {});
  if (status.move) return { kind: 'already-moved' };
  if (!status.storeEmpty) return { kind: 'store-in-use' };
  const old = await openOld(opts.name ?? DB_NAME);
  if (!old) return { kind: 'nothing' };
  try {
    const present = new Set(old.tables.map((t) => t.name));
    const counts = Object.fromEntries(await Promise.all(workspaceTables.map(async (t) => [t, present.has(t) ? await old.table(t).count() : 0] as const))) as TableCounts;
    if (workspaceTables.every((t) => t === 'settings' || counts[t] === 0)) return { kind: 'nothing' };

    const schemaVersion = Math.round(old.verno);
    const { sessionId } = await run('legacy.begin', { schemaVersion, counts });
    opts.onBegin?.(counts);
    try {
      for (const table of workspaceTables) {
        let sent = 0;
        for await (const page of rowsOf(old, table)) {
          for (const rows of chunksOf(page)) {
            await run('legacy.rows', { sessionId, table, rows });
            sent += rows.length;
            opts.onProgress?.({ table, sent, total: counts[table] });
          }
        }
      }
      return { kind: 'moved', schemaVersion, result: await run('legacy.finish', { sessionId }) };
    } catch (err) {
      await run('legacy.abort', { sessionId }).catch(() => undefined);
      throw err;
    }
  } finally {
    old.close();
  }
}

/** After a later start confirmed the move, the old database goes (it holds personal data, LGPD). */
export async function releaseLegacyDatabase(name = DB_NAME): Promise<boolean> {
  const status = await run('legacy.status', {});
  if (!status.oldDatabaseReleased || !(await Dexie.exists(name))) return false;
  await Dexie.delete(name);
  return true;
}
