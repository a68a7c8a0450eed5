import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustmentsOf,
  chargeAmount,
  chargeMonth,
  CHARGING_RULES,
  costOn,
  daysInMonth,
  licenceDays,
  localDay,
  platformBill,
  splitAmount,
  type ChargingInput,
  type ChargingLine,
  type LicenceEvent,
} from '../../../shared/domain/charging';
import type { CompositionItem } from '../../../shared/domain/model';

/** An instant given as São Paulo wall time (UTC−3 since 2019). */
const sp = (local: string) => new Date(`${local}-03:00`).toISOString();
const ev = (state: LicenceEvent['state'], local: string): LicenceEvent => ({ state, at: sp(local) });

describe('licence days in a competência (São Paulo days, the state at the end of each day)', () => {
  it('suspended on the 10th and re-enabled on the 20th of a 30-day month: 20 active days, 20/30 of the price pro rata', () => {
    const events = [ev('active', '2026-10-15T09:00:00'), ev('suspended', '2026-11-10T08:00:00'), ev('active', '2026-11-20T17:00:00')];
    const d = licenceDays(events, '2026-11');
    expect(d).toMatchObject({ daysInMonth: 30, activeDays: 20, suspendedDays: 10, licenceDays: 30, endState: 'active', activatedOn: '2026-10-15' });
    expect(d.suspensions).toEqual([['2026-11-10', '2026-11-19']]);
    expect(chargeAmount('pro_rata', 3000, d)).toBe(2000);
    expect(chargeAmount('integral', 3000, d)).toBe(3000);
    expect(chargeAmount('suspended_free', 3000, d)).toBe(2000);
  });

  it('activation on the last day of the month: one day', () => {
    const d = licenceDays([ev('active', '2026-11-30T15:00:00')], '2026-11');
    expect(d).toMatchObject({ activeDays: 1, licenceDays: 1, activatedOn: '2026-11-30' });
    expect(chargeAmount('pro_rata', 3000, d)).toBe(100);
    // "Cobrar dias não utilizados": the days before the activation are billed too
    expect(chargeAmount('suspended_free', 3000, d)).toBe(3000);
    expect(chargeAmount('integral', 3000, d)).toBe(3000);
  });

  it('cancellation on the 1st: no day of licence, nothing billed under any rule', () => {
    const d = licenceDays([ev('active', '2026-09-03T10:00:00'), ev('canceled', '2026-11-01T10:00:00')], '2026-11');
    expect(d).toMatchObject({ activeDays: 0, licenceDays: 0, endState: 'canceled', canceledOn: '2026-11-01' });
    for (const rule of CHARGING_RULES) expect(chargeAmount(rule, 3000, d)).toBe(0);
  });

  it('cancellation on the 2nd leaves the 1st', () => {
    const d = licenceDays([ev('active', '2026-09-03T10:00:00'), ev('canceled', '2026-11-02T10:00:00')], '2026-11');
    expect(d).toMatchObject({ activeDays: 1, canceledOn: '2026-11-02' });
  });

  it('February: 28 days in 2026 and 29 in 2028; active all month bills the whole price pro rata', () => {
    expect(daysInMonth('2026-02')).toBe(28);
    expect(daysInMonth('2028-02')).toBe(29);
    const all = licenceDays([ev('active', '2026-01-20T10:00:00')], '2026-02');
    expect(all).toMatchObject({ activeDays: 28, daysInMonth: 28 });
    expect(chargeAmount('pro_rata', 1990, all)).toBe(1990);
    // suspended on the 15th for the rest of February: 14 of 28 days
    const half = licenceDays([ev('active', '2026-01-20T10:00:00'), ev('suspended', '2026-02-15T10:00:00')], '2026-02');
    expect(half).toMatchObject({ activeDays: 14, suspendedDays: 14 });
    expect(chargeAmount('pro_rata', 1990, half)).toBe(995);
    expect(licenceDays([ev('active', '2028-01-20T10:00:00')], '2028-02').activeDays).toBe(29);
  });

  it('an event at 22:30 on the last day in São Paulo (already the next day in UTC) counts in that month', () => {
    const at = sp('2026-11-30T22:30:00');
    expect(at).toBe('2026-12-01T01:30:00.000Z');
    expect(localDay(at)).toBe('2026-11-30');
    expect(licenceDays([{ state: 'active', at }], '2026-11')).toMatchObject({ activeDays: 1 });
    // and in December it is a licence from the 1st, not an activation of December
    expect(licenceDays([{ state: 'active', at }], '2026-12')).toMatchObject({ activeDays: 31, activatedOn: '2026-11-30' });
  });

  it('several events on one day: the last one is the day', () => {
    const d = licenceDays([ev('active', '2026-11-05T08:00:00'), ev('suspended', '2026-11-05T09:00:00'), ev('active', '2026-11-05T23:59:00')], '2026-11');
    expect(d).toMatchObject({ activeDays: 26, suspendedDays: 0, suspensions: [] });
  });

  it('events after the month are not read; a month before the activation has no licence', () => {
    expect(licenceDays([ev('active', '2026-12-03T10:00:00')], '2026-11')).toMatchObject({ licenceDays: 0, endState: 'none' });
  });

  it('suspended the whole month: integral bills it, pro rata and no-charge-while-suspended do not', () => {
    const d = licenceDays([ev('active', '2026-09-01T10:00:00'), ev('suspended', '2026-10-20T10:00:00')], '2026-11');
    expect(d).toMatchObject({ activeDays: 0, suspendedDays: 30 });
    expect(chargeAmount('integral', 3000, d)).toBe(3000);
    expect(chargeAmount('pro_rata', 3000, d)).toBe(0);
    expect(chargeAmount('suspended_free', 3000, d)).toBe(0);
  });

  it('rounds the pro rata half up once: R$ 9,90 for 1 day of 31 is R$ 0,32 (31,935… centavos)', () => {
    expect(chargeAmount('pro_rata', 990, { activeDays: 1, suspendedDays: 0, licenceDays: 1, daysInMonth: 31 })).toBe(32);
    expect(chargeAmount('pro_rata', 100, { activeDays: 15, suspendedDays: 0, licenceDays: 15, daysInMonth: 30 })).toBe(50);
    expect(chargeAmount('pro_rata', 1, { activeDays: 15, suspendedDays: 0, licenceDays: 15, daysInMonth: 30 })).toBe(1);
  });
});

