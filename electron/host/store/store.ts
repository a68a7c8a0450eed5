/**
 * The office's record (ARCHITECTURE, "Where the data lives"): one SQL schema behind Kysely, on the
 * embedded SQLite file of this desk, or on the office's PostgreSQL server when several desks share
 * it. Opening a store brings its schema to the latest version with the numbered migrations.
 */
import { mkdirSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { dirname } from 'node:path';
import { CamelCasePlugin, Kysely, sql, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import { AppError } from '../../../shared/contract/result';
import { migrations } from './migrations';
import type { Engine } from './migrations/support';
import type { Database } from './schema';
import { openSqlite, sqliteDialect } from './sqlite';
import { openPool, postgresDialect, type PgConnection } from './postgres';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type { Engine };

export type StoreLocation = { engine: 'sqlite'; file: string } | { engine: 'postgres'; connection: PgConnection };

export type FastReadSession = {
  all<R>(sql: string, ...params: (string | number | null)[]): R[];
  end(): void;
};

export type Store = {
  db: Db;
  engine: Engine;
  /**
   * Named fast paths only (the planner's snapshot): a read-only connection of the embedded engine,
   * one consistent read transaction around `fn`, rows as the SQL gives them (alias columns to
   * camelCase). Reads what is committed, never another write's transaction in progress.
   * null on an engine without one: use `db`.
   */
  readFast<T>(fn: (db: DatabaseSync) => T): T | null;
  /**
   * The same fast path for a read done in steps, the host's other work running between them: one
   * read transaction on a connection of its own, held until `end()` (WAL: writers go on meanwhile,
   * the session keeps reading the record as it was when it began). null on an engine without one.
   */
  readFastSession(): FastReadSession | null;
  /** The migrations this database has run, oldest first. */
  version(): Promise<number>;
  close(): Promise<void>;
};

export const STORE_FILE = 'sva-desk.sqlite';

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'desconhecida';
    throw new AppError('STORE_MIGRATION_FAILED', `Não foi possível atualizar o banco de dados do SVA Desk (versão ${failed}): ${error instanceof Error ? error.message : String(error)}. Restaure um backup ou contate o suporte.`);
  }
}

export async function openStore(location: StoreLocation): Promise<Store> {
  return location.engine === 'postgres' ? openPostgres(location.connection) : openEmbedded(location.file);
}

/** The office's server: no fast paths (the snapshot reads through Kysely), a pool of connections. */
async function openPostgres(connection: PgConnection): Promise<Store> {
  const pool = openPool(connection);
  const db = new Kysely<Database>({ dialect: postgresDialect(pool), plugins: [new CamelCasePlugin()] });
  try {
    // A server that is away fails here with its own error (the caller waits for it), not as a failed migration.
    await sql`SELECT 1`.execute(db);
    await migrateToLatest(db as unknown as Kysely<unknown>);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return {
    db,
    engine: 'postgres',
    readFast: () => null,
    readFastSession: () => null,
    version: () => executedMigrations(db),
    close: () => db.destroy(),
  };
}

async function executedMigrations(db: Db): Promise<number> {
  const rows = await new Migrator({ db: db as unknown as Kysely<unknown>, provider: { getMigrations: async () => migrations } }).getMigrations();
  return rows.filter((m) => m.executedAt !== undefined).length;
}

async function openEmbedded(file: string): Promise<Store> {
  const location = { file };
  if (location.file !== ':memory:') mkdirSync(dirname(location.file), { recursive: true });
  const raw = openSqlite(location.file);
  const db = new Kysely<Database>({ dialect: sqliteDialect(raw), plugins: [new CamelCasePlugin()] });
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  let reader: DatabaseSync | undefined;
  return {
    db,
    engine: 'sqlite',
    readFast(fn) {
      if (location.file === ':memory:') return null;
      reader ??= new DatabaseSync(location.file, { readOnly: true });
      reader.exec('BEGIN');
      try {
        return fn(reader);
      } finally {
        reader.exec('COMMIT');
      }
    },
    readFastSession() {
      if (location.file === ':memory:') return null;
      const session = new DatabaseSync(location.file, { readOnly: true });
      session.exec('BEGIN');
      // the snapshot starts at the first read, not at BEGIN
      session.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
      return {
        all: <R>(text: string, ...params: (string | number | null)[]) => session.prepare(text).all(...params) as R[],
        end() {
          if (!session.isOpen) return;
          session.exec('COMMIT');
          session.close();
        },
      };
    },
    version: () => executedMigrations(db),
    close: async () => {
      reader?.close();
      await db.destroy();
    },
  };
}
