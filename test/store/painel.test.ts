/**
 * The Painel's monthly licences on a real store: links, services and dated history events written
 * through the one write path, read back by the host's query (months in São Paulo).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPainelService } from '../../electron/host/services/painel';
import { acceptMessage } from '../../electron/host/services/platform-check';
import type { DriftRow } from '../../shared/domain/drift';
import type { ObservedState } from '../../shared/domain/model';
import { confirmedMessage, type PassAction } from '../../shared/domain/pass-summary';
import { licenceSubject } from '../../shared/domain/subjects';
import { customer, integration, link, pkg, product, service } from '../fixtures/office';
import { writeOffice } from './office';
import { openTestStore, type TestStore } from './support';

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(async () => t.close());

const active: ObservedState = { state: 'active' };
const suspended: ObservedState = { state: 'suspended' };

async function office() {
  await writeOffice(t.store, {
    integrations: [integration(), integration({ id: 'outra', description: 'Outra Campsoft' })],
    products: [product('1192001'), product('1192002'), { ...product('1192001'), id: 'outra:1192001', integrationId: 'outra' }],
    packages: [pkg(1, '1192001'), pkg(2, '1192002')],
    customers: [1, 2, 3, 4, 5].map((i) => customer(i)),
    services: [service('S1', 1), service('S2', 2), service('S3', 3, 'suspenso_debito'), service('S4', 4, 'suspenso_debito'), service('S5', 5)],
    links: [
      link('L1', 'S1', 1, { observed: active }),
      link('L2', 'S2', 1, { observed: active }),
      link('L3', 'S3', 2, { observed: suspended }),
      link('L4', 'S4', 2, { observed: active, createdAt: '2026-11-20T12:00:00.000Z' }),
      link('L5', 'S5', 1, { observed: active }),
    ],
  });
}

/** A confirmed transmission of `contract`'s licence of package `pkgId`, at `at`, as the engine records it. */
async function confirmed(at: string, action: PassAction, contract: string, pkgId: number, integrationId = 'camp') {
  t.clock.set(at);
  const key = JSON.stringify([integrationId, contract, `campsoft-leitura-${pkgId}`]);
  await t.mutate(async (m) => m.record({ integrationId, kind: 'transmission.converged', outcome: 'ok', message: confirmedMessage(action, 'Cliente', key) }), { actor: 'integration' });
}

// read in chunks of 2 rows too: the chunks' boundaries lose and repeat nothing
const figures = async () => {
  const whole = await createPainelService({ store: t.store, clock: t.clock }).figures();
  expect(await createPainelService({ store: t.store, clock: t.clock, chunk: 2 }).figures()).toEqual(whole);
  return whole;
};

