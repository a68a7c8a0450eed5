/**
 * The bulk write fast path (ERP import: 100,000 customers + 100,000 services + their links in one
 * transaction). Kysely's builder costs more per row than SQLite does (measured: a 500-row
 * `insertInto().values()` spends as long building and compiling as the engine spends inserting),
 * so rows go in as multi-row INSERT statements whose SQL text is written here once per table and
 * chunk size and bound with plain arrays of values: the prepared statement is reused for every full
 * chunk (sqlite.ts caches statements by text) and the engine does the rest.
 *
 * The SQL is the same on PostgreSQL (INSERT … VALUES (…),(…) … ON CONFLICT … DO UPDATE … RETURNING),
 * only its placeholders differ ($1, $2… instead of ?). Column and table names are this module's
 * callers' constants, never input. Values are always bound.
 *
 * `storeFingerprint` is SQLite-only: whether anything was written since a moment, so the apply can
 * keep the diff its preview computed instead of computing it again (0.7–1 s for 100k lines).
 * PostgreSQL has no cheap equivalent for writes of other desks: there the apply always recomputes.
 *
 * `checkpointAfter` is SQLite-only: a commit that leaves the WAL over 1,000 pages copies it into the
 * database file inside the COMMIT (the auto-checkpoint); for an import's ~100 MB that is half the
 * commit's time, spent after the rows are already durable in the WAL. So the import's commit skips
 * it and a checkpoint runs right after the reply; a crash in between loses nothing (the WAL is
 * replayed on open).
 *
 * `largeSearchBuffer` is SQLite-only: FTS5 flushes its pending terms to a new segment every 1 MB
 * by default, and indexing 100,000 customers in one INSERT … SELECT then spends a third of its time
 * merging segments; with 64 MB for the length of the transaction it writes a few large ones
 * (measured 1.0–1.2 s → 0.7 s of CPU). PostgreSQL's pg_trgm index has no such setting.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Db, Engine, Tx } from './store';

/** Bound values per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS_PER_STATEMENT = 100;

export type Upsert = {
  /** the conflict target, e.g. ['id'] */
  on: readonly string[];
  /** columns set from the incoming row on conflict */
  set: readonly string[];
  /** a version column bumped on conflict (concurrent-edit checks between desks) */
  bump?: string;
};

export type InsertMany = {
  table: string;
  columns: readonly string[];
  upsert?: Upsert;
  /** columns of the rows written, returned (in no particular order) */
  returning?: readonly string[];
};

function statementText(engine: Engine, spec: InsertMany, rows: number): string {
  const width = spec.columns.length;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const marks = engine === 'sqlite' ? Array<string>(width).fill('?') : Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`);
    tuples.push(`(${marks.join(',')})`);
  }
  let text = `INSERT INTO ${spec.table} (${spec.columns.join(',')}) VALUES ${tuples.join(',')}`;
  if (spec.upsert) {
    const set = spec.upsert.set.map((c) => `${c} = excluded.${c}`);
    if (spec.upsert.bump) set.push(`${spec.upsert.bump} = ${spec.table}.${spec.upsert.bump} + 1`);
    text += ` ON CONFLICT (${spec.upsert.on.join(',')}) DO UPDATE SET ${set.join(', ')}`;
  }
  if (spec.returning) text += ` RETURNING ${spec.returning.join(',')}`;
  return text;
}

/**
 * Writes `rows` (each an array of values in `spec.columns` order) in chunks; after each chunk
 * `afterChunk(n)` runs (progress, cancellation, a turn for the event loop). Returns the
 * `returning` columns of every row written.
 */
export async function insertMany<R = Record<string, unknown>>(
  tx: Tx,
  engine: Engine,
  spec: InsertMany,
  rows: readonly (readonly unknown[])[],
  afterChunk?: (written: number) => Promise<void>,
): Promise<R[]> {
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / spec.columns.length)));
  const full = statementText(engine, spec, perStatement);
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const value of row) parameters.push(value);
    const text = chunk.length === perStatement ? full : statementText(engine, spec, chunk.length);
    const result = await tx.executeQuery<R>(CompiledQuery.raw(text, parameters));
    if (spec.returning) for (const r of result.rows) out.push(r);
    await afterChunk?.(chunk.length);
  }
  return out;
}

// FTS5 wants an integer here; node:sqlite binds JavaScript numbers as REAL, so these are literals.
const LARGE = 64 * 1024 * 1024;
const DEFAULT = 1024 * 1024;

/** SQLite: FTS5's pending-terms buffer at 64 MB for this transaction's bulk indexing, then back to 1 MB. */
export async function largeSearchBuffer<T>(tx: Tx, engine: Engine, run: () => Promise<T>): Promise<T> {
  if (engine !== 'sqlite') return run();
  await sql`INSERT INTO customers_fts(customers_fts, rank) VALUES ('hashsize', ${sql.lit(LARGE)})`.execute(tx);
  const value = await run();
  await sql`INSERT INTO customers_fts(customers_fts, rank) VALUES ('hashsize', ${sql.lit(DEFAULT)})`.execute(tx);
  return value;
}

/**
 * SQLite: this connection's changes so far (total_changes(), rolled-back ones included) and the
 * commits of every other connection (PRAGMA data_version changes with each). The same fingerprint
 * twice means no row was written in between. null on PostgreSQL: the caller recomputes.
 */
export async function storeFingerprint(db: Db | Tx, engine: Engine): Promise<string | null> {
  if (engine !== 'sqlite') return null;
  const own = await sql<{ n: number }>`SELECT total_changes() AS n`.execute(db);
  const others = await sql<{ dataVersion: number }>`PRAGMA data_version`.execute(db);
  return `${own.rows[0]?.n}:${others.rows[0]?.dataVersion}`;
}

/** SQLite: `run` commits without the auto-checkpoint; the checkpoint follows on its own turn. */
export async function checkpointAfter<T>(db: Db, engine: Engine, run: () => Promise<T>): Promise<T> {
  if (engine !== 'sqlite') return run();
  await sql`PRAGMA wal_autocheckpoint = 0`.execute(db);
  try {
    return await run();
  } finally {
    await sql`PRAGMA wal_autocheckpoint = 1000`.execute(db);
    // PASSIVE: never waits for readers; whatever it cannot copy now, the next auto-checkpoint does.
    setTimeout(() => void sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(db).catch(() => {}), 0);
  }
}