describe('the composition split', () => {
  const combo: CompositionItem[] = [
    { description: 'Leitura', fiscalKind: 'SVA', amountCents: 700 },
    { description: 'Acesso', fiscalKind: 'SCM', amountCents: 290 },
  ];

  it('splits in proportion and puts the leftover centavo on the first SVA item', () => {
    // 20/30 of R$ 9,90 = R$ 6,60: SCM 660×290/990 = 193,33 → 193; SVA gets 467
    expect(splitAmount(660, combo)).toEqual({ svaCents: 467, scmCents: 193, otherCents: 0 });
  });

  it('without an SVA item the leftover goes to the first item; without items it is all SVA', () => {
    expect(splitAmount(100, [{ description: 'a', fiscalKind: 'SCM', amountCents: 1 }, { description: 'b', fiscalKind: 'outro', amountCents: 2 }])).toEqual({ svaCents: 0, scmCents: 34, otherCents: 66 });
    expect(splitAmount(321, [])).toEqual({ svaCents: 321, scmCents: 0, otherCents: 0 });
  });

  const item = fc.record({ description: fc.constant('item'), fiscalKind: fc.constantFrom('SVA' as const, 'SCM' as const, 'outro' as const), amountCents: fc.integer({ min: 0, max: 50_000 }) });
  it('adds up to the centavo, never negative, for every rule and every month of days (property)', () => {
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...CHARGING_RULES),
        fc.integer({ min: 28, max: 31 }),
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 0, max: 31 }),
        (composition, rule, dim, a, s) => {
          const activeDays = Math.min(a, dim);
          const suspendedDays = Math.min(s, dim - activeDays);
          const price = composition.reduce((t, i) => t + i.amountCents, 0);
          const amount = chargeAmount(rule, price, { activeDays, suspendedDays, licenceDays: activeDays + suspendedDays, daysInMonth: dim });
          expect(amount).toBeGreaterThanOrEqual(0);
          expect(amount).toBeLessThanOrEqual(price);
          const split = splitAmount(amount, composition);
          expect(split.svaCents + split.scmCents + split.otherCents).toBe(amount);
          for (const v of Object.values(split)) expect(v).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the platform cost in force', () => {
  const history = [
    { costCents: 300, validFrom: '2026-01-01' },
    { costCents: 350, validFrom: '2026-11-15' },
    { costCents: 400, validFrom: '2026-12-01' },
  ];
  it('is the value holding on the competência’s first day', () => {
    expect(costOn(history, '2025-12')).toBeUndefined();
    expect(costOn(history, '2026-11')).toBe(300);
    expect(costOn(history, '2026-12')).toBe(400);
    expect(costOn(undefined, '2026-12')).toBeUndefined();
  });
});

