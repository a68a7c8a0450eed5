/**
 * The bulk write fast path (ERP import: 100,000 customers + 100,000 services + their links in one
 * transaction). Kysely's builder costs more per row than SQLite does (measured: a 500-row
 * `insertInto().values()` spends as long building and compiling as the engine spends inserting),
 * so rows go in as multi-row INSERT statements whose SQL text is written here once per table and
 * chunk size and bound with plain arrays of values: the prepared statement is reused for every full
 * chunk (sqlite.ts caches statements by text) and the engine does the rest.
 *
 * On PostgreSQL the rows go in as one array per column, `INSERT … SELECT * FROM unnest($1::text[],
 * $2::bigint[], …) … ON CONFLICT … DO UPDATE … RETURNING`, 5,000 rows a statement: node-postgres
 * sends unnamed statements, which the server parses and plans on every execution, and 100-row VALUES
 * lists cost ~3–4 ms each to parse, plan and bind (300,000 rows: 3,000 statements, 13–14 s of the
 * 100k import's write). With unnest the text is a few hundred bytes whatever the rows, and the
 * column types come from the catalog (pg_attribute) once per call. Column and table names are this
 * module's callers' constants, never input. Values are always bound.
 *
 * `storeFingerprint` is SQLite-only: whether anything was written since a moment, so the apply can
 * keep the diff its preview computed instead of computing it again (0.7–1 s for 100k lines).
 * PostgreSQL has no cheap equivalent for writes of other desks: there the apply always recomputes.
 *
 * `settleAfter`, on SQLite: a commit that leaves the WAL over 1,000 pages copies it into the
 * database file inside the COMMIT (the auto-checkpoint); for an import's ~100 MB that is half the
 * commit's time, spent after the rows are already durable in the WAL. So the import's commit skips
 * it and a checkpoint runs right after the reply; a crash in between loses nothing (the WAL is
 * replayed on open).
 *
 * `largeSearchBuffer`, on SQLite: FTS5 flushes its pending terms to a new segment every 1 MB
 * by default, and indexing 100,000 customers in one INSERT … SELECT then spends a third of its time
 * merging segments; with 64 MB for the length of the transaction it writes a few large ones
 * (measured 1.0–1.2 s → 0.7 s of CPU). On PostgreSQL both work on the pg_trgm index's pending list.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Db, Engine, Tx } from './store';

/** SQLite: bound values per statement, under its 32,766. */
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

/** PostgreSQL: rows per statement (each column is one array parameter: no parameter limit applies). */
const PG_ROWS_PER_STATEMENT = 5_000;

function conflictAndReturning(spec: InsertMany): string {
  let text = '';
  if (spec.upsert) {
    const set = spec.upsert.set.map((c) => `${c} = excluded.${c}`);
    if (spec.upsert.bump) set.push(`${spec.upsert.bump} = ${spec.table}.${spec.upsert.bump} + 1`);
    text += ` ON CONFLICT (${spec.upsert.on.join(',')}) DO UPDATE SET ${set.join(', ')}`;
  }
  if (spec.returning) text += ` RETURNING ${spec.returning.join(',')}`;
  return text;
}

/** SQLite: a multi-row VALUES list of `rows` tuples. */
function valuesText(spec: InsertMany, rows: number): string {
  const tuple = `(${Array<string>(spec.columns.length).fill('?').join(',')})`;
  return `INSERT INTO ${spec.table} (${spec.columns.join(',')}) VALUES ${Array<string>(rows).fill(tuple).join(',')}` + conflictAndReturning(spec);
}

