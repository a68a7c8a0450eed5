/**
 * Several desks, one office (issue 12), host against host: two hosts, each with its own data folder
 * and vault, on one throwaway PostgreSQL database — changes reach the other desk through
 * LISTEN/NOTIFY, a save over another desk's newer edit is refused naming who and when, the
 * connection test speaks the office's language, the move copies a desk's embedded record, and a
 * server that stops and starts again is resumed by itself.
 * Only in the store-pg project (vitest.config.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { dispatch } from '../../electron/host/dispatch';
import { createHost, type Host } from '../../electron/host/host';
import { systemClock, type HostPorts } from '../../electron/host/ports';
import { DATABASE_VAULT_ID } from '../../electron/host/services/database';
import { createChargingService } from '../../electron/host/services/charging';
import { createMutator } from '../../electron/host/services/mutation';
import { DESK_FILE } from '../../electron/host/services/settings';
import { createTransfers } from '../../electron/host/services/transfers';
import type { PgConnection } from '../../electron/host/store/postgres';
import { openStore, STORE_FILE } from '../../electron/host/store/store';
import { createDevelopmentCipher, createVault } from '../../electron/host/vault';
import { DataTable, type DataChanged, type DatabaseStatus, type Result } from '../../shared/contract';

/** what a desk that re-reads everything announces */
const ALL_TABLES = DataTable.options.length;
import { createDatabase, dropDatabase, removeCluster, startPostgres, TEST_PASSWORD } from '../support/postgres';
import { billingRows, writeBilledOffice } from './billed-office';

type Desk = { host: Host; dataDir: string; changes: DataChanged[]; statuses: DatabaseStatus[]; call(name: string, input?: unknown): Promise<Result<unknown>> };

const opened: Host[] = [];
const databases: { admin: PgConnection; name: string }[] = [];

afterEach(async () => {
  for (const h of opened.splice(0)) await h.dispose();
  for (const d of databases.splice(0)) await dropDatabase(d.admin, d.name).catch(() => {});
});

async function officeDatabase(admin: PgConnection = inject('pgAdmin')): Promise<PgConnection> {
  const c = await createDatabase(admin, 'office');
  databases.push({ admin, name: c.database });
  return c;
}

const serverOf = ({ host, port, database, user, tls }: PgConnection) => ({ host, port, database, user, tls });

/**
 * A desk: its own folder, vault and clerk; on the office's server when `server` is given. `prepare`
 * runs on the new folder before the host opens (an embedded record made by the services, say).
 */
