/**
 * A real store for service tests: the embedded engine on a temporary file (never a mock), the one
 * mutation wrapper, and what it announced (change notices, passes requested) for assertions.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { sql } from 'kysely';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataTable } from '../../shared/contract/data';
import { createMutator, type DesiredChange } from '../../electron/host/services/mutation';
import { inject } from 'vitest';
import { openStore, STORE_FILE, type Engine, type Store } from '../../electron/host/store/store';
import { createDatabase, dropDatabase } from '../support/postgres';

/** The store-pg project runs these same tests on a throwaway PostgreSQL (vitest.config.ts). */
export const TEST_ENGINE: Engine = process.env.SVA_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
const PG_PREFIX = 'pg:';

export type TestStore = {
  store: Store;
  /** the embedded file, or `pg:<database>` on PostgreSQL: pass it back to open the same record again */
  file: string;
  mutate: ReturnType<typeof createMutator>;
  notices: DataTable[][];
  passes: DesiredChange[];
  clock: { now(): number; set(iso: string): void };
  clerk: { name: string | null };
  close(): Promise<void>;
};

export async function openTestStore(opts: { file?: string } = {}): Promise<TestStore> {
  const { store, file, remove } = await openRecord(opts.file);
  const notices: DataTable[][] = [];
  const passes: DesiredChange[] = [];
  let now = Date.parse('2026-12-01T12:00:00.000Z');
  const clock = { now: () => now, set: (iso: string) => void (now = Date.parse(iso)) };
  const clerk = { name: 'Ana (balcão 1)' as string | null };
  const mutate = createMutator({ store, clock, clerk: () => clerk.name, notify: (t) => notices.push(t), onDesiredStateChanged: (c) => passes.push(c) });
  return {
    store,
    file,
    mutate,
    notices,
    passes,
    clock,
    clerk,
    async close() {
      await store.close();
      await remove();
    },
  };
}

/** A new record (or the one `file` names) on the engine under test; `remove` deletes what it created. */
async function openRecord(existing?: string): Promise<{ store: Store; file: string; remove(): Promise<void> }> {
  if (TEST_ENGINE === 'postgres') {
    const admin = inject('pgAdmin');
    const connection = existing ? { ...admin, database: existing.slice(PG_PREFIX.length) } : await createDatabase(admin);
    const store = await openStore({ engine: 'postgres', connection });
    return { store, file: PG_PREFIX + connection.database, remove: async () => void (existing || (await dropDatabase(admin, connection.database))) };
  }
  const dir = existing ? null : mkdtempSync(join(tmpdir(), 'sva-store-'));
  const file = existing ?? join(dir!, STORE_FILE);
  const store = await openStore({ engine: 'sqlite', file });
  return { store, file, remove: async () => void (dir && rmSync(dir, { recursive: true, force: true })) };
}

/** The minimum rows a package needs: an integration and one of its products. */
export async function seedIntegration(t: TestStore, id = 'int-1'): Promise<string> {
  const at = '2026-12-01T00:00:00.000Z';
  await t.store.db
    .insertInto('integrations')
    .values({ id, platform: 'campsoft', description: 'Campsoft', environment: 'sandbox', baseUrl: 'http://127.0.0.1:1', active: 1, suspendBySubscriptionStatus: 1, statusMap: '{}', createdAt: at, updatedAt: at, updatedBy: null })
    .execute();
  await t.store.db.insertInto('products').values({ id: `${id}:1192001`, integrationId: id, code: '1192001', name: 'Leitura Digital', description: '', status: 'active', syncedAt: at }).execute();
  return id;
}

export async function seedPackage(t: TestStore, integrationId: string, name = 'Leitura'): Promise<number> {
  const at = '2026-12-01T00:00:00.000Z';
  const row = await t.store.db
    .insertInto('packages')
    .values({ name, description: '', kind: 'avulso', priceCents: 990, composition: '[]', integrationId, productCode: '1192001', label: `campsoft-${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`, active: 1, createdAt: at, updatedAt: at, updatedBy: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The store refuses to insert this row (as a full disk or a damaged page would) until `lift()`. */
export async function refuseInsert(t: TestStore, table: 'services' | 'customers' | 'links', id: string, message: string): Promise<{ lift(): Promise<void> }> {
  const db = t.store.db;
  if (t.store.engine === 'sqlite') {
    await sql`CREATE TRIGGER refuse BEFORE INSERT ON ${sql.table(table)} WHEN NEW.id = ${sql.lit(id)} BEGIN SELECT RAISE(ABORT, ${sql.lit(message)}); END`.execute(db);
    return { lift: async () => void (await sql`DROP TRIGGER refuse`.execute(db)) };
  }
  await sql`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id::text = ${sql.lit(id)} THEN RAISE EXCEPTION ${sql.lit(message)}; END IF; RETURN NEW; END $$`.execute(db);
  await sql`CREATE TRIGGER refuse BEFORE INSERT ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION refuse()`.execute(db);
  return {
    async lift() {
      await sql`DROP TRIGGER refuse ON ${sql.table(table)}`.execute(db);
      await sql`DROP FUNCTION refuse()`.execute(db);
    },
  };
}

/**
 * Whether `text` is anywhere in the record as stored: the embedded file's bytes, its log copied in
 * first; on PostgreSQL every row of every table as text.
 */
export async function storeHolds(t: TestStore, text: string): Promise<boolean> {
  if (t.store.engine === 'sqlite') {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(t.store.db);
    return readFileSync(t.file).includes(text);
  }
  const tables = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`.execute(t.store.db);
  for (const { name } of tables.rows) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)} r WHERE r::text LIKE ${`%${text}%`}`.execute(t.store.db);
    if (Number(r.rows[0]?.n) > 0) return true;
  }
  return false;
}
