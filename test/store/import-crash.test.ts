import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createPlanService } from '../../electron/host/services/plans';
import { STORE_FILE } from '../../electron/host/store/store';
import { erpExport, erpPlans } from '../fixtures/erp-export';
import { createImporter } from './import-support';
import { openTestStore, seedIntegration, seedPackage } from './support';

const ROWS = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'sva-import-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it reports it is paused mid-write, then kill -9; resolves with what it said. */
function importThenKill(file: string, csv: string, pauseAt: number): Promise<{ lines: string[]; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'import-crash.child.ts'), file, csv, String(pauseAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (line.startsWith('paused')) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ lines, signal }) : reject(new Error(`the child ended by itself: ${lines.slice(-3).join(' | ')} ${stderr}`))));
  });
}

describe('crash safety of an import', () => {
  it(
    'a host killed (kill -9) in the middle of writing 100,000 rows leaves nothing of that import, and the same import then completes',
    async () => {
      const file = join(dir, STORE_FILE);
      // The office: plans of the file with a mandatory package, so services get links too.
      const setup = await openTestStore({ file });
      const pkg = await seedPackage(setup, await seedIntegration(setup));
      const plans = createPlanService({ db: setup.store.db, mutate: setup.mutate });
      for (const name of erpPlans) await plans.save({ values: { name, priceCents: 9990, defaultPackages: [{ packageId: pkg, mandatory: true }], lockPackages: false } });
      const eventsBefore = await setup.store.db.selectFrom('events').selectAll().execute();
      await setup.close();

      const csv = join(dir, 'clientes.csv');
      writeFileSync(csv, erpExport(ROWS));
      // 300,000 records to write (customers, services, links): stop after 250,000, well inside the transaction.
      const { lines } = await importThenKill(file, csv, 250_000);
      expect(lines).toContain(`preview ${ROWS} ${ROWS} ${ROWS}`);
      const paused = lines.find((l) => l.startsWith('paused'))!;
      expect(lines).not.toContain('committed');
      // The uncommitted pages had reached the disk: recovery, not luck, is what throws them away.
      expect(Number(paused.split(' ')[1])).toBeGreaterThan(0);

      const after = await openTestStore({ file });
      try {
        const db = after.store.db;
        expect((await sql<{ integrityCheck: string }>`PRAGMA integrity_check`.execute(db)).rows).toEqual([{ integrityCheck: 'ok' }]);
        for (const table of ['customers', 'services', 'links', 'settings'] as const) expect(await db.selectFrom(table).selectAll().execute()).toEqual([]);
        expect(await db.selectFrom('events').selectAll().execute()).toEqual(eventsBefore);
        expect((await sql`SELECT rowid FROM customers_fts WHERE customers_fts MATCH '"silva"'`.execute(db)).rows).toEqual([]);

        const { result } = await createImporter(after).importFile(readFileSync(csv));
        expect(result).toMatchObject({ written: true, summary: '100.000 clientes novos, 100.000 serviços novos, 100.000 pacotes vinculados' });
        const count = async (table: 'customers' | 'services' | 'links') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        expect([await count('customers'), await count('services'), await count('links')]).toEqual([ROWS, ROWS, ROWS]);
        expect((await sql`SELECT rowid FROM customers_fts WHERE customers_fts MATCH '"cliente4242@"'`.execute(db)).rows).toHaveLength(1);
      } finally {
        await after.close();
      }
    },
    300_000,
  );
});