async function openDesk(clerk: string, server?: PgConnection, prepare?: (dataDir: string) => Promise<void>): Promise<Desk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-desk-'));
  await prepare?.(dataDir);
  const cipher = createDevelopmentCipher(dataDir);
  writeFileSync(join(dataDir, DESK_FILE), JSON.stringify({ version: 1, clerk, ...(server && { database: { server: serverOf(server), use: true } }) }));
  if (server) createVault({ dataDir, cipher }).save(DATABASE_VAULT_ID, { baseUrl: 'postgres://x', apiKey: server.user, apiSecret: server.password });
  const changes: DataChanged[] = [];
  const statuses: DatabaseStatus[] = [];
  const ports: HostPorts = {
    host: 'web',
    version: '0.0.0-test',
    platform: 'linux',
    dataDir,
    cipher,
    secureStorage: () => 'development',
    isOnline: () => true,
    openExternal: async () => undefined,
    emit: (event, payload) => {
      if (event === 'data.changed') changes.push(payload as DataChanged);
      if (event === 'database.status') statuses.push(payload as DatabaseStatus);
    },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: systemClock,
  };
  const host = await createHost(ports);
  opened.push(host);
  return { host, dataDir, changes, statuses, call: (name, input = {}) => dispatch(host.handlers, name, input) };
}

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`não aconteceu a tempo: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const data = <T>(r: Result<unknown>) => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.data as T;
};

describe('two desks on the office server', () => {
  it("a write on desk A reaches desk B's screens, and B reads it", async () => {
    const office = await officeDatabase();
    const a = await openDesk('Ana (balcão 1)', office);
    const b = await openDesk('Bruno (balcão 2)', office);
    await until('B listening', () => b.statuses.some((s) => s.reachable) || b.changes.length >= 0);

    const saved = data<{ id: number }>(await a.call('plans.save', { values: { name: 'Fibra 500', priceCents: 12990, defaultPackages: [], lockPackages: false } }));
    await until('B told that plans changed', () => b.changes.some((c) => c.tables.includes('plans')));
    const list = data<{ rows: { id: number; name: string }[] } | { id: number; name: string }[]>(await b.call('plans.list'));
    const rows = Array.isArray(list) ? list : list.rows;
    expect(rows.map((p) => [p.id, p.name])).toEqual([[saved.id, 'Fibra 500']]);
    // A's own write is not announced back to A as another desk's.
    expect(a.changes.filter((c) => c.tables.length === ALL_TABLES)).toEqual([]);

    // both desks are listed, each with its clerk
    const status = data<DatabaseStatus>(await b.call('database.status'));
    expect(status).toMatchObject({ engine: 'postgres', reachable: true, passwordSaved: true });
    expect(status.desks.map((d) => [d.clerk, d.thisDesk]).sort()).toEqual([
      ['Ana (balcão 1)', false],
      ['Bruno (balcão 2)', true],
    ]);
  });

  it("B saving over A's newer edit is refused with who changed it and when; nothing is overwritten", async () => {
    const office = await officeDatabase();
    const a = await openDesk('Ana', office);
    const b = await openDesk('Bruno', office);
    const values = { name: 'Fibra 300', priceCents: 9990, defaultPackages: [], lockPackages: false };
    const { id } = data<{ id: number }>(await a.call('plans.save', { values }));
    const seenByB = data<{ version: number }>(await b.call('plans.get', { id }));
    data(await a.call('plans.save', { id, version: seenByB.version, values: { ...values, priceCents: 10990 } }));

    const refused = await b.call('plans.save', { id, version: seenByB.version, values: { ...values, name: 'Fibra 300 Promo' } });
    expect(refused).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(!refused.ok && refused.message).toMatch(/^Este plano foi alterado por Ana em \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}, depois que você abriu\. Recarregue/);
    expect(data<{ name: string; priceCents: number }>(await a.call('plans.get', { id }))).toMatchObject({ name: 'Fibra 300', priceCents: 10990 });
  });
});

describe('Configurações › Banco de dados', () => {
  it('Testar conexão: what the server has, and each refusal in Portuguese', async () => {
    const office = await officeDatabase();
    const desk = await openDesk('Ana');
    const draft = { ...serverOf(office), password: TEST_PASSWORD };
    expect(data(await desk.call('database.test', draft))).toMatchObject({ schema: 'empty', customers: null, message: expect.stringMatching(/^Conectado ao PostgreSQL \d+/) });

    const wrong = await desk.call('database.test', { ...draft, password: 'errada' });
    expect(wrong).toMatchObject({ ok: false, code: 'DATABASE_UNREACHABLE', message: `Usuário "${office.user}" ou senha recusados pelo servidor.` });
    const missing = await desk.call('database.test', { ...draft, database: 'nao_existe' });
    expect(missing).toMatchObject({ ok: false, message: 'O banco "nao_existe" não existe no servidor: crie-o (veja o README, "Servidor do escritório") ou confira o nome.' });
    const closed = await desk.call('database.test', { ...draft, port: 1 });
    expect(closed).toMatchObject({ ok: false, message: `O servidor ${office.host}:1 recusou a conexão: confira o endereço e a porta, se o PostgreSQL está no ar e se aceita conexões desta rede (listen_addresses).` });
    const blankPassword = await desk.call('database.test', { ...draft, password: '' });
    expect(blankPassword).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { password: 'Informe a senha do usuário do banco.' } });
    const badHost = await desk.call('database.test', { ...draft, host: 'postgres://servidor/' });
    expect(badHost).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('Mover este espaço de trabalho para o servidor: every record copied, counted, then the desk uses the server', async () => {
    const office = await officeDatabase();
    const desk = await openDesk('Ana');
    const { id } = data<{ id: number }>(await desk.call('plans.save', { values: { name: 'Fibra 1 Giga', priceCents: 19990, defaultPackages: [], lockPackages: true } }));
    const moved = data<{ summary: string }>(await desk.call('database.use', { target: 'server', draft: { ...serverOf(office), password: TEST_PASSWORD }, move: true }));
    expect(moved.summary).toMatch(/^Copiado para o servidor: .*1 plano.*Esta mesa passou a usar o servidor do escritório\. Feche e abra o SVA Desk/);

    const server = await openStore({ engine: 'postgres', connection: office });
    try {
      expect(await server.db.selectFrom('plans').select(['id', 'name']).execute()).toEqual([{ id, name: 'Fibra 1 Giga' }]);
      expect((await server.db.selectFrom('events').select('kind').where('kind', '=', 'database.move').execute()).length).toBe(1);
    } finally {
      await server.close();
    }
    const deskFile = JSON.parse(readFileSync(join(desk.dataDir, DESK_FILE), 'utf8')) as { database: { use: boolean; server: object } };
    expect(deskFile.database).toEqual({ use: true, server: serverOf(office) });
    // the password went to the vault, nowhere else
    expect(readFileSync(join(desk.dataDir, DESK_FILE), 'utf8')).not.toContain(TEST_PASSWORD);

    // a second move into the same (now busy) server is refused, nothing copied twice
    const again = await openDesk('Bruno');
    const refused = await again.call('database.use', { target: 'server', draft: { ...serverOf(office), password: TEST_PASSWORD }, move: true });
    expect(refused).toMatchObject({ ok: false, code: 'NOT_EMPTY' });
  });
  it('Mover para o servidor carries Cobrança: the licences’ history, costs, rule, closed months and platform checks, row for row', async () => {
    const office = await officeDatabase();
    let embedded: Awaited<ReturnType<typeof billingRows>> | undefined;
    // the desk's embedded record, billed by the services before the desk opens it
    const desk = await openDesk('Ana', undefined, async (dataDir) => {
      const store = await openStore({ engine: 'sqlite', file: join(dataDir, STORE_FILE) });
      let now = Date.parse('2026-11-01T12:00:00.000Z');
      const clock = { now: () => now, set: (iso: string) => void (now = Date.parse(iso)) };
      const mutate = createMutator({ store, clock, clerk: () => 'Ana', notify: () => {}, onDesiredStateChanged: () => {} });
      const transfers = createTransfers({ dir: mkdtempSync(join(tmpdir(), 'sva-transfers-')), clock });
      try {
        await writeBilledOffice({ store, mutate, clock, transfers });
        embedded = await billingRows(store);
      } finally {
        await transfers.dispose();
        await store.close();
      }
    });
    expect(embedded!.chargingClosings).toHaveLength(2);

    const moved = data<{ summary: string }>(await desk.call('database.use', { target: 'server', draft: { ...serverOf(office), password: TEST_PASSWORD }, move: true }));
    expect(moved.summary).toMatch(/^Copiado para o servidor: 3 clientes, 3 serviços, 2 pacotes, 1 plano, 1 integração, 2 competências fechadas e \d+ eventos do histórico\. /);

    const server = await openStore({ engine: 'postgres', connection: office });
    try {
      const copied = await billingRows(server);
      expect(copied).toEqual(embedded);
      expect(Object.fromEntries(Object.entries(copied).map(([table, rows]) => [table, rows.length]))).toEqual({ licenceEvents: 8, productCosts: 3, chargingRules: 1, chargingClosings: 2, platformMonthLicences: 4 });
      // the server numbers the next cost after the copied ones
      const clock = { now: () => Date.parse('2027-01-02T12:00:00.000Z') };
      const mutate = createMutator({ store: server, clock, clerk: () => 'Ana', notify: () => {}, onDesiredStateChanged: () => {} });
      const transfers = createTransfers({ dir: mkdtempSync(join(tmpdir(), 'sva-transfers-')), clock });
      const charging = createChargingService({ store: server, mutate, transfers, clock });
      await charging.setProductCost({ integrationId: 'camp', productCode: '1192002', costCents: 130, validFrom: '2027-02-01' });
      await transfers.dispose();
      expect((await billingRows(server)).productCosts.at(-1)).toMatchObject({ id: Math.max(...embedded!.productCosts.map((c) => c.id)) + 1, costCents: 130 });
    } finally {
      await server.close();
    }
  });
});

describe('the server stops and starts again', () => {
  it('writes are refused in the office words while it is away, and both desks resume by themselves', async () => {
    const cluster = await startPostgres();
    try {
      const office = await officeDatabase(cluster.admin);
      const a = await openDesk('Ana', office);
      const b = await openDesk('Bruno', office);
      const values = { name: 'Fibra 200', priceCents: 7990, defaultPackages: [], lockPackages: false };
      data(await a.call('plans.save', { values }));

      cluster.stop();
      const refused = await a.call('plans.save', { values: { ...values, name: 'Fibra 250' } });
      expect(refused).toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE', retryable: true, message: expect.stringMatching(/^Servidor do escritório indisponível: nada foi gravado/) });
      await until('B sees the server away', () => b.statuses.some((s) => !s.reachable && s.unavailableSince));
      expect(data<DatabaseStatus>(await a.call('database.status'))).toMatchObject({ reachable: false, unavailableSince: expect.any(String) });

      cluster.start();
      const before = b.changes.length;
      // B re-reads everything once it hears the server again (what it missed is not replayed)
      await until('B back and told to re-read', () => b.changes.slice(before).some((c) => c.tables.length === ALL_TABLES), 30_000);
      data(await until('A writes again', async () => {
        const r = await a.call('plans.save', { values: { ...values, name: 'Fibra 250' } });
        return r.ok ? r : null;
      }));
      await until('B told of it', () => b.changes.slice(before).some((c) => c.tables.includes('plans') && c.tables.length < ALL_TABLES));
      const names = (data<{ name: string }[]>(await b.call('plans.list'))).map((p) => p.name).sort();
      expect(names).toEqual(['Fibra 200', 'Fibra 250']);
      expect(data<DatabaseStatus>(await a.call('database.status'))).toMatchObject({ reachable: true, unavailableSince: null });
    } finally {
      for (const h of opened.splice(0)) await h.dispose();
      removeCluster(cluster);
    }
  });

  it('a desk started while the server is away keeps trying, says so, and opens when it answers', async () => {
    const cluster = await startPostgres();
    try {
      const office = await officeDatabase(cluster.admin);
      // the office's record exists (a first desk made it), then the server goes away
      const first = await openDesk('Ana', office);
      await first.host.dispose();
      opened.splice(opened.indexOf(first.host), 1);
      cluster.stop();

      const statuses: DatabaseStatus[] = [];
      const opening = openDesk('Bruno', office).then((d) => {
        statuses.push(...d.statuses);
        return d;
      });
      let settled = false;
      void opening.then(() => (settled = true), () => (settled = true));
      await new Promise((r) => setTimeout(r, 1_500));
      expect(settled).toBe(false);

      cluster.start();
      const desk = await opening;
      expect(desk.statuses.some((s) => !s.reachable)).toBe(true);
      expect(data<DatabaseStatus>(await desk.call('database.status'))).toMatchObject({ engine: 'postgres', reachable: true });
      expect(data<unknown[]>(await desk.call('plans.list'))).toEqual([]);
    } finally {
      for (const h of opened.splice(0)) await h.dispose();
      removeCluster(cluster);
    }
  });
});
