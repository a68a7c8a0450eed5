/**
 * An office with Cobrança's history, made by the real paths: the licences' confirmed states through
 * recordLicenceState (what the sync engine calls in the transaction of a link's observed state), the
 * platform checks through recordPlatformMonth, and the product's costs, the rule and two closed
 * competências through the charging service (each month exported, then closed).
 *
 * November is closed; a suspension of L2 confirmed late is billed as an adjustment in December, which
 * is closed too (its closing corrects November's). L3's licence was cancelled and its link deleted, as
 * the engine deletes a link whose cancellation is confirmed: its history stays, naming a link that is
 * no longer there.
 */
import { createChargingService, type ChargingService } from '../../electron/host/services/charging';
import type { Mutate } from '../../electron/host/services/mutation';
import type { Transfers } from '../../electron/host/services/transfers';
import { recordLicenceState, recordPlatformMonth } from '../../electron/host/store/licence-events';
import type { Store } from '../../electron/host/store/store';
import { customer, integration, link, pkg, product, service } from '../fixtures/office';
import { writeOffice } from './office';

export type BilledOfficeDeps = { store: Store; mutate: Mutate; clock: { now(): number; set(iso: string): void }; transfers: Transfers };

/** São Paulo wall time → ISO instant. */
const sp = (local: string) => new Date(`${local}-03:00`).toISOString();

/** The five tables of Cobrança as stored, every column, in primary-key order. */
export async function billingRows(store: Store) {
  const db = store.db;
  return {
    licenceEvents: await db.selectFrom('licenceEvents').selectAll().orderBy('id').execute(),
    productCosts: await db.selectFrom('productCosts').selectAll().orderBy('id').execute(),
    chargingRules: await db.selectFrom('chargingRules').selectAll().orderBy('integrationId').execute(),
    chargingClosings: await db.selectFrom('chargingClosings').selectAll().orderBy('competence').execute(),
    platformMonthLicences: await db
      .selectFrom('platformMonthLicences')
      .selectAll()
      .orderBy('integrationId')
      .orderBy('competence')
      .orderBy('contractIdentifier')
      .orderBy('label')
      .execute(),
  };
}

export async function writeBilledOffice(t: BilledOfficeDeps): Promise<ChargingService> {
  const charging = createChargingService({ store: t.store, mutate: t.mutate, transfers: t.transfers, clock: t.clock });
  const combo = { ...pkg(1, '1192001'), priceCents: 3000, composition: [{ description: 'Leitura', fiscalKind: 'SVA' as const, amountCents: 2000 }, { description: 'Acesso', fiscalKind: 'SCM' as const, amountCents: 1000 }] };
  await writeOffice(t.store, {
    integrations: [integration()],
    products: [product('1192001'), product('1192002')],
    packages: [combo, pkg(2, '1192002')],
    customers: [1, 2, 3].map((i) => customer(i, { code: `C${i}` })),
    services: [service('S1', 1), service('S2', 2), service('S3', 3)],
    links: [link('L1', 'S1', 1), link('L2', 'S2', 1), link('L3', 'S3', 2)],
  });
  const state = (linkId: string, s: string, local: string) => t.mutate(async (m) => recordLicenceState(m.tx, linkId, s, sp(local)), { actor: 'integration' });
  const licence = (contract: string, label: string, productCode: string, status: 'active' | 'suspended' | 'canceled') => ({ contractIdentifier: contract, name: contract, licences: [{ label, productCode, status }] });

  t.clock.set('2026-11-03T12:00:00.000Z');
  // a cost with its history (one value from January, the next one from 2027) and a rule that is not the default
  await charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: 400, validFrom: '2026-01-01' });
  await charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: 450, validFrom: '2027-01-01' });
  await charging.setProductCost({ integrationId: 'camp', productCode: '1192002', costCents: 120, validFrom: '2026-06-01' });
  await charging.setRule('camp', 'suspended_free');

  await state('L1', 'active', '2026-10-05T10:00:00');
  await state('L1', 'suspended', '2026-11-10T08:00:00');
  await state('L1', 'active', '2026-11-20T18:00:00');
  await state('L2', 'active', '2026-11-30T22:30:00');
  await state('L3', 'active', '2026-10-05T10:00:00');
  await state('L3', 'canceled', '2026-11-01T09:00:00');
  await t.store.db.deleteFrom('links').where('id', '=', 'L3').execute();

  await t.mutate(async (m) => recordPlatformMonth(m.tx, m.engine, 'camp', { fetchedAt: sp('2026-11-05T04:00:00'), subscribers: [licence('S1', 'campsoft-leitura-1', '1192001', 'active'), licence('S9', 'campsoft-leitura-1', '1192001', 'active')] }));
  await t.mutate(async (m) => recordPlatformMonth(m.tx, m.engine, 'camp', { fetchedAt: sp('2026-11-30T22:00:00'), subscribers: [licence('S1', 'campsoft-leitura-1', '1192001', 'suspended'), licence('S2', 'campsoft-leitura-1', '1192001', 'active')] }));
  await t.mutate(async (m) => recordPlatformMonth(m.tx, m.engine, 'camp', { fetchedAt: sp('2026-12-01T04:00:00'), subscribers: [licence('S1', 'campsoft-leitura-1', '1192001', 'active')] }));

  t.clock.set('2026-12-02T12:00:00.000Z');
  await closeMonth(charging, '2026-11');
  // confirmed late, dated in November: an adjustment in December
  await state('L2', 'suspended', '2026-11-30T23:00:00');
  await state('L2', 'active', '2026-12-01T08:00:00');

  t.clock.set('2027-01-02T12:00:00.000Z');
  await closeMonth(charging, '2026-12');
  return charging;
}

async function closeMonth(charging: ChargingService, competence: string): Promise<void> {
  const month = await charging.month(competence, 0, 500);
  await charging.export(competence, 'machine');
  await charging.close(competence, month.dataHash);
}
