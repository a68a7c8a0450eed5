/**
 * Importing 100,000 customer services from an ERP export in the host, end to end, as the screen
 * drives it: the CSV's bytes go up in 1 MiB pieces through the import commands, the host parses
 * them, validates the rows with the HubSoft preset, compares them with the store, and the apply
 * commits 100,000 customers + 100,000 services + 100,000 links (every plan of the file has a
 * mandatory default package) and the customers' search index, in one transaction, in a store on
 * disk (a temporary folder), as the app's is.
 *
 * `import.floor_s` is what the engine itself needs for the same rows: the very rows the import
 * stored, read back and written again with bare prepared INSERTs (node:sqlite, one per row) into a
 * fresh store of the same schema, the search index filled by the same INSERT … SELECT, committed.
 * `import.write_vs_floor` is the import's write + index + commit over that floor: the part the
 * app's code answers for.
 *
 * The phases (parse, validate, diff, recheck = the apply's own diff in its transaction, write,
 * index, commit) come from the service's measure hook; `import.checkpoint_s` (the WAL copied into the
 * database file, which the import leaves for right after its reply) is timed apart. The machine is shared (2 cores): the
 * process's CPU seconds and the 1-minute load average are printed beside the wall times, so a
 * slow figure shows whether it was the code or the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { IMPORT_CHUNK_BYTES } from '../../shared/contract/import';
import { createMutator } from '../../electron/host/services/mutation';
import { createImportService, type ImportMeasure } from '../../electron/host/services/import/service';
import { createPlanService } from '../../electron/host/services/plans';
import { openSqlite } from '../../electron/host/store/sqlite';
import { openStore, STORE_FILE, type Store } from '../../electron/host/store/store';
import { erpExport, erpPlans } from '../fixtures/erp-export';
import type { BenchFigure } from './figure';

const ROWS = 100_000;
const at = '2026-12-01T00:00:00.000Z';

export async function seedOffice(store: Store): Promise<void> {
  const clock = { now: () => Date.parse(at) };
  const mutate = createMutator({ store, clock, clerk: () => 'Bench', notify: () => {}, onDesiredStateChanged: () => {} });
  await store.db
    .insertInto('integrations')
    .values({ id: 'camp', platform: 'campsoft', description: 'Campsoft', environment: 'sandbox', baseUrl: 'http://127.0.0.1:1', active: 1, suspendBySubscriptionStatus: 1, statusMap: '{}', createdAt: at, updatedAt: at, updatedBy: null })
    .execute();
  const pkg = await store.db
    .insertInto('packages')
    .values({ name: 'Leitura', description: '', kind: 'beneficio', priceCents: 0, composition: '[]', integrationId: 'camp', productCode: '1192001', label: 'campsoft-leitura-1', active: 1, createdAt: at, updatedAt: at, updatedBy: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const plans = createPlanService({ db: store.db, mutate });
  for (const name of erpPlans) await plans.save({ values: { name, priceCents: 9990, defaultPackages: [{ packageId: pkg.id, mandatory: true }], lockPackages: false } });
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/** The same rows as the import stored, bare prepared INSERTs into a fresh store, one transaction. */
async function floor(source: Store, dir: string): Promise<{ seconds: number; cpu: number }> {
  const customers = await source.db.selectFrom('customers').selectAll().orderBy('id').execute();
  const services = await source.db.selectFrom('services').selectAll().execute();
  const links = await source.db.selectFrom('links').selectAll().execute();
  const file = join(dir, 'floor.sqlite');
  const schema = await openStore({ engine: 'sqlite', file });
  await seedOffice(schema);
  await schema.close();
  const db = openSqlite(file);
  // As the import: the WAL's checkpoint is not part of the commit.
  db.exec('PRAGMA wal_autocheckpoint = 0');
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    db.exec('BEGIN');
    const c = db.prepare('INSERT INTO customers (id,code,name,name_key,document_type,document,emails,phones,address,search_text,created_at,updated_at,version,updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
    for (const r of customers) c.run(r.id, r.code, r.name, r.nameKey, r.documentType, r.document, r.emails, r.phones, r.address, r.searchText, r.createdAt, r.updatedAt, r.version, r.updatedBy);
    const s = db.prepare('INSERT INTO services (id,customer_id,plan_id,status,created_at,updated_at,version,updated_by) VALUES (?,?,?,?,?,?,?,?)');
    for (const r of services) s.run(r.id, r.customerId, r.planId, r.status, r.createdAt, r.updatedAt, r.version, r.updatedBy);
    const l = db.prepare('INSERT INTO links (id,service_id,package_id,observed_state,observed,created_at,updated_at,version,updated_by) VALUES (?,?,?,?,?,?,?,?,?)');
    for (const r of links) l.run(r.id, r.serviceId, r.packageId, r.observedState, r.observed, r.createdAt, r.updatedAt, r.version, r.updatedBy);
    db.exec('INSERT INTO customers_fts(rowid, search_text) SELECT id, search_text FROM customers');
    db.exec('COMMIT');
    return { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds(cpu) };
  } finally {
    db.close();
  }
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sva-bench-import-'));
  const store = await openStore({ engine: 'sqlite', file: join(dir, STORE_FILE) });
  try {
    await seedOffice(store);
    const clock = { now: () => Date.now() };
    const mutate = createMutator({ store, clock, clerk: () => 'Bench', notify: () => {}, onDesiredStateChanged: () => {} });
    const phases: Partial<Record<ImportMeasure, number>> = {};
    const service = createImportService({ db: store.db, engine: store.engine, mutate, clock, emit: () => {}, measure: (p, ms) => (phases[p] = (phases[p] ?? 0) + ms) });
    const bytes = new TextEncoder().encode(erpExport(ROWS));

    const cpu = process.cpuUsage();
    const started = performance.now();
    const { sessionId } = service.open({ fileName: 'clientes-100k.csv', size: bytes.length });
    let file = null;
    for (let offset = 0; offset < bytes.length; offset += IMPORT_CHUNK_BYTES) {
      const data = Buffer.from(bytes.subarray(offset, offset + IMPORT_CHUNK_BYTES)).toString('base64');
      ({ file } = await service.upload({ sessionId, offset, data, last: offset + IMPORT_CHUNK_BYTES >= bytes.length }));
    }
    const preview = await service.preview({ sessionId, mapping: file!.mapping });
    const result = await service.apply({ sessionId, previewId: preview.previewId });
    const seconds = (performance.now() - started) / 1000;
    const importCpu = cpuSeconds(cpu);
    // The WAL copied into the database file: after the reply (store/bulk-insert.ts, settleAfter), timed apart.
    const checkpointStarted = performance.now();
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
    const checkpoint = (performance.now() - checkpointStarted) / 1000;
    const load1 = loadavg()[0];
    if (result.counts.newCustomers !== ROWS || result.counts.newServices !== ROWS || result.counts.newLinks !== ROWS) throw new Error(`the import wrote ${result.summary}`);

    const f = await floor(store, dir);
    const written = ((phases.write ?? NaN) + (phases.index ?? NaN) + (phases.commit ?? NaN)) / 1000;

    const s = (ms: number | undefined) => round((ms ?? NaN) / 1000);
    return [
      { name: 'import.100k_s', value: round(seconds), unit: 's', goal: '<= 5' },
      { name: 'import.rows_per_s', value: Math.round(ROWS / seconds), unit: 'rows/s', goal: '' },
      ...(['parse', 'validate', 'diff', 'recheck', 'write', 'index', 'commit'] as const).map((phase) => ({ name: `import.${phase}_s`, value: s(phases[phase]), unit: 's', goal: '' })),
      { name: 'import.checkpoint_s', value: round(checkpoint), unit: 's', goal: '' },
      { name: 'import.cpu_s', value: round(importCpu), unit: 's', goal: '' },
      { name: 'import.floor_s', value: round(f.seconds), unit: 's', goal: '' },
      { name: 'import.floor_cpu_s', value: round(f.cpu), unit: 's', goal: '' },
      { name: 'import.write_vs_floor', value: round(written / f.seconds), unit: 'ratio', goal: '<= 1.5' },
      { name: 'import.loadavg_1m', value: round(load1), unit: 'load', goal: '' },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
