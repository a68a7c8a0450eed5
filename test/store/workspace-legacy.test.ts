import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspaceTables, type TableCounts, type WorkspaceTable } from '../../shared/contract/workspace';
import { dispatch, type HandlerTable } from '../../electron/host/dispatch';
import { createLegacyService } from '../../electron/host/services/legacy';
import { readSetting } from '../../electron/host/services/settings';
import { customerOf, eventOf, integrationOf, linkOf, packageOf, productOf, serviceOf } from '../../electron/host/store/rows';
import { readPlans } from '../../electron/host/services/plans';
import { containsFilter } from '../../electron/host/store/search-index';
import { oldWorkspace, withoutSearchKeys, type OldTables } from './old-workspace';
import { openTestWorkspace, type TestWorkspace } from './workspace-support';

let t: TestWorkspace;
let handlers: HandlerTable;
beforeEach(async () => {
  t = await openTestWorkspace();
  handlers = t.ws.handlers as unknown as HandlerTable;
});
afterEach(() => t.close());

const MB = 1024 * 1024;
const countsOf = (tables: OldTables) => Object.fromEntries(workspaceTables.map((x) => [x, tables[x].length])) as TableCounts;

/** Chunks of at most `max` bytes of JSON, as the renderer sends them (legacy.rows: ≤ 1 MB). */
function chunks(rows: unknown[], max = MB): unknown[][] {
  const out: unknown[][] = [];
  let current: unknown[] = [];
  let size = 2;
  for (const row of rows) {
    const bytes = Buffer.byteLength(JSON.stringify(row)) + 1;
    if (current.length > 0 && size + bytes > max) {
      out.push(current);
      current = [];
      size = 2;
    }
    current.push(row);
    size += bytes;
  }
  if (current.length) out.push(current);
  return out;
}

/** The move through the commands (dispatch: zod in and out), as the renderer will drive it. */
async function move(tables: OldTables, opts: { schemaVersion?: 1 | 2; counts?: TableCounts } = {}) {
  const begun = await dispatch(handlers, 'legacy.begin', { schemaVersion: opts.schemaVersion ?? 2, counts: opts.counts ?? countsOf(tables) });
  if (!begun.ok) return begun;
  const { sessionId } = begun.data as { sessionId: string };
  let sent = 0;
  for (const table of workspaceTables) {
    for (const rows of chunks(tables[table])) {
      expect(Buffer.byteLength(JSON.stringify({ sessionId, table, rows }))).toBeLessThanOrEqual(MB + 200);
      const r = await dispatch(handlers, 'legacy.rows', { sessionId, table, rows });
      if (!r.ok) return r;
      sent++;
    }
  }
  const finished = await dispatch(handlers, 'legacy.finish', { sessionId });
  return { ...finished, sent };
}

const all = async <T>(table: 'integrations' | 'products' | 'packages' | 'customers' | 'services' | 'links' | 'events', of: (r: never) => T) =>
  (await t.store.db.selectFrom(table).selectAll().orderBy('id').execute()).map((r) => of(r as never));