describe('a month and its adjustments', () => {
  const input = (events: LicenceEvent[], competence = '2026-11'): ChargingInput => ({
    competence,
    links: [{ linkId: 'l1', serviceId: 's1', customerCode: 'C1', customerName: 'Maria', document: '12345678909', packageId: 1, integrationId: 'i1', events }],
    packages: new Map([[1, { name: 'Leitura', priceCents: 3000, composition: [{ description: 'Leitura', fiscalKind: 'SVA', amountCents: 3000 }], productCode: '10' }]]),
    productNames: new Map([['i1:10', 'Leitura Digital']]),
    rules: new Map(),
    costs: new Map([['i1:10', [{ costCents: 500, validFrom: '2026-01-01' }]]]),
  });

  it('bills each link under the default rule (pro rata) with the product, cost and ERP fields', () => {
    const [line] = chargeMonth(input([ev('active', '2026-11-11T10:00:00')]));
    expect(line).toMatchObject({ kind: 'month', rule: 'pro_rata', activeDays: 20, amountCents: 2000, svaCents: 2000, costCents: 500, productName: 'Leitura Digital', serviceId: 's1' });
  });

  it('a change to a closed month becomes the difference in the next one', () => {
    const closed = chargeMonth(input([ev('active', '2026-11-11T10:00:00')]));
    // a suspension confirmed late, dated in November
    const now = chargeMonth(input([ev('active', '2026-11-11T10:00:00'), ev('suspended', '2026-11-21T10:00:00')]));
    const adj = adjustmentsOf(closed, now, '2026-12');
    expect(adj).toHaveLength(1);
    expect(adj[0]).toMatchObject({ kind: 'adjustment', competence: '2026-12', adjusts: '2026-11', amountCents: -1000, svaCents: -1000, activeDays: -10 });
    expect(adjustmentsOf(closed, closed, '2026-12')).toEqual([]);
  });
});

describe('Conferência da fatura da plataforma', () => {
  const line = (linkId: string, over: Partial<ChargingLine> = {}): ChargingLine => ({
    kind: 'month', competence: '2026-11', linkId, integrationId: 'i1', contractIdentifier: `S-${linkId}`, label: 'leitura', customerCode: '', customerName: `Cliente ${linkId}`, document: `doc-${linkId}`,
    serviceId: `S-${linkId}`, packageName: 'Leitura', productCode: '10', productName: 'Leitura Digital', status: 'active', suspensions: [], activeDays: 30, daysInMonth: 30, rule: 'pro_rata',
    priceCents: 990, amountCents: 990, svaCents: 990, scmCents: 0, otherCents: 0, costCents: 350, ...over,
  });
  const there = (linkId: string, seenActive: boolean, lastStatus = seenActive ? 'active' : 'suspended') => ({ integrationId: 'i1', contractIdentifier: `S-${linkId}`, label: 'leitura', productCode: '10', seenActive, lastStatus });
  const input = { competence: '2026-11', costs: new Map([['i1:10', [{ costCents: 350, validFrom: '2026-01-01' }]]]), productNames: new Map([['i1:10', 'Leitura Digital']]) };

  it('expects active-on-the-platform × cost, against what was billed, and lists each exception once', () => {
    const lines = [line('a'), line('b'), line('c'), line('d', { document: 'doc-a' }), line('z', { amountCents: 0 })];
    const platform = [there('a', true), there('b', false, 'canceled'), there('d', true), there('x', true), there('z', false)];
    const { products, exceptions } = platformBill(lines, platform, input);
    expect(products).toEqual([{ integrationId: 'i1', productCode: '10', productName: 'Leitura Digital', platformActive: 3, unitCostCents: 350, expectedCents: 1050, billedLicences: 5, billedCents: 3960 }]);
    expect(exceptions.map((e) => [e.kind, e.contractIdentifier])).toEqual([
      ['billed_not_active', 'S-b'],
      ['no_licence', 'S-c'],
      ['duplicate', 'S-d'],
      ['not_billed', 'S-x'],
    ]);
    expect(exceptions[0]).toMatchObject({ platformStatus: 'canceled', customerName: 'Cliente b', amountCents: 990 });
  });

  it('without a check in the month every billed licence is an evidence gap and nothing is expected', () => {
    const { products, exceptions } = platformBill([line('a')], [], input);
    expect(products[0]).toMatchObject({ platformActive: 0, expectedCents: 0, billedLicences: 1 });
    expect(exceptions.map((e) => e.kind)).toEqual(['no_licence']);
  });
});
