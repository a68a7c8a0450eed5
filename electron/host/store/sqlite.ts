/**
 * The embedded engine: SQLite through Node's built-in `node:sqlite` (Node ≥ 22.13; every Electron
 * since 40 ships Node 24, and test/electron/smoke.spec.ts checks it in the one we ship), so no native
 * module is rebuilt for Electron. Kysely talks to it through its own SqliteDialect; this file adapts node:sqlite's StatementSync to the better-sqlite3
 * shape that dialect expects.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

/** node:sqlite binds numbers, bigints, strings, bytes and null; booleans and undefined are mapped. */
export function bindable(value: unknown): null | number | bigint | string | Uint8Array {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as number | bigint | string | Uint8Array;
}

const bindAll = (parameters: ReadonlyArray<unknown>) => parameters.map(bindable);

/** Prepared statements are reused: Kysely compiles the same SQL text for the same query shape. */
const STATEMENT_CACHE = 500;

export function sqliteAdapter(db: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, { stmt: StatementSync; reader: boolean }>();
  const prepared = (sql: string) => {
    let entry = cache.get(sql);
    if (!entry) {
      const stmt = db.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0 };
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      cache.set(sql, entry);
    }
    return entry;
  };
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const { stmt, reader } = prepared(sql);
      return {
        reader,
        all: (parameters) => stmt.all(...bindAll(parameters)),
        run: (parameters) => {
          const r = stmt.run(...bindAll(parameters));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (parameters) => stmt.iterate(...bindAll(parameters)),
      };
    },
  };
}

/**
 * Opens (creating if needed) the office's database file. WAL with synchronous=FULL: a commit is on
 * disk before it is acknowledged, so a power cut loses no saved edit and never half an import;
 * readers never wait for the writer.
 */
export function openSqlite(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA temp_store = MEMORY');
  db.exec('PRAGMA cache_size = -65536');
  return db;
}

export function sqliteDialect(db: DatabaseSync): SqliteDialect {
  return new SqliteDialect({ database: sqliteAdapter(db) });
}
