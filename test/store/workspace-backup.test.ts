import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_VERSION, workspaceTables } from '../../shared/contract/workspace';
import { dispatch, type HandlerTable } from '../../electron/host/dispatch';
import { containsFilter } from '../../electron/host/store/search-index';
import { customerOf } from '../../electron/host/store/rows';
import { LATEST_VERSION } from '../../electron/host/store/migrations';
import { OLD_INTEGRATION, oldWorkspace, rendererBackup, withoutSearchKeys, type OldTables } from './old-workspace';
import { download, openTestWorkspace, upload, type TestWorkspace } from './workspace-support';
import { storeHolds } from './support';

let t: TestWorkspace;
beforeEach(async () => {
  t = await openTestWorkspace();
});
afterEach(() => t.close());

const tableCount = async (w: TestWorkspace, table: 'customers' | 'events' | 'links' | 'integrations' | 'settings') =>
  Number((await w.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function restoreText(w: TestWorkspace, text: string) {
  const transferId = await upload(w.ws, text, 64 * 1024);
  const inspected = await w.ws.backup.inspect(transferId);
  return { inspected, restored: await w.ws.backup.restore(transferId) };
}

async function exportJson(w: TestWorkspace) {
  const file = await w.ws.backup.export();
  const { text } = await download(w.ws, file.transferId);
  return { file, text, backup: JSON.parse(text) as { format: string; version: number; schemaVersion: number; tables: Record<string, Record<string, unknown>[]> } };
}

describe('backup.restore reads the backups the renderer writes today (format 1)', () => {
  it('restores every row of an old backup into an empty store, in one go, with the search index rebuilt', async () => {
    const old = oldWorkspace({ customers: 300, events: 500 });
    const { inspected, restored } = await restoreText(t, rendererBackup(old));
    expect(inspected).toMatchObject({ version: 1, schemaVersion: 2, busyTables: [], refusal: null, summary: '300 clientes, 300 serviços, 3 pacotes, 2 planos, 1 integração' });
    expect(restored.tables.map((r) => [r.table, r.expected, r.received, r.stored, r.skipped])).toEqual([
      ['integrations', 1, 1, 1, 0],
      ['products', 4, 4, 4, 0],
      ['packages', 3, 3, 3, 0],
      ['plans', 2, 2, 2, 0],
      ['customers', 300, 300, 300, 0],
      ['services', 300, 300, 300, 0],
      ['links', 300, 300, 300, 0],
      ['events', 500, 500, 500, 0],
      // the old screens' "run to resume" marker stays behind; schedule and plan mapping come
      ['settings', 3, 3, 2, 1],
    ]);
    expect(restored.summary).toBe('300 clientes, 300 serviços, 3 pacotes, 2 planos, 1 integração e 500 eventos do histórico (1 preferência das telas antigas ficou de fora: não são usadas nesta versão)');

    // the customers, as records, are the old rows without their search keys
    const stored = (await t.store.db.selectFrom('customers').selectAll().orderBy('id').execute()).map(customerOf);
    expect(stored).toEqual(old.customers.map(withoutSearchKeys));
    // and "silva pr" finds them through the store's own index
    const found = await t.store.db.selectFrom('customers').select('id').where(containsFilter(t.store.engine, 'silva pr')!).execute();
    expect(found.length).toBe(old.customers.filter((c) => String((c as { name: string }).name).includes('Silva Prado')).length);
    expect(found.length).toBeGreaterThan(0);
    expect(await t.ws.settings.get()).toMatchObject({ schedule: { hour: 5 }, importPlanMapping: { 'fibra 300 mega': 1, 'fibra 600': 2 } });

    const [event] = await t.store.db.selectFrom('events').selectAll().where('kind', '=', 'backup.restore').execute();
    expect(event!.message).toMatch(/^Backup de \d{2}\/\d{2}\/\d{4},? \d{2}:\d{2} restaurado: 300 clientes, .* digite-as de novo em cada integração\.$/);
    expect(t.notices.at(-1)).toEqual(expect.arrayContaining(['customers', 'services', 'links', 'events', 'settings']));
    // a restored store numbers new rows after the restored ones
    const next = await t.store.db.insertInto('plans').values({ name: 'Novo', priceCents: 1, lockPackages: 0, active: 1, createdAt: 'x', updatedAt: 'x', updatedBy: null }).returning('id').executeTakeFirstOrThrow();
    expect(next.id).toBe(3);
  });

  it('reads a backup of the Dexie v1 schema (customers without name suffixes) too', async () => {
    const { restored } = await restoreText(t, rendererBackup(oldWorkspace({ customers: 20, schemaVersion: 1 }), 1));
    expect(restored.tables.find((r) => r.table === 'customers')).toMatchObject({ expected: 20, stored: 20 });
  });
});

describe('backup.restore keeps only known fields (issue 10: a crafted backup stored apiSecret and isAdmin)', () => {
  it('drops secret and unknown fields at every level: nothing of them reaches the store file', async () => {
    const old = oldWorkspace({ customers: 5 });
    const SECRET = 'S3CR3T-never-stored-0xC0FFEE';
    Object.assign(old.integrations[0] as object, { apiKey: 'key-1234', apiSecret: SECRET, isAdmin: true });
    Object.assign(old.customers[0] as object, { isAdmin: true, role: 'admin', note: SECRET });
    Object.assign((old.links[0] as { observed: object }).observed, { apiSecret: SECRET });
    Object.assign((old.packages[1] as { composition: object[] }).composition[0]!, { apiSecret: SECRET });
    old.settings.push({ key: 'apiSecret', value: SECRET }, { key: 'isAdmin', value: true });
    await restoreText(t, rendererBackup(old));

    const { text } = await exportJson(t);
    for (const forbidden of [SECRET, 'apiSecret', 'apiKey', 'isAdmin', 'role']) expect(text.includes(forbidden), forbidden).toBe(false);
    const integration = (JSON.parse(text) as { tables: { integrations: object[] } }).tables.integrations[0];
    expect(Object.keys(integration!).sort()).toEqual(
      ['id', 'platform', 'description', 'environment', 'baseUrl', 'active', 'suspendBySubscriptionStatus', 'statusMap', 'ispName', 'activeLicenses', 'lastTestAt', 'lastSyncAt', 'createdAt', 'updatedAt', 'version', 'updatedBy'].sort(),
    );

    expect(await storeHolds(t, SECRET)).toBe(false);
    expect(t.vault.describe(OLD_INTEGRATION)).toMatchObject({ configured: false });
  });
});

describe('backup.export (format 2): the whole store, no secrets, read back by restore', () => {
  it('round-trips: export → restore into another empty store → export gives the same records', async () => {
    await restoreText(t, rendererBackup(oldWorkspace({ customers: 120, events: 50 })));
    await t.ws.settings.set({ key: 'desk.clerk', value: 'Ana' });
    const first = await exportJson(t);
    expect(first.backup).toMatchObject({ format: 'sva-desk-backup', version: BACKUP_VERSION, schemaVersion: LATEST_VERSION });
    expect(first.file.counts).toMatchObject({ customers: 120, services: 120, links: 120, integrations: 1, settings: 2 });
    expect(first.file.summary).toBe('120 clientes, 120 serviços, 3 pacotes, 2 planos, 1 integração');
    expect(Object.keys(first.backup.tables)).toEqual([...workspaceTables]);
    // the desk's clerk is not the office's: it stays at this desk (only the history says who worked)
    expect(first.backup.tables.settings!.map((r) => r.key)).toEqual(['schedule', 'import.planMapping']);

    const other = await openTestWorkspace();
    try {
      await restoreText(other, first.text);
      const second = await exportJson(other);
      for (const table of workspaceTables.filter((x) => x !== 'events')) expect(second.backup.tables[table], table).toEqual(first.backup.tables[table]);
      const strip = (e: Record<string, unknown>) => ({ ...e, id: undefined });
      expect(second.backup.tables.events!.slice(0, first.backup.tables.events!.length).map(strip)).toEqual(first.backup.tables.events!.map(strip));
    } finally {
      await other.close();
    }
    expect((await t.store.db.selectFrom('events').select('message').where('kind', '=', 'backup.export').execute()).map((e) => e.message)).toEqual([
      'Backup exportado: 120 clientes, 120 serviços, 3 pacotes, 2 planos, 1 integração.',
    ]);
  });
});

describe('backup.restore refuses, writing nothing', () => {
  async function refused(text: string, message: string | RegExp) {
    const before = await Promise.all((['customers', 'events', 'links', 'integrations', 'settings'] as const).map((x) => tableCount(t, x)));
    const transferId = await upload(t.ws, text);
    const r = await dispatch(t.ws.handlers as unknown as HandlerTable, 'backup.restore', { transferId });
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.message).toMatch(message);
    expect(await Promise.all((['customers', 'events', 'links', 'integrations', 'settings'] as const).map((x) => tableCount(t, x)))).toEqual(before);
  }
  const withTables = (edit: (tables: OldTables) => void) => {
    const tables = oldWorkspace({ customers: 10, events: 5 });
    edit(tables);
    return rendererBackup(tables);
  };

  it.each<[string, string, string | RegExp]>([
    ['corrupt JSON', '{"format": "sva-desk-backup", "tab', 'o conteúdo está corrompido ou incompleto'],
    ['another file', JSON.stringify({ hello: 'world' }), 'Este arquivo não é um backup do SVA Desk'],
    ['a newer format', JSON.stringify({ format: 'sva-desk-backup', version: 9, schemaVersion: 1, exportedAt: 'x', tables: {} }), 'Backup no formato 9, e esta versão do SVA Desk lê até o formato 2'],
    ['a newer database', JSON.stringify({ format: 'sva-desk-backup', version: 2, schemaVersion: 99, exportedAt: 'x', tables: {} }), 'Backup feito com a versão 99 do banco de dados'],
    ['an unknown table', JSON.stringify({ format: 'sva-desk-backup', version: 2, schemaVersion: 1, exportedAt: 'x', tables: { users: [] } }), 'tabelas que esta versão não conhece (users)'],
    ['a damaged row', withTables((x) => ((x.customers[3] as { emails: unknown }).emails = 'not a list')), 'O backup está danificado: o registro 4 de clientes não é válido (campo emails). Nada foi restaurado'],
    ['a service of a customer not in the file', withTables((x) => ((x.services[2] as { customerId: number }).customerId = 999)), 'O serviço 50003 (registro 3 de serviços) aponta para o cliente número 999, que não está no arquivo'],
    ['a link to a missing package', withTables((x) => ((x.links[0] as { packageId: number }).packageId = 77)), 'aponta para o pacote 77'],
    ['two customers with one CPF', withTables((x) => ((x.customers[5] as { document: string }).document = (x.customers[1] as { document: string }).document)), 'dois clientes têm o mesmo CPF/CNPJ (registro 2 de clientes e registro 6 de clientes)'],
    ['an invalid preference', withTables((x) => (x.settings[0] = { key: 'schedule', value: { hour: 31 } })), 'a preferência do registro 1 de preferências não é válida'],
  ])('%s', async (_name, text, message) => refused(text, message));

  it('into a store that already has data, naming what it holds (inspect says so before the clerk confirms)', async () => {
    await restoreText(t, rendererBackup(oldWorkspace({ customers: 3 })));
    const inspected = await t.ws.backup.inspect(await upload(t.ws, rendererBackup(oldWorkspace({ customers: 3 }))));
    expect(inspected.busyTables).toEqual(['integrations', 'products', 'packages', 'plans', 'customers', 'services', 'links']);
    expect(inspected.refusal).toMatch(/^O SVA Desk já tem dados \(integrações, .*\)\. A restauração só é feita num banco vazio/);
    await refused(rendererBackup(oldWorkspace({ customers: 3 })), 'O SVA Desk já tem dados (integrações, produtos, pacotes, planos, clientes, serviços, pacotes vinculados)');
  });

  it('says an upload is gone after it was restored once', async () => {
    const transferId = await upload(t.ws, rendererBackup(oldWorkspace({ customers: 2 })));
    await t.ws.backup.restore(transferId);
    await expect(t.ws.backup.restore(transferId)).rejects.toMatchObject({ code: 'TRANSFER_GONE' });
  });
});
