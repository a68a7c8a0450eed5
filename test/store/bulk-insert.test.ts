/**
 * The bulk write path (store/bulk-insert.ts) on the engine under test: SQLite's VALUES lists and
 * PostgreSQL's one array per column (unnest) must store exactly what they were given — quotes,
 * braces, backslashes, the word NULL, line breaks, real nulls — across statement boundaries, with
 * RETURNING for every row and the upsert's version bump.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertMany, largeSearchBuffer } from '../../electron/host/store/bulk-insert';
import { containsFilter } from '../../electron/host/store/search-index';
import { customerSearchText } from '../../shared/domain/search';
import { openTestStore, TEST_ENGINE, type TestStore } from './support';

const COLUMNS = ['code', 'name', 'name_key', 'document_type', 'document', 'emails', 'phones', 'address', 'search_text', 'created_at', 'updated_at', 'updated_by'];
const AT = '2026-12-01T12:00:00.000Z';

let t: TestStore;
beforeEach(async () => (t = await openTestStore()));
afterEach(() => t.close());

const awkward = [
  `D'Ávila "Zé" {Mercearia, Filial}`,
  'C:\\Users\\caixa\\ e \\\\ duas barras',
  'NULL',
  'linha 1\nlinha 2\tcom tab',
  '',
  'Açaí & Cia ☕ 🚀',
];

function row(i: number, name: string, extra: { code?: string | null; address?: string | null; updatedBy?: string | null } = {}): unknown[] {
  const document = String(10_000_000_000 + i);
  return [
    extra.code === undefined ? `C${i}` : extra.code,
    name,
    name.toLowerCase(),
    'cpf',
    document,
    JSON.stringify([`cliente${i}@exemplo.com.br`]),
    JSON.stringify(['11987654321']),
    extra.address === undefined ? null : extra.address,
    customerSearchText({ name, document, code: `C${i}`, emails: [], phones: [] } as never),
    AT,
    AT,
    extra.updatedBy === undefined ? 'Ana' : extra.updatedBy,
  ];
}

describe(`insertMany on ${TEST_ENGINE}`, () => {
  it('stores awkward text and real nulls exactly as given, and returns every row', async () => {
    const rows = awkward.map((name, i) => row(i, name, { code: i === 0 ? null : undefined, address: i === 1 ? JSON.stringify({ rua: 'R. "A", 1' }) : null, updatedBy: i === 2 ? null : 'Ana' }));
    const returned = await t.store.db.transaction().execute((tx) => insertMany<{ id: number; document: string }>(tx, t.store.engine, { table: 'customers', columns: COLUMNS, returning: ['id', 'document'] }, rows));
    expect(returned.map((r) => r.document).sort()).toEqual(rows.map((r) => r[4]).sort());

    const stored = await t.store.db.selectFrom('customers').select(['code', 'name', 'address', 'updatedBy', 'document', 'version']).orderBy('document').execute();
    expect(stored.map((s) => s.name)).toEqual(awkward);
    expect(stored[0]).toMatchObject({ code: null, version: 1 });
    expect(stored[1]!.address).toBe('{"rua":"R. \\"A\\", 1"}');
    expect(stored[2]).toMatchObject({ name: 'NULL', updatedBy: null });
    expect(stored[3]).toMatchObject({ code: 'C3', address: null, updatedBy: 'Ana' });
  });

  it('writes more rows than one statement holds: every row once, RETURNING for each, progress adding up', async () => {
    const n = 12_345; // several statements on both engines (100 rows each on SQLite, 5,000 on PostgreSQL)
    const rows = Array.from({ length: n }, (_, i) => row(i, `Cliente ${i}`));
    const steps: number[] = [];
    const returned = await t.store.db.transaction().execute((tx) =>
      insertMany<{ id: number }>(tx, t.store.engine, { table: 'customers', columns: COLUMNS, returning: ['id'] }, rows, async (written) => void steps.push(written)),
    );
    expect(new Set(returned.map((r) => Number(r.id))).size).toBe(n);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(n);
    expect(steps.length).toBeGreaterThan(1);
    const count = await t.store.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(n);
  });

  it('upserts over existing rows: the set columns change, the version goes up by one, the rest stays', async () => {
    await t.store.db.transaction().execute((tx) => insertMany(tx, t.store.engine, { table: 'customers', columns: COLUMNS }, [row(1, 'Antes'), row(2, 'Outro')]));
    const ids = await t.store.db.selectFrom('customers').select(['id', 'document']).orderBy('document').execute();
    const changed = [[ids[0]!.id, ...row(1, 'Depois "novo"', { code: 'NOVO', address: 'não muda' })]];
    await t.store.db.transaction().execute((tx) =>
      insertMany(tx, t.store.engine, { table: 'customers', columns: ['id', ...COLUMNS], upsert: { on: ['id'], set: ['code', 'name'], bump: 'version' } }, changed),
    );
    const stored = await t.store.db.selectFrom('customers').select(['name', 'code', 'address', 'version']).orderBy('document').execute();
    expect(stored).toEqual([
      { name: 'Depois "novo"', code: 'NOVO', address: null, version: 2 },
      { name: 'Outro', code: 'C2', address: null, version: 1 },
    ]);
  });

  // PostgreSQL: the rows' trigrams wait in the GIN index's pending list; an index search reads it.
  it.skipIf(TEST_ENGINE !== 'postgres')('finds rows written in bulk mode through the search index, before their trigrams are merged into it', async () => {
    const names = await t.store.db.transaction().execute(async (tx) => {
      await largeSearchBuffer(tx, t.store.engine, () => insertMany(tx, t.store.engine, { table: 'customers', columns: COLUMNS }, Array.from({ length: 300 }, (_, i) => row(i, i === 7 ? 'Mercearia Boa Vista' : `Cliente ${i}`))));
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT name FROM customers WHERE ${containsFilter(t.store.engine, 'boa vista')!}`.execute(tx);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join(' ')).toContain('customers_search');
      return (await sql<{ name: string }>`SELECT name FROM customers WHERE ${containsFilter(t.store.engine, 'boa vista')!}`.execute(tx)).rows.map((r) => r.name);
    });
    expect(names).toEqual(['Mercearia Boa Vista']);
  });

  it('refuses a column the table does not have, and writes nothing', async () => {
    await expect(t.store.db.transaction().execute((tx) => insertMany(tx, t.store.engine, { table: 'customers', columns: [...COLUMNS, 'apelido'] }, [[...row(1, 'X'), 'x']]))).rejects.toThrow(/apelido/);
    const count = await t.store.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
