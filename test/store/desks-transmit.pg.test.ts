/**
 * Several desks, one office (issue 12): one send per link. Whole hosts, each with its own data folder
 * and vault (the Campsoft credentials typed into each desk's own), on one throwaway PostgreSQL
 * database, against ONE standalone sandbox server: both desks press "Transmitir agora" and confirm at
 * the same moment and the platform sees each licence created once; desk A killed (kill -9, a process
 * of its own) in the middle of a pass leaves its claims to expire and desk B finishes the pass; a desk
 * without the credentials claims nothing and blocks nothing another desk sends. The daily routine runs
 * once per office. Only in the store-pg project (vitest.config.ts). Outcomes are polled, never timed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { dispatch } from '../../electron/host/dispatch';
import { createHost, type Host } from '../../electron/host/host';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox } from '../../electron/host/sandbox';
import type { PgConnection } from '../../electron/host/store/postgres';
import { openStore, type Store } from '../../electron/host/store/store';
import { msUntilHour, SCHEDULE_KEY } from '../../electron/host/sync/engine';
import { defaultStatusMap } from '../../shared/domain/status';
import type { SyncState } from '../../shared/contract';
import { createDatabase, dropDatabase } from '../support/postgres';
import { duplicates } from '../integration/executor/support';
import { startDesk, type Desk as EngineDesk } from '../integration/sync/support';
import { writeSimpleOffice } from './office';
import { openTestStore, type TestStore } from './support';
import { data, deskFolder, deskIdOf, deskPorts, INTEGRATION_ID, saveCredentials, until } from './desks-support';

const LINKS = 300;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ adminToken: 'desks-transmit-admin' });
});
afterAll(() => sandbox.close());

const hosts: Host[] = [];
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const h of hosts.splice(0)) await h.dispose();
  for (const c of cleanups.splice(0).reverse()) await c();
  sandbox.reset();
});

/** The office's database with `links` links to send, the routine already run today (no pass sends by itself). */
async function office(links = LINKS): Promise<{ server: PgConnection; store: Store }> {
  const admin = inject('pgAdmin');
  const server = await createDatabase(admin, 'desks');
  const store = await openStore({ engine: 'postgres', connection: server });
  cleanups.push(async () => {
    await store.close();
    await dropDatabase(admin, server.database);
  });
  await writeSimpleOffice(store, links, { baseUrl: sandbox.url });
  await store.db.insertInto('settings').values({ key: SCHEDULE_KEY, value: JSON.stringify({ hour: 4, lastRunAt: new Date().toISOString() }), updatedAt: new Date().toISOString() }).execute();
  return { server, store };
}

async function openDesk(clerk: string, server: PgConnection, opts: { credentials?: boolean } = {}): Promise<{ host: Host; id: string; call(name: string, input?: unknown): Promise<unknown> }> {
  const dataDir = deskFolder(clerk, server);
  const host = await createHost(deskPorts(dataDir));
  hosts.push(host);
  if (opts.credentials !== false) await saveCredentials(host, sandbox.url);
  // the pass every start makes, before the office presses anything
  await until(`${clerk}: the start pass`, () => host.engine.state().lastPassAt !== null);
  return { host, id: deskIdOf(dataDir), call: async (name, input = {}) => data(await dispatch(host.handlers, name, input)) };
}

const state = (h: Host): SyncState => h.engine.state();
const idle = (h: Host) => !state(h).passing && state(h).runs.every((r) => r.status !== 'running');

async function linkStates(store: Store): Promise<Record<string, number>> {
  const rows = await store.db.selectFrom('links').select('observedState').execute();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.observedState] = (out[r.observedState] ?? 0) + 1;
  return out;
}
const claimsOf = async (store: Store, desk?: string) =>
  (await store.db.selectFrom('links').select('id').where('claimedBy', desk === undefined ? 'is not' : '=', desk ?? null).execute()).length;
/** "Transmitir agora" on a desk: the preview of what it would send (more than 50 links ask first). */
async function pressTransmit(desk: { host: Host; call(name: string, input?: unknown): Promise<unknown> }) {
  await desk.call('sync.request', { trigger: 'manual' });
  return until('the preview', () => idle(desk.host) && state(desk.host).preview);
}
/** Each link confirmed once: one "converged" event per customer, none twice. */
async function confirmations(store: Store): Promise<number[]> {
  const rows = await store.db.selectFrom('events').select('subject').where('kind', '=', 'transmission.converged').execute();
  const per = new Map<string, number>();
  for (const r of rows) per.set(r.subject ?? '', (per.get(r.subject ?? '') ?? 0) + 1);
  return [per.size, Math.max(0, ...per.values())];
}

