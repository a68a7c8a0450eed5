/**
 * Several desks, one office (issue 12), on a throwaway PostgreSQL cluster started for this bench
 * with the server's durable defaults (fsync on), removed after:
 *
 * - `desks.change_visible_ms`: desk A saves a plan through its host; desk B's host is told (LISTEN/
 *   NOTIFY) and re-reads that plan through its own command; the clock runs from A's call to B's
 *   answer holding the new name. Median of 30, both hosts in this process.
 * - `import.100k_pg_s`: import.bench.ts's 100,000-customer ERP export (customers + services + links),
 *   uploaded, previewed and applied through the import service into the PG store.
 * - a 5,000-link pass shared by two desks: each desk a whole host in a process of its own
 *   (desks-transmit.child.ts), the sandbox another (40 ms of latency per request); both press
 *   "Transmitir agora" and confirm at the same moment; the clock stops when the last link is
 *   recorded active with no claim left. `desks.ideal_ratio` is the two desks' links/s over twice one
 *   desk's ideal (transmit.bench.ts's ideal: operations × latency / concurrency), i.e.
 *   (operations × latency / (2 × concurrency)) / seconds. `desks.duplicate_creations` counts the
 *   subscribers and licences the sandbox created more than once. The same pass by one desk alone
 *   first (informative): `desks.one_desk_ideal_ratio` says what this machine gives one desk at that
 *   moment, `desks.vs_one_desk_measured` the two desks' links/s over twice that desk's measured ones.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dispatch } from '../../electron/host/dispatch';
import { DEFAULT_CONCURRENCY } from '../../electron/host/executor';
import { createHost, type Host } from '../../electron/host/host';
import { sandboxAdminHeaders } from '../../electron/host/sandbox';
import { createMutator } from '../../electron/host/services/mutation';
import { createImportService, type ImportMeasure } from '../../electron/host/services/import/service';
import type { PgConnection } from '../../electron/host/store/postgres';
import { openStore } from '../../electron/host/store/store';
import { SCHEDULE_KEY } from '../../electron/host/sync/engine';
import { IMPORT_CHUNK_BYTES } from '../../shared/contract/import';
import { erpExport } from '../fixtures/erp-export';
import { writeSimpleOffice } from '../store/office';
import { data, deskFolder, deskPorts, until } from '../store/desks-support';
import { createDatabase, removeCluster, startPostgres } from '../support/postgres';
import type { BenchFigure } from './figure';
import { seedOffice } from './import.bench';
import { BENCH_ADMIN_TOKEN, startSandboxProcess } from './transmit.bench';

const CHANGES = 30;
const IMPORT_ROWS = 100_000;
const LINKS = Number(process.env.DESKS_BENCH_LINKS ?? 5_000);
const LATENCY_MS = 40;

export async function run(): Promise<BenchFigure[]> {
  const cluster = await startPostgres({ durable: true });
  try {
    const visible = await changeVisible(await createDatabase(cluster.admin, 'bench_notify'));
    const imported = await importPg(await createDatabase(cluster.admin, 'bench_import'));
    // the same pass by one desk alone, in the same harness: what this machine gives one desk now
    const alone = await sharedPass(await createDatabase(cluster.admin, 'bench_alone'), ['Ana']);
    const shared = await sharedPass(await createDatabase(cluster.admin, 'bench_pass'), ['Ana', 'Bruno']);
    return [
      { name: 'desks.change_visible_ms', value: round(median(visible)), unit: 'ms', goal: '<= 50' },
      { name: 'desks.change_visible_max_ms', value: round(Math.max(...visible)), unit: 'ms', goal: '' },
      { name: 'import.100k_pg_s', value: round(imported), unit: 's', goal: '<= 10' },
      ...(['parse', 'validate', 'diff', 'recheck', 'write', 'index', 'commit'] as const).map((phase) => ({ name: `import.pg_${phase}_s`, value: round((phases[phase] ?? NaN) / 1000), unit: 's', goal: '' })),
      { name: `desks.${LINKS}_s`, value: round(shared.seconds), unit: 's', goal: '' },
      { name: 'desks.ideal_ratio', value: round(shared.ratio), unit: 'ratio', goal: '>= 0.8' },
      { name: 'desks.duplicate_creations', value: shared.duplicates, unit: 'count', goal: '= 0' },
      { name: 'desks.one_desk_ideal_ratio', value: round(alone.ratio), unit: 'ratio', goal: '' },
      { name: 'desks.vs_one_desk_measured', value: round(alone.seconds / (2 * shared.seconds)), unit: 'ratio', goal: '' },
      { name: 'desks.share_a', value: round(shared.shareA), unit: 'ratio', goal: '' },
      { name: 'desks.loadavg_1m', value: round(loadavg()[0]), unit: 'load', goal: '' },
    ];
  } finally {
    removeCluster(cluster);
  }
}

/** ms from desk A's save to desk B's host having re-read the saved plan, once per change. */
async function changeVisible(server: PgConnection): Promise<number[]> {
  let onChange: (() => void) | null = null;
  const a = await createHost(deskPorts(deskFolder('Ana', server)));
  const b = await createHost(
    deskPorts(deskFolder('Bruno', server), {
      onEvent: (event, payload) => {
        if (event === 'data.changed' && (payload as { tables: string[] }).tables.includes('plans')) onChange?.();
      },
    }),
  );
  const hosts: Host[] = [a, b];
  try {
    const values = { name: 'Fibra 0', priceCents: 9990, defaultPackages: [], lockPackages: false };
    const { id } = data<{ id: number }>(await dispatch(a.handlers, 'plans.save', { values }));
    let version = data<{ version: number }>(await dispatch(a.handlers, 'plans.get', { id })).version;
    await new Promise((r) => setTimeout(r, 500));
    const out: number[] = [];
    for (let i = 1; i <= CHANGES; i++) {
      const name = `Fibra ${i}`;
      const seen = new Promise<number>((resolve, reject) => {
        onChange = () => {
          void dispatch(b.handlers, 'plans.get', { id }).then((r) => {
            if (r.ok && (r.data as { name: string }).name === name) resolve(performance.now());
          }, reject);
        };
      });
      const started = performance.now();
      const saved = data<{ version: number }>(await dispatch(a.handlers, 'plans.save', { id, version, values: { ...values, name } }));
      version = saved.version ?? version + 1;
      out.push((await withTimeout(seen, 10_000, 'B never re-read the change')) - started);
      onChange = null;
      await new Promise((r) => setTimeout(r, 50));
    }
    return out;
  } finally {
    for (const h of hosts) await h.dispose();
  }
}

