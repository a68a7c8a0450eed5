/**
 * Every migration from the version before it, with data in it (migrations/index.ts): a record made
 * at version 1 opens at the latest with its rows intact. Runs on both engines (the store-pg project
 * repeats it on PostgreSQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CamelCasePlugin, Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { LATEST_VERSION, migrations } from '../../electron/host/store/migrations';
import { openPool, postgresDialect } from '../../electron/host/store/postgres';
import type { Database } from '../../electron/host/store/schema';
import { openSqlite, sqliteDialect } from '../../electron/host/store/sqlite';
import { openStore, STORE_FILE, type StoreLocation } from '../../electron/host/store/store';
import { createDatabase, dropDatabase } from '../support/postgres';
import { TEST_ENGINE } from './support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A record brought only to `version` (a migration's name), as a desk of that version left it. */
async function recordAt(version: string): Promise<{ location: StoreLocation; db: Kysely<Database> }> {
  let location: StoreLocation;
  let db: Kysely<Database>;
  if (TEST_ENGINE === 'postgres') {
    const admin = inject('pgAdmin');
    const connection = await createDatabase(admin, 'upgrade');
    cleanups.push(() => dropDatabase(admin, connection.database));
    location = { engine: 'postgres', connection };
    db = new Kysely<Database>({ dialect: postgresDialect(openPool(connection)), plugins: [new CamelCasePlugin()] });
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'sva-upgrade-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, STORE_FILE);
    location = { engine: 'sqlite', file };
    db = new Kysely<Database>({ dialect: sqliteDialect(openSqlite(file)), plugins: [new CamelCasePlugin()] });
  }
  const { error } = await new Migrator({ db: db as unknown as Kysely<unknown>, provider: { getMigrations: async () => migrations } }).migrateTo(version);
  if (error) throw error;
  return { location, db };
}

describe(`migrations on ${TEST_ENGINE}: from version 1 with data to the latest`, () => {
  it('keeps the customers and adds the desks; names and documents compare byte by byte', async () => {
    const old = await recordAt('0001-initial');
    const at = '2026-11-30T12:00:00.000Z';
    const people = [
      ['Álvaro Souza', 'alvaro souza', '52998224725'],
      ['alvaro souza', 'alvaro souza', '11144477735'],
      ['Zélia Prado', 'zelia prado', '12ABC34501DE35'],
    ];
    for (const [name, nameKey, document] of people) {
      await old.db
        .insertInto('customers')
        .values({ name: name!, nameKey: nameKey!, documentType: document!.length === 11 ? 'cpf' : 'cnpj', document: document!, emails: '[]', phones: '[]', searchText: nameKey!, createdAt: at, updatedAt: at, updatedBy: null })
        .execute();
    }
    await old.db.destroy();

    const store = await openStore(old.location);
    cleanups.push(() => store.close());
    expect(await store.version()).toBe(LATEST_VERSION);
    expect((await store.db.selectFrom('customers').select(['name', 'document']).orderBy('id').execute()).map((c) => c.name)).toEqual(people.map((p) => p[0]));
    await store.db.insertInto('desks').values({ id: 'desk-1', clerk: 'Ana', canTransmit: 1, lastSeenAt: at }).execute();
    expect(await store.db.selectFrom('desks').selectAll().execute()).toEqual([{ id: 'desk-1', clerk: 'Ana', canTransmit: 1, lastSeenAt: at }]);
    // uppercase letters of an alphanumeric CNPJ sort before digits' successors exactly as on the embedded engine
    const byDocument = (await store.db.selectFrom('customers').select('document').orderBy('document').execute()).map((c) => c.document);
    expect(byDocument).toEqual(['11144477735', '12ABC34501DE35', '52998224725']);
    const prefix = await store.db.selectFrom('customers').select('name').where(sql<boolean>`name_key >= ${'alvaro'} AND name_key < ${'alvaro\u{10ffff}'}`).execute();
    expect(prefix).toHaveLength(2);
    if (store.engine === 'postgres') {
      const collations = await sql<{ column: string; collation: string | null }>`SELECT column_name AS column, collation_name AS collation FROM information_schema.columns WHERE table_name = 'customers' AND column_name IN ('name_key', 'document') ORDER BY column_name`.execute(store.db);
      expect(collations.rows).toEqual([
        { column: 'document', collation: 'C' },
        { column: 'name_key', collation: 'C' },
      ]);
    }
  });
});