describe('one office, one send per link', () => {
  it('two desks confirm "Transmitir agora" at the same moment: each licence is created once, each link confirmed once, and both desks sent a share', async () => {
    const { server, store } = await office();
    const [a, b] = await Promise.all([openDesk('Ana', server), openDesk('Bruno', server)]);
    sandbox.setKnobs({ latencyMs: 20 });
    const [pa, pb] = await Promise.all([pressTransmit(a), pressTransmit(b)]);
    expect([pa.summary.creations, pb.summary.creations]).toEqual([LINKS, LINKS]);
    const [sentA, sentB] = await Promise.all([a.call('sync.confirm', { previewId: pa.id }), b.call('sync.confirm', { previewId: pb.id })]);

    await until('every link active', async () => (await linkStates(store)).active === LINKS);
    await until('both desks idle, no claim left', async () => idle(a.host) && idle(b.host) && (await claimsOf(store)) === 0);
    const stats = sandbox.stats();
    expect(Object.keys(stats.licenceCreations)).toHaveLength(LINKS);
    expect(stats.subscribers).toBe(LINKS);
    expect(duplicates(sandbox)).toEqual([]);
    expect(await confirmations(store)).toEqual([LINKS, 1]);
    // each desk plans again once the other's results stop coming: neither shows the other's share as Pendente
    const counts = async (d: typeof a) => ((await d.call('links.states')) as { counts: Record<string, number> }).counts;
    await until('both desks count every link active', async () => (await counts(a)).active === LINKS && (await counts(b)).active === LINKS);
    expect([(await counts(a)).pending, (await counts(b)).pending]).toEqual([0, 0]);
    // the claims went in slices: each desk had links of its own to send at the start
    expect([sentA, sentB]).toEqual([{ sent: expect.any(Number) }, { sent: expect.any(Number) }]);
    expect((sentA as { sent: number }).sent).toBeGreaterThan(0);
    expect((sentB as { sent: number }).sent).toBeGreaterThan(0);
  });

  it('desk A killed (kill -9) in the middle of the pass: its claims expire and desk B finishes the pass, with no licence created twice', async () => {
    const { server, store } = await office();
    const b = await openDesk('Bruno', server);
    const dirA = deskFolder('Ana', server);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'desks-transmit.child.ts'), dirA, sandbox.url, '3000'], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
    const said = (prefix: string) => until(`desk A says ${prefix} (${stderr.slice(-300)})`, () => lines.find((l) => l.startsWith(prefix))?.split(' ').slice(1));
    const [idA] = await said('ready');
    sandbox.setKnobs({ latencyMs: 20 });

    child.stdin!.write('manual\n');
    const [[previewA], pb] = await Promise.all([said('preview'), pressTransmit(b)]);
    child.stdin!.write(`confirm ${previewA}\n`);
    await b.call('sync.confirm', { previewId: pb.id });
    // A is mid-pass: some links confirmed, some claimed by A. The platform stops answering for a moment,
    // so A dies with requests in flight and claims held.
    await until('A sending, some links done', async () => (await claimsOf(store, idA)) > 0 && ((await linkStates(store)).active ?? 0) >= 20);
    sandbox.setKnobs({ paused: true });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const heldByA = await claimsOf(store, idA);
    expect(heldByA).toBeGreaterThan(0);
    sandbox.setKnobs({ paused: false });

    // B finishes by itself once A's claims expire (no click: B's office confirmed the whole pass).
    await until('every link active', async () => (await linkStates(store)).active === LINKS);
    await until('B idle, no claim left', async () => idle(b.host) && (await claimsOf(store)) === 0);
    expect(Object.keys(sandbox.stats().licenceCreations)).toHaveLength(LINKS);
    expect(duplicates(sandbox)).toEqual([]);
    expect(await confirmations(store)).toEqual([LINKS, 1]);
  }, 120_000);

  it('a desk without the credentials claims nothing and blocks nothing another desk sends; alone in the office, it blocks them as before', async () => {
    const { server, store } = await office(60);
    const blocked = () => store.db.selectFrom('events').select('message').where('kind', '=', 'transmission.blocked').execute();
    // Carla's desk has no credentials and no other desk can transmit: the office is told (one event).
    const c = await openDesk('Carla', server, { credentials: false });
    await until('the links blocked', async () => (await linkStates(store)).blocked === 60);
    expect((await blocked()).map((e) => e.message)).toEqual(['Não transmitidos 60 vínculos: Integração sem credenciais: edite a integração e informe a Chave da API e a Senha da API.']);

    // Ana's desk has them: Carla's passes leave the links to Ana, blocking nothing, claiming nothing.
    const a = await openDesk('Ana', server);
    await c.call('sync.request', { trigger: 'manual' });
    await until('Carla idle', () => idle(c.host) && state(c.host).lastPassAt !== null);
    await until('Carla says who sends them', () => /^60 vínculos pendentes de integrações sem credenciais nesta mesa: outra mesa do escritório/.test(state(c.host).notice ?? ''));
    expect(state(c.host).preview).toBeNull();
    expect(await claimsOf(store, c.id)).toBe(0);

    const preview = await pressTransmit(a);
    await a.call('sync.confirm', { previewId: preview.id });
    await until('every link active', async () => (await linkStates(store)).active === 60);
    await until('Ana idle, no claim left', async () => idle(a.host) && (await claimsOf(store)) === 0);
    // Carla's pass after Ana's: nothing blocked again, nothing sent by Carla
    await c.call('sync.request', { trigger: 'manual' });
    await until('Carla idle', () => idle(c.host));
    expect((await linkStates(store)).active).toBe(60);
    expect(await blocked()).toHaveLength(1);
    expect(duplicates(sandbox)).toEqual([]);
    expect(sandbox.stats().subscribers).toBe(60);
    expect(await confirmations(store)).toEqual([60, 1]);
  });
});

