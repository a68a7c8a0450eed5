/**
 * Cobrança at office scale: 100,000 links on a store on disk, each with its licence history (active
 * since before the month; 10% suspended on the 10th and re-enabled on the 20th, 5% cancelled on the
 * 15th, 5% activated on the 15th), composed packages and a product cost. `charging.month_100k_s`:
 * the month computed from the store and the ERP file (CSV for Excel) written, as the Exportar button
 * does it (goal ≤ 3 s). Informative: the machine CSV and the XLSX of the same month.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChargingService } from '../../electron/host/services/charging';
import { createTransfers } from '../../electron/host/services/transfers';
import { insertMany } from '../../electron/host/store/bulk-insert';
import { cpfFor } from '../fixtures/documents';
import { openTestStore, seedIntegration } from '../store/support';
import type { BenchFigure } from './figure';

const N = 100_000;
const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;
const sp = (local: string) => new Date(`${local}-03:00`).toISOString();

export async function run(): Promise<BenchFigure[]> {
  const t = await openTestStore();
  try {
    const integrationId = await seedIntegration(t);
    const at = '2026-10-01T00:00:00.000Z';
    const composition = JSON.stringify([
      { description: 'Leitura', fiscalKind: 'SVA', amountCents: 700 },
      { description: 'Acesso', fiscalKind: 'SCM', amountCents: 290 },
    ]);
    await t.store.db.transaction().execute(async (tx) => {
      await tx.insertInto('packages').values({ id: 1, name: 'Leitura', description: '', kind: 'avulso', priceCents: 990, composition, integrationId, productCode: '1192001', label: 'leitura', active: 1, createdAt: at, updatedAt: at, updatedBy: null }).execute();
      await tx.insertInto('plans').values({ id: 1, name: 'Fibra', priceCents: 9990, lockPackages: 0, active: 1, createdAt: at, updatedAt: at, updatedBy: null }).execute();
      await tx.insertInto('productCosts').values({ integrationId, productCode: '1192001', costCents: 350, validFrom: '2026-01-01', createdAt: at, createdBy: null }).execute();
      const ids = Array.from({ length: N }, (_, i) => i + 1);
      await insertMany(tx, 'sqlite', { table: 'customers', columns: ['id', 'code', 'name', 'name_key', 'document_type', 'document', 'emails', 'phones', 'search_text', 'created_at', 'updated_at'] }, ids.map((i) => [i, `C${i}`, `Cliente ${i}`, `cliente ${i}`, 'cpf', cpfFor(i), '[]', '[]', `cliente ${i}`, at, at]));
      await insertMany(tx, 'sqlite', { table: 'services', columns: ['id', 'customer_id', 'plan_id', 'status', 'created_at', 'updated_at'] }, ids.map((i) => [`S${i}`, i, 1, 'servico_habilitado', at, at]));
      await insertMany(tx, 'sqlite', { table: 'links', columns: ['id', 'service_id', 'package_id', 'observed_state', 'observed', 'created_at', 'updated_at'] }, ids.map((i) => [`L${i}`, `S${i}`, 1, 'active', '{"state":"active"}', at, at]));
      const events: unknown[][] = [];
      for (const i of ids) {
        const ev = (state: string, local: string) => events.push([`L${i}`, `S${i}`, 1, integrationId, state, sp(local)]);
        if (i % 20 === 1) ev('active', '2026-11-15T10:00:00');
        else ev('active', '2026-10-05T10:00:00');
        if (i % 10 === 2) {
          ev('suspended', '2026-11-10T08:00:00');
          ev('active', '2026-11-20T18:00:00');
        }
        if (i % 20 === 3) ev('canceled', '2026-11-15T11:00:00');
      }
      await insertMany(tx, 'sqlite', { table: 'licence_events', columns: ['link_id', 'service_id', 'package_id', 'integration_id', 'state', 'at'] }, events);
    });
    t.clock.set('2026-12-02T12:00:00.000Z');
    const transfers = createTransfers({ dir: mkdtempSync(join(tmpdir(), 'sva-bench-charging-')), clock: t.clock });
    const charging = createChargingService({ store: t.store, mutate: t.mutate, transfers, clock: t.clock });

    let started = performance.now();
    const excel = await charging.exportFile('2026-11', 'excel');
    const month = seconds(started);
    started = performance.now();
    await charging.exportFile('2026-11', 'machine');
    const machine = seconds(started);
    started = performance.now();
    const xlsx = await charging.exportFile('2026-11', 'xlsx');
    const workbook = seconds(started);
    started = performance.now();
    await charging.revenueVsCost(12);
    const revenue = seconds(started);
    console.log(`  ${excel.rows} lines, CSV ${(excel.bytes / 1e6).toFixed(1)} MB, XLSX ${(xlsx.bytes / 1e6).toFixed(1)} MB (base64)`);
    return [
      { name: 'charging.month_100k_s', value: month, unit: 's', goal: '<= 3' },
      { name: 'charging.month_100k_machine_s', value: machine, unit: 's', goal: '' },
      { name: 'charging.month_100k_xlsx_s', value: workbook, unit: 's', goal: '' },
      { name: 'charging.revenue_12m_100k_s', value: revenue, unit: 's', goal: '' },
    ];
  } finally {
    await t.close();
  }
}
