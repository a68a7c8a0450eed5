import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_VERSION, BILLING_TABLES, workspaceTables } from '../../shared/contract/workspace';
import { dispatch, type HandlerTable } from '../../electron/host/dispatch';
import { containsFilter } from '../../electron/host/store/search-index';
import { createChargingService } from '../../electron/host/services/charging';
import { recordLicenceState } from '../../electron/host/store/licence-events';
import { customerOf } from '../../electron/host/store/rows';
import { LATEST_VERSION } from '../../electron/host/store/migrations';
import { OLD_INTEGRATION, oldWorkspace, rendererBackup, withoutSearchKeys, type OldTables } from './old-workspace';
import { download, openTestWorkspace, upload, type TestWorkspace } from './workspace-support';
import { storeHolds } from './support';
import { billingRows, writeBilledOffice } from './billed-office';

type BillingTable = (typeof BILLING_TABLES)[number];
type Backup = { format: string; version: number; schemaVersion: number; exportedAt: string; tables: Record<string, Record<string, unknown>[]> };

let t: TestWorkspace;
beforeEach(async () => {
  t = await openTestWorkspace();
});
afterEach(() => t.close());

const tableCount = async (w: TestWorkspace, table: 'customers' | 'events' | 'links' | 'integrations' | 'settings' | BillingTable) =>
  Number((await w.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function restoreText(w: TestWorkspace, text: string) {
  const transferId = await upload(w.ws, text, 64 * 1024);
  const inspected = await w.ws.backup.inspect(transferId);
  return { inspected, restored: await w.ws.backup.restore(transferId) };
}

async function exportJson(w: TestWorkspace) {
  const file = await w.ws.backup.export();
  const { text } = await download(w.ws, file.transferId);
  return { file, text, backup: JSON.parse(text) as Backup };
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
      // a renderer's file has no Cobrança
      ['licenceEvents', 0, 0, 0, 0],
      ['productCosts', 0, 0, 0, 0],
      ['chargingRules', 0, 0, 0, 0],
      ['chargingClosings', 0, 0, 0, 0],
      ['platformMonthLicences', 0, 0, 0, 0],
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

describe('backup.export (format 3): the whole store, no secrets, read back by restore', () => {
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

/** The restore of `text` into t is refused with `message`, and no table of t changed. */
async function refused(text: string, message: string | RegExp) {
  const counted = ['customers', 'events', 'links', 'integrations', 'settings', ...BILLING_TABLES] as const;
  const before = await Promise.all(counted.map((x) => tableCount(t, x)));
  const transferId = await upload(t.ws, text);
  const r = await dispatch(t.ws.handlers as unknown as HandlerTable, 'backup.restore', { transferId });
  expect(r.ok).toBe(false);
  expect(r.ok === false && r.message).toMatch(message);
  expect(await Promise.all(counted.map((x) => tableCount(t, x)))).toEqual(before);
}

describe('backup.restore refuses, writing nothing', () => {
  const withTables = (edit: (tables: OldTables) => void) => {
    const tables = oldWorkspace({ customers: 10, events: 5 });
    edit(tables);
    return rendererBackup(tables);
  };

  it.each<[string, string, string | RegExp]>([
    ['corrupt JSON', '{"format": "sva-desk-backup", "tab', 'o conteúdo está corrompido ou incompleto'],
    ['another file', JSON.stringify({ hello: 'world' }), 'Este arquivo não é um backup do SVA Desk'],
    ['a newer format', JSON.stringify({ format: 'sva-desk-backup', version: 9, schemaVersion: 1, exportedAt: 'x', tables: {} }), 'Backup no formato 9, e esta versão do SVA Desk lê até o formato 3. Atualize o SVA Desk'],
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

describe('Cobrança in the backup (format 3): the month’s history, costs, rule, closings and platform checks', () => {
  /** A second empty workspace, closed after the test. */
  async function other(): Promise<TestWorkspace> {
    const w = await openTestWorkspace();
    opened.push(w);
    return w;
  }
  const opened: TestWorkspace[] = [];
  afterEach(async () => {
    for (const w of opened.splice(0)) await w.close();
  });
  const charging = (w: TestWorkspace) => writeBilledOffice({ store: w.store, mutate: w.mutate, clock: w.clock, transfers: w.ws.transfers });
  const months = async (c: Awaited<ReturnType<typeof charging>>) =>
    Promise.all(['2026-10', '2026-11', '2026-12', '2027-01'].map(async (m) => ({ month: await c.month(m, 0, 500), bill: await c.platformBill(m) })));

  it('round-trips every row of the five tables: export → restore into an empty store → the same rows, the same months', async () => {
    const source = await charging(t);
    const stored = await billingRows(t.store);
    // what the office made: L3's link is gone, its history stays; December's closing corrects November
    expect(stored.licenceEvents.map((e) => [e.linkId, e.state])).toEqual([
      ['L1', 'active'],
      ['L1', 'suspended'],
      ['L1', 'active'],
      ['L2', 'active'],
      ['L3', 'active'],
      ['L3', 'canceled'],
      ['L2', 'suspended'],
      ['L2', 'active'],
    ]);
    expect(stored.chargingClosings.map((c) => c.competence)).toEqual(['2026-11', '2026-12']);
    expect(stored.chargingClosings[1]!.lines).toContain('"adjusts":"2026-11"');
    expect(stored.productCosts).toHaveLength(3);
    expect(stored.chargingRules).toEqual([expect.objectContaining({ integrationId: 'camp', rule: 'suspended_free' })]);
    expect(stored.platformMonthLicences).toHaveLength(4);

    const first = await exportJson(t);
    expect(first.backup.version).toBe(3);
    expect(first.file.counts).toMatchObject({ licenceEvents: 8, productCosts: 3, chargingRules: 1, chargingClosings: 2, platformMonthLicences: 4 });
    expect(first.file.summary).toBe('3 clientes, 3 serviços, 2 pacotes, 1 plano, 1 integração, 2 competências fechadas');
    // a closing's lines are records in the file, not JSON text
    expect(Array.isArray(first.backup.tables.chargingClosings![0]!.lines)).toBe(true);

    const w = await other();
    const { inspected, restored } = await restoreText(w, first.text);
    expect(inspected).toMatchObject({ version: 3, summary: first.file.summary, counts: first.file.counts });
    expect(restored.tables.filter((r) => (BILLING_TABLES as readonly string[]).includes(r.table)).map((r) => [r.table, r.expected, r.stored])).toEqual([
      ['licenceEvents', 8, 8],
      ['productCosts', 3, 3],
      ['chargingRules', 1, 1],
      ['chargingClosings', 2, 2],
      ['platformMonthLicences', 4, 4],
    ]);
    expect(restored.summary).toMatch(/^3 clientes, 3 serviços, 2 pacotes, 1 plano, 1 integração, 2 competências fechadas e \d+ eventos do histórico$/);
    expect(w.notices.at(-1)).toContain('charging');

    // every column of every row, the closings' lines as the very text that was closed
    expect(await billingRows(w.store)).toEqual(stored);
    // and Cobrança reads the same months from it: the closed ones as closed, the adjustment, the checks
    const restoredCharging = createChargingService({ store: w.store, mutate: w.mutate, transfers: w.ws.transfers, clock: w.clock });
    w.clock.set('2027-01-02T12:00:00.000Z');
    expect(await months(restoredCharging)).toEqual(await months(source));
    // a second export of the restored store holds the same Cobrança
    const second = await exportJson(w);
    for (const table of BILLING_TABLES) expect(second.backup.tables[table], table).toEqual(first.backup.tables[table]);

    // the engine numbers new rows after the restored ones (PostgreSQL: the sequences were moved)
    await restoredCharging.setProductCost({ integrationId: 'camp', productCode: '1192002', costCents: 130, validFrom: '2027-02-01' });
    await w.mutate(async (m) => recordLicenceState(m.tx, 'L1', 'suspended', '2027-01-10T12:00:00.000Z'));
    const after = await billingRows(w.store);
    expect(after.productCosts.at(-1)).toMatchObject({ id: Math.max(...stored.productCosts.map((c) => c.id)) + 1, costCents: 130 });
    expect(after.licenceEvents.at(-1)).toMatchObject({ id: Math.max(...stored.licenceEvents.map((e) => e.id)) + 1, linkId: 'L1', state: 'suspended' });
  });

  it('reads a version-2 file (before Cobrança was in the backup): the five tables come empty', async () => {
    await charging(t);
    const { backup } = await exportJson(t);
    const v2 = { ...backup, version: 2, tables: Object.fromEntries(Object.entries(backup.tables).filter(([name]) => !(BILLING_TABLES as readonly string[]).includes(name))) };
    const w = await other();
    const { inspected, restored } = await restoreText(w, JSON.stringify(v2));
    expect(inspected).toMatchObject({ version: 2, summary: '3 clientes, 3 serviços, 2 pacotes, 1 plano, 1 integração' });
    expect(restored.tables.find((r) => r.table === 'customers')).toMatchObject({ expected: 3, stored: 3 });
    expect(restored.summary).not.toContain('competência');
    expect(await billingRows(w.store)).toEqual({ licenceEvents: [], productCosts: [], chargingRules: [], chargingClosings: [], platformMonthLicences: [] });
  });

  it('is refused into a store that still holds Cobrança’s history, even with no records left in it', async () => {
    await charging(t);
    const { text } = await exportJson(t);
    const w = await other();
    // the history outlives the links and the closings outlive everything: a store may hold only them
    await w.store.db.insertInto('chargingClosings').values({ competence: '2026-05', closedAt: '2026-06-02T12:00:00.000Z', closedBy: null, dataHash: 'h', totalCents: 0, lines: '[]' }).execute();
    const inspected = await w.ws.backup.inspect(await upload(w.ws, text));
    expect(inspected.busyTables).toEqual(['chargingClosings']);
    expect(inspected.refusal).toBe('O SVA Desk já tem dados (competências fechadas). A restauração só é feita num banco vazio, para não misturar nem perder dados. Nada foi restaurado.');
  });

  describe('refuses a file whose Cobrança does not hold together, naming the row, and writes nothing', () => {
    let billed: Backup;
    beforeEach(async () => {
      const source = await other();
      await charging(source);
      billed = (await exportJson(source)).backup;
    });
    const edited = (edit: (tables: Backup['tables']) => void) => {
      const copy = structuredClone(billed);
      edit(copy.tables);
      return JSON.stringify(copy);
    };

    it.each<[string, (x: Backup['tables']) => void, string | RegExp]>([
      [
        'a cost of an integration not in the file',
        (x) => (x.productCosts![2]!.integrationId = 'outra'),
        'O backup está danificado: O custo do produto 1192002 (registro 3 de custos de produtos) aponta para a integração outra, que não está no arquivo. Nada foi restaurado; use outro arquivo de backup.',
      ],
      ['a cost of a product not in the file', (x) => (x.productCosts![0]!.productCode = '999'), 'O custo do produto 999 (registro 1 de custos de produtos) aponta para o produto 999 da integração camp, que não está no arquivo'],
      ['a rule of an integration not in the file', (x) => (x.chargingRules![0]!.integrationId = 'outra'), 'A regra de cobrança (registro 1 de regras de cobrança) aponta para a integração outra, que não está no arquivo'],
      [
        'a platform check’s licence of an integration not in the file',
        (x) => (x.platformMonthLicences![3]!.integrationId = 'outra'),
        /A licença campsoft-leitura-1 do contrato S\d em \d{2}\/\d{4} \(registro 4 de licenças da conferência da fatura\) aponta para a integração outra, que não está no arquivo/,
      ],
      [
        'a closing that corrects a closed month not in the file',
        (x) => x.chargingClosings!.shift(),
        'O fechamento da competência 12/2026 (registro 1 de competências fechadas) ajusta a competência 11/2026, cujo fechamento não está no arquivo',
      ],
      ['a licence’s history with one number twice', (x) => (x.licenceEvents![4]!.id = x.licenceEvents![1]!.id), `A mudança de licença número 2 aparece duas vezes (registro 5 de mudanças de licença na plataforma)`],
      ['a month closed twice', (x) => x.chargingClosings!.push(x.chargingClosings![0]!), 'O fechamento da competência 11/2026 aparece duas vezes (registro 3 de competências fechadas)'],
      ['a damaged closing line', (x) => ((x.chargingClosings![0]!.lines as Record<string, unknown>[])[0]!.amountCents = '20,00'), 'o registro 1 de competências fechadas não é válido (campo lines.0.amountCents)'],
      ['a closing line with a field this version does not know', (x) => ((x.chargingClosings![0]!.lines as Record<string, unknown>[])[1]!.apiSecret = 'x'), 'o registro 1 de competências fechadas não é válido (campo lines.1)'],
      ['a licence state that does not exist', (x) => (x.licenceEvents![0]!.state = 'paused'), 'o registro 1 de mudanças de licença na plataforma não é válido (campo state)'],
    ])('%s', async (_name, edit, message) => refused(edited(edit), message));

    it('but keeps a licence’s history whose link, service, package and integration are gone (they may be, by design)', async () => {
      const text = edited((x) => x.licenceEvents!.push({ ...x.licenceEvents![0]!, id: 99, linkId: 'L-antigo', serviceId: 'S-antigo', packageId: 77, integrationId: 'excluida' }));
      const { restored } = await restoreText(t, text);
      expect(restored.tables.find((r) => r.table === 'licenceEvents')).toMatchObject({ expected: 9, stored: 9 });
    });
  });
});