describe('which desks can transmit', () => {
  const canTransmit = async (store: Store) =>
    Object.fromEntries((await store.db.selectFrom('desks').select(['clerk', 'canTransmit']).execute()).map((d) => [d.clerk, d.canTransmit]));

  it('is written as soon as it changes, not at the next minute: credentials typed here, an integration added at another desk', async () => {
    const { server, store } = await office(0);
    const a = await openDesk('Ana', server, { credentials: false });
    const b = await openDesk('Bruno', server);
    await until('both desks listed', async () => Object.keys(await canTransmit(store)).length === 2);
    expect(await canTransmit(store)).toEqual({ Ana: 0, Bruno: 1 });

    // Ana types the credentials at her desk: her row says so now.
    await saveCredentials(a.host, sandbox.url);
    await until('Ana can transmit', async () => (await canTransmit(store)).Ana === 1);

    // Bruno adds a second integration with its credentials at his desk: Ana's desk, which lacks
    // them, hears of it and stops counting itself among the senders; Bruno still does.
    await b.call('integrations.save', {
      values: { description: 'Campsoft (segunda conta)', suspendBySubscriptionStatus: true, statusMap: defaultStatusMap },
      connection: { environment: 'custom', customUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET },
    });
    await until('Ana no longer listed as a sender', async () => (await canTransmit(store)).Ana === 0);
    expect((await canTransmit(store)).Bruno).toBe(1);
  });
});

describe('the daily routine runs once per office', () => {
  const stores: TestStore[] = [];
  const desks: EngineDesk[] = [];
  afterEach(async () => {
    for (const d of desks.splice(0)) await d.dispose();
    for (const t of stores.splice(0).reverse()) await t.close();
  });

  it('two desks whose routine hour arrives together: one schedule.run, products synced once; the next day again once', async () => {
    // One record, two desks (two connection pools), one clock the test moves; the routine's timers held.
    const first = await openTestStore();
    const second = await openTestStore({ file: first.file });
    stores.push(first, second);
    second.clock.now = () => first.clock.now();
    first.clock.set('2026-12-01T15:00:00.000Z');
    await writeSimpleOffice(first.store, 5, { baseUrl: sandbox.url });
    await first.store.db.insertInto('settings').values({ key: SCHEDULE_KEY, value: JSON.stringify({ hour: 4, lastRunAt: '2026-12-01T07:00:00.000Z' }), updatedAt: 'x' }).execute();
    const synced: string[] = [];
    const routines: (() => void)[][] = [[], []];
    const deskOn = async (t: TestStore, i: number) => {
      const timers = {
        // the routine's timer (armed for its hour) is held; every other one runs
        setTimeout: (fn: () => void, ms: number) => (ms === msUntilHour(4, new Date(first.clock.now())) ? routines[i]!.push(fn) : setTimeout(fn, ms)),
        clearTimeout: (h: unknown) => (typeof h === 'number' ? undefined : clearTimeout(h as ReturnType<typeof setTimeout>)),
      };
      const d = await startDesk(sandbox, { t, hostId: `desk-${i}`, timers, extra: { daily: { syncProducts: async (id) => void synced.push(`${i}:${id}`) } } });
      desks.push(d);
      await d.engine.start();
      return d;
    };
    const [a, b] = [await deskOn(first, 0), await deskOn(second, 1)];
    const runsOf = () => first.store.db.selectFrom('events').select('at').where('kind', '=', 'schedule.run').execute();
    const settled = () => until('both desks idle', async () => [a, b].every((d) => !d.engine.state().passing) && (await first.store.db.selectFrom('links').select('id').where('claimedBy', 'is not', null).execute()).length === 0);

    // 04:00 the next day, at both desks at once
    first.clock.set('2026-12-02T04:00:00.000Z');
    await Promise.all([routines[0]!.at(-1)!(), routines[1]!.at(-1)!()]);
    await until('the routine ran', async () => (await runsOf()).length >= 1);
    await until('both routines over', () => routines.every((r) => r.length >= 2));
    await settled();
    expect(await runsOf()).toHaveLength(1);
    expect(synced).toHaveLength(1);
    expect(synced[0]).toMatch(new RegExp(`^[01]:${INTEGRATION_ID}$`));
    await until('the routine pass sent the links', async () => (await first.store.db.selectFrom('links').select('id').where('observedState', '=', 'active').execute()).length === 5);

    // a day later: once again
    first.clock.set('2026-12-03T04:00:00.000Z');
    await Promise.all([routines[0]!.at(-1)!(), routines[1]!.at(-1)!()]);
    await until('both routines over', () => routines.every((r) => r.length >= 3));
    await settled();
    expect(await runsOf()).toHaveLength(2);
    expect(synced).toHaveLength(2);
    expect(duplicates(sandbox)).toEqual([]);
  }, 120_000);
});