const byId = <T extends { id: string | number }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('legacy move (issue 10 item 6): the old IndexedDB workspace into the store', () => {
  it('says the store is empty and nothing was moved yet', async () => {
    expect(await dispatch(handlers, 'legacy.status', {})).toEqual({ ok: true, data: { storeEmpty: true, move: null, oldDatabaseReleased: false } });
  });

  it('copies every row of a v2 workspace, counted and checked, the search keys recomputed by the store', async () => {
    const old = oldWorkspace({ customers: 2_500, events: 4_000 });
    const r = await move(old);
    expect(r.ok).toBe(true);
    // the customers alone need several 1 MB chunks (more calls than tables with rows; Cobrança's are empty in an old database)
    expect((r as { sent: number }).sent).toBeGreaterThan(workspaceTables.filter((x) => old[x].length > 0).length);
    const result = (r as { data: { tables: { table: WorkspaceTable; expected: number; received: number; stored: number; skipped: number }[]; summary: string } }).data;
    for (const report of result.tables) {
      expect(report.received, report.table).toBe(old[report.table].length);
      expect(report.stored + report.skipped, report.table).toBe(old[report.table].length);
    }
    expect(result.tables.find((x) => x.table === 'settings')).toMatchObject({ stored: 2, skipped: 1 });
    expect(result.summary).toMatch(/^2\.500 clientes, 2\.500 serviços, 3 pacotes, 2 planos, 1 integração e 4\.000 eventos do histórico/);

    // every record arrived as it was, without the Dexie-only search keys
    expect(await all('integrations', integrationOf)).toEqual(old.integrations);
    expect(await all('products', productOf)).toEqual(byId(old.products as { id: string }[]));
    expect(await all('packages', packageOf)).toEqual(old.packages);
    expect((await readPlans(t.store.db)).map(({ version: _v, updatedBy: _u, ...p }) => p)).toEqual(old.plans);
    expect(await all('customers', customerOf)).toEqual(old.customers.map(withoutSearchKeys));
    expect(await all('services', serviceOf)).toEqual(byId(old.services as { id: string }[]));
    expect(await all('links', linkOf)).toEqual(byId(old.links as { id: string }[]));
    const events = await all('events', eventOf);
    expect(events.slice(0, 4_000).map(({ id: _id, ...e }) => e)).toEqual((old.events as { id: number }[]).map(({ id: _id, ...e }) => e));
    // and the store's own search finds them ("silva pr" = "Maria da Silva Prado")
    const found = await t.store.db.selectFrom('customers').select('id').where(containsFilter(t.store.engine, 'silva pr')!).execute();
    expect(found).toHaveLength(old.customers.filter((c) => (c as { name: string }).name.startsWith('Maria da Silva Prado')).length);
    const stored = await t.store.db.selectFrom('customers').select(['nameKey', 'searchText']).where('id', '=', 1).executeTakeFirstOrThrow();
    expect(stored).toEqual({ nameKey: 'joao conceicao 1', searchText: 'joao conceicao 1 cliente1@exemplo.com.br 11910000001 10000000108 7001' });

    // the move is recorded: settings (for legacy.status) and the history
    expect(await readSetting(t.store.db, 'legacy.move')).toMatchObject({ schemaVersion: 2, clerk: 'Ana (balcão 1)', tables: result.tables });
    const [event] = events.slice(4_000);
    expect(event).toMatchObject({ kind: 'legacy.move', outcome: 'ok', clerk: 'Ana (balcão 1)' });
    expect(event!.message).toContain('O banco antigo fica guardado, sem alterações, até o próximo início.');
    expect(t.passes).toEqual([{ reason: 'import' }]);
    expect(await readSetting(t.store.db, 'schedule')).toEqual({ hour: 5, lastRunAt: '2026-06-01T20:40:00.000Z' });
  });

  it('keeps the old database until the next start: released once the host starts again', async () => {
    await move(oldWorkspace({ customers: 10 }));
    const now = await t.ws.legacy.status();
    expect(now).toMatchObject({ storeEmpty: false, oldDatabaseReleased: false, move: { schemaVersion: 2, clerk: 'Ana (balcão 1)' } });
    expect(now.move!.tables.find((x) => x.table === 'customers')).toMatchObject({ expected: 10, received: 10, stored: 10 });
    // the next start of the host (a new service on the same store)
    const restarted = createLegacyService({ db: t.store.db, mutate: t.mutate });
    expect(await restarted.status()).toMatchObject({ storeEmpty: false, oldDatabaseReleased: true });
  });

  it('reads a v1 workspace (no name suffixes yet) the same way', async () => {
    const old = oldWorkspace({ customers: 30, schemaVersion: 1 });
    expect(old.customers[0]).not.toHaveProperty('nameSuffixes');
    const r = await move(old, { schemaVersion: 1 });
    expect(r.ok).toBe(true);
    expect(await all('customers', customerOf)).toEqual(old.customers.map(withoutSearchKeys));
    expect(await readSetting(t.store.db, 'legacy.move')).toMatchObject({ schemaVersion: 1 });
  });

  it('writes nothing when a table holds fewer rows than announced', async () => {
    const old = oldWorkspace({ customers: 40 });
    const r = await move(old, { counts: { ...countsOf(old), services: 41 } });
    expect(r).toMatchObject({ ok: false, code: 'COUNT_MISMATCH', message: 'Faltaram serviços: 41 anunciados, 40 recebidos. Nada foi copiado e os dados antigos continuam intactos: feche e abra o SVA Desk para tentar de novo.' });
    expect(await t.ws.legacy.status()).toEqual({ storeEmpty: true, move: null, oldDatabaseReleased: false });
    expect(await t.store.db.selectFrom('events').select('id').execute()).toEqual([]);
  });

  it('stops at a row this version cannot read, naming it, and forgets the session', async () => {
    const old = oldWorkspace({ customers: 40 });
    (old.links[17] as { observed: unknown }).observed = { state: 'sent-maybe' };
    const r = await move(old);
    expect(r).toMatchObject({ ok: false, code: 'DAMAGED' });
    expect((r as { message: string }).message).toBe(
      'Os dados antigos do navegador têm um registro que esta versão não aceita: o registro 18 de pacotes vinculados não é válido (campo observed.state). Nada foi copiado e os dados antigos continuam intactos no navegador; contate o suporte com esta mensagem.',
    );
    expect(await t.ws.legacy.status()).toMatchObject({ storeEmpty: true, move: null });
  });

  it('rolls everything back when the rows break a reference, and refuses a store that has data', async () => {
    const broken = oldWorkspace({ customers: 20 });
    (broken.services[19] as { planId: number }).planId = 9;
    expect(await move(broken)).toMatchObject({ ok: false, message: expect.stringContaining('O serviço 50020 (registro 20 de serviços) aponta para o plano número 9, que não está nos dados antigos') });
    for (const table of ['integrations', 'customers', 'services', 'events'] as const) expect(await t.store.db.selectFrom(table).select('id').execute(), table).toEqual([]);

    expect((await move(oldWorkspace({ customers: 5 }))).ok).toBe(true);
    expect(await move(oldWorkspace({ customers: 5 }))).toMatchObject({ ok: false, code: 'NOT_EMPTY', message: expect.stringContaining('os dados antigos do navegador não foram copiados') });
  });

  it('refuses rows of a session that is gone (a restart, or a newer begin)', async () => {
    const old = oldWorkspace({ customers: 3 });
    const first = (await t.ws.legacy.begin({ schemaVersion: 2, counts: countsOf(old) })).sessionId;
    await t.ws.legacy.begin({ schemaVersion: 2, counts: countsOf(old) });
    expect(() => t.ws.legacy.rows({ sessionId: first, table: 'customers', rows: old.customers })).toThrow('A cópia dos dados antigos foi interrompida');
  });
});