/** Seconds for the 100k ERP import into the office's server, upload to apply; its phases in `phases` (ms). */
const phases: Partial<Record<ImportMeasure, number>> = {};
async function importPg(server: PgConnection): Promise<number> {
  const store = await openStore({ engine: 'postgres', connection: server });
  try {
    await seedOffice(store);
    const clock = { now: () => Date.now() };
    const mutate = createMutator({ store, clock, clerk: () => 'Bench', notify: () => {}, onDesiredStateChanged: () => {} });
    const service = createImportService({ db: store.db, engine: store.engine, mutate, clock, emit: () => {}, measure: (p, ms) => (phases[p] = (phases[p] ?? 0) + ms) });
    const bytes = new TextEncoder().encode(erpExport(IMPORT_ROWS));
    const started = performance.now();
    const { sessionId } = service.open({ fileName: 'clientes-100k.csv', size: bytes.length });
    let file = null;
    for (let offset = 0; offset < bytes.length; offset += IMPORT_CHUNK_BYTES) {
      const chunk = Buffer.from(bytes.subarray(offset, offset + IMPORT_CHUNK_BYTES)).toString('base64');
      ({ file } = await service.upload({ sessionId, offset, data: chunk, last: offset + IMPORT_CHUNK_BYTES >= bytes.length }));
    }
    const preview = await service.preview({ sessionId, mapping: file!.mapping });
    const result = await service.apply({ sessionId, previewId: preview.previewId });
    const seconds = (performance.now() - started) / 1000;
    if (result.counts.newCustomers !== IMPORT_ROWS || result.counts.newServices !== IMPORT_ROWS) throw new Error(`the import wrote ${result.summary}`);
    return seconds;
  } finally {
    await store.close();
  }
}