/** PostgreSQL: `INSERT … SELECT * FROM unnest($1::type[], …)`, each column's type from the catalog. */
async function unnestText(tx: Tx, spec: InsertMany): Promise<string> {
  const { rows } = await sql<{ name: string; type: string }>`
    SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
    WHERE attrelid = ${spec.table}::regclass AND attnum > 0 AND NOT attisdropped`.execute(tx);
  const types = new Map(rows.map((r) => [r.name, r.type]));
  const casts = spec.columns.map((c, i) => {
    const type = types.get(c);
    if (!type) throw new Error(`insertMany: ${spec.table} has no column ${c}`);
    return `$${i + 1}::${type}[]`;
  });
  return `INSERT INTO ${spec.table} (${spec.columns.join(',')}) SELECT * FROM unnest(${casts.join(',')})` + conflictAndReturning(spec);
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
  const out: R[] = [];
  if (rows.length === 0) return out;
  if (engine === 'postgres') {
    const text = await unnestText(tx, spec);
    for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + PG_ROWS_PER_STATEMENT);
      const columns = spec.columns.map((_, c) => chunk.map((row) => row[c]));
      const result = await tx.executeQuery<R>(CompiledQuery.raw(text, columns));
      if (spec.returning) for (const r of result.rows) out.push(r);
      await afterChunk?.(chunk.length);
    }
    return out;
  }
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / spec.columns.length)));
  const full = valuesText(spec, perStatement);
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const value of row) parameters.push(value);
    const text = chunk.length === perStatement ? full : valuesText(spec, chunk.length);
    const result = await tx.executeQuery<R>(CompiledQuery.raw(text, parameters));
    if (spec.returning) for (const r of result.rows) out.push(r);
    await afterChunk?.(chunk.length);
  }
  return out;
}

// FTS5 wants an integer here; node:sqlite binds JavaScript numbers as REAL, so these are literals.
const LARGE = 64 * 1024 * 1024;
const DEFAULT = 1024 * 1024;

/**
 * The search index's bulk mode for this transaction's writes. SQLite: FTS5's pending-terms buffer at
 * 64 MB, then back to 1 MB. PostgreSQL: the pg_trgm GIN index's pending list (fastupdate) as large
 * as the server allows, so its rows' trigrams are appended, not merged into the index one row at a
 * time; `settleAfter` merges them once the import has committed (searches read the pending list
 * meanwhile: same answers). Measured on the 100k import: customers' write 5.4 → 4.2 s.
 */
export async function largeSearchBuffer<T>(tx: Tx, engine: Engine, run: () => Promise<T>): Promise<T> {
  if (engine === 'postgres') {
    await sql`SET LOCAL gin_pending_list_limit = ${sql.lit(GIN_PENDING_MAX_KB)}`.execute(tx);
    return run();
  }
  await sql`INSERT INTO customers_fts(customers_fts, rank) VALUES ('hashsize', ${sql.lit(LARGE)})`.execute(tx);
  const value = await run();
  await sql`INSERT INTO customers_fts(customers_fts, rank) VALUES ('hashsize', ${sql.lit(DEFAULT)})`.execute(tx);
  return value;
}

/** PostgreSQL's largest gin_pending_list_limit, in kB (MAX_KILOBYTES). */
const GIN_PENDING_MAX_KB = 2_097_151;

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

/**
 * What a bulk write leaves for after its commit, on its own turn (the reply does not wait). SQLite:
 * `run` commits without the auto-checkpoint, and a PASSIVE checkpoint follows. PostgreSQL: the
 * search index's pending list (largeSearchBuffer) is merged into the index; should that fail (a
 * user who does not own the index), autovacuum merges it later.
 */
export async function settleAfter<T>(db: Db, engine: Engine, run: () => Promise<T>): Promise<T> {
  if (engine === 'postgres') {
    try {
      return await run();
    } finally {
      setTimeout(() => void sql`SELECT gin_clean_pending_list('customers_search'::regclass)`.execute(db).catch(() => {}), 0);
    }
  }
  await sql`PRAGMA wal_autocheckpoint = 0`.execute(db);
  try {
    return await run();
  } finally {
    await sql`PRAGMA wal_autocheckpoint = 1000`.execute(db);
    // PASSIVE: never waits for readers; whatever it cannot copy now, the next auto-checkpoint does.
    setTimeout(() => void sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(db).catch(() => {}), 0);
  }
}