describe('painel.figures: active licences by product at each month end', () => {
  it('folds the dated history into the last 12 São Paulo months', async () => {
    await office();
    // L1: created in March, suspended at 22:30 on 30 June in São Paulo (1 July in UTC), re-enabled in September
    await confirmed('2026-03-10T15:00:00.000Z', 'creations', 'S1', 1);
    await confirmed('2026-07-01T01:30:00.000Z', 'suspensions', 'S1', 1);
    await confirmed('2026-09-05T15:00:00.000Z', 'reenables', 'S1', 1);
    await confirmed('2026-10-05T15:00:00.000Z', 'updates', 'S1', 1);
    // L2: no transition in the window: active all along
    // L3: created at 23:00 on 31 January in São Paulo (1 February in UTC), suspended at 23:59 on 30 November there
    await confirmed('2026-02-01T02:00:00.000Z', 'creations', 'S3', 2);
    await confirmed('2026-12-01T02:59:00.000Z', 'suspensions', 'S3', 2);
    // another integration's licence with the same contract and label is not L3's
    await confirmed('2026-05-01T12:00:00.000Z', 'cancellations', 'S3', 2, 'outra');
    // L5: the platform check took "active" from the platform in May
    t.clock.set('2026-05-10T12:00:00.000Z');
    const row = { contractIdentifier: 'S5', label: 'campsoft-leitura-1', customerName: 'Cliente 5', platformHas: 'active', officeWants: 'active' } as DriftRow;
    await t.mutate(async (m) => m.record({ integrationId: 'camp', kind: 'drift.accept', subject: licenceSubject(row), outcome: 'info', message: acceptMessage(row) }));
    t.clock.set('2026-12-15T12:00:00.000Z');

    const f = await figures();
    expect(f.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    //                                   jan feb mar apr may jun jul aug sep oct nov dec
    // L1                                 0   0   1   1   1   0   0   0   1   1   1   1
    // L2                                 1   1   1   1   1   1   1   1   1   1   1   1
    // L5                                 0   0   0   0   1   1   1   1   1   1   1   1
    expect(f.activeByMonth['camp:1192001']).toEqual([1, 1, 2, 2, 3, 2, 2, 2, 3, 3, 3, 3]);
    // L3: jan..oct active, suspended from November; L4: created in November, active now
    expect(f.activeByMonth['camp:1192002']).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(f.products.map((p) => p.key)).toEqual(['camp:1192001', 'camp:1192002']);
    expect(f.products[0]!.name).toBe('Leitura 1192001 · Campsoft produção');
    expect(f.suspendedForDebt).toEqual([{ productKey: 'camp:1192002', suspended: 1, stillActive: 1 }]);
  });

  it('a month starting at 00:00 in São Paulo: 03:00 UTC on the 1st is already the new month', async () => {
    await office();
    await confirmed('2026-11-01T02:59:59.000Z', 'suspensions', 'S2', 1); // 31 Oct 23:59:59 there
    await confirmed('2026-11-01T03:00:00.000Z', 'reenables', 'S2', 1); //  1 Nov 00:00 there
    t.clock.set('2026-12-15T12:00:00.000Z');
    const f = await figures();
    // L1 and L5 have no transitions: active all year; L2 is suspended at October's end only
    expect(f.activeByMonth['camp:1192001']).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3]);
  });

  it("a licence cancelled and its link gone still counts in the months it was active, by its package's label", async () => {
    await office();
    await confirmed('2026-03-10T15:00:00.000Z', 'creations', 'S9', 1);
    await confirmed('2026-08-01T02:00:00.000Z', 'cancellations', 'S9', 1); // 31 July 23:00 in São Paulo
    // a label no package carries (typed over on a link since deleted): nothing to count it by
    await confirmed('2026-03-10T15:00:00.000Z', 'creations', 'S8', 99);
    t.clock.set('2026-12-15T12:00:00.000Z');
    const f = await figures();
    // L1, L2, L5 active all year (no transitions) + S9 at the ends of March to June: cancelled on
    // 31 July in São Paulo (1 August in UTC), so no longer active at July's end
    expect(f.activeByMonth['camp:1192001']).toEqual([3, 3, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3]);
  });

  it('computed once per change: a notice naming the links computes again, one naming only the settings does not', async () => {
    await office();
    t.clock.set('2026-12-15T12:00:00.000Z');
    const painel = createPainelService({ store: t.store, clock: t.clock });
    const before = await painel.figures();
    expect(before.activeByMonth['camp:1192002']!.at(-1)).toBe(1);
    expect(await painel.figures()).toBe(before);
    await t.store.db.updateTable('links').set({ observedState: 'active' }).where('id', '=', 'L3').execute();
    painel.invalidate(['settings', 'events']);
    expect(await painel.figures()).toBe(before);
    painel.invalidate(['links', 'events']);
    const after = await painel.figures();
    expect(after.activeByMonth['camp:1192002']!.at(-1)).toBe(2);
    // a new month computes again by itself
    t.clock.set('2027-01-01T03:00:00.000Z');
    expect((await painel.figures()).months.at(-1)).toBe('2027-01');
  });

  it('a new office: no products, no counts', async () => {
    const f = await figures();
    expect(f.months).toHaveLength(12);
    expect(f.products).toEqual([]);
    expect(f.activeByMonth).toEqual({});
    expect(f.suspendedForDebt).toEqual([]);
  });
});