type DeskProcess = { lines: string[]; send(line: string): void; said(prefix: string, ms?: number): Promise<string[]>; kill(): void; dir: string };

function deskProcess(clerk: string, server: PgConnection, sandboxUrl: string): DeskProcess {
  const dir = deskFolder(clerk, server);
  const script = join(import.meta.dirname, '../store/desks-transmit.child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir, sandboxUrl, String(15 * 60_000)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  return {
    lines,
    dir,
    send: (line) => void child.stdin!.write(line + '\n'),
    said: (prefix, ms = 120_000) =>
      until(`${clerk} says ${prefix}`, () => {
        const err = lines.find((l) => l.startsWith('error'));
        if (err) throw new Error(`${clerk}: ${err}`);
        return lines.find((l) => l.startsWith(prefix))?.split(' ').slice(1);
      }, ms),
    kill: () => void child.kill('SIGTERM'),
  };
}

/** The desks (one or two) share one 5,000-link pass: seconds, ideal ratio, duplicates, and the first desk's share. */
async function sharedPass(server: PgConnection, clerks: string[]): Promise<{ seconds: number; ratio: number; duplicates: number; shareA: number }> {
  const sandbox = await startSandboxProcess(LATENCY_MS);
  const store = await openStore({ engine: 'postgres', connection: server });
  const desks: DeskProcess[] = [];
  try {
    await writeSimpleOffice(store, LINKS, { baseUrl: sandbox.url });
    const now = new Date().toISOString();
    await store.db.insertInto('settings').values({ key: SCHEDULE_KEY, value: JSON.stringify({ hour: 4, lastRunAt: now }), updatedAt: now }).execute();
    desks.push(...clerks.map((clerk) => deskProcess(clerk, server, sandbox.url)));
    await Promise.all(desks.map((d) => d.said('ready')));
    for (const d of desks) d.send('manual');
    const previews = await Promise.all(desks.map(async (d) => (await d.said('preview'))[0]!));
    const started = performance.now();
    desks.forEach((d, i) => d.send(`confirm ${previews[i]}`));
    await Promise.all(desks.map((d) => d.said('confirmed')));
    await until(
      'every link active, no claim left',
      async () => {
        const left = await store.db.selectFrom('links').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => eb.or([eb('observedState', '!=', 'active'), eb('claimedBy', 'is not', null)])).executeTakeFirstOrThrow();
        return Number(left.n) === 0;
      },
      600_000,
    );
    const seconds = (performance.now() - started) / 1000;
    const stats = (await (await fetch(`${sandbox.origin}/__sandbox/stats`, { headers: sandboxAdminHeaders(BENCH_ADMIN_TOKEN) })).json()) as { subscribers: number; licenceCreations: Record<string, number>; subscriberCreations: Record<string, number> };
    if (stats.subscribers !== LINKS || Object.keys(stats.licenceCreations).length !== LINKS) throw new Error('the pass did not create every subscriber and licence');
    const duplicates = [...Object.values(stats.licenceCreations), ...Object.values(stats.subscriberCreations)].filter((n) => n > 1).length;
    const ideal = (LINKS * 2 * LATENCY_MS) / 1000 / (clerks.length * DEFAULT_CONCURRENCY);
    desks.forEach((d) => d.send('share'));
    const shares = await Promise.all(desks.map(async (d) => Number((await d.said('share'))[0])));
    return { seconds, ratio: ideal / seconds, duplicates, shareA: shares[0]! / shares.reduce((a, b) => a + b, 0) };
  } finally {
    for (const d of desks) d.kill();
    await store.close();
    sandbox.close();
    for (const d of desks) rmSync(d.dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(what)), ms).unref())]);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
