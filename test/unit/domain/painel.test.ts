import { describe, expect, it } from 'vitest';
import { countActiveAtMonthEnds, beforeMonth, lastMonths, monthLabel, officeMonth } from '../../../shared/domain/painel';
import { confirmedMessage, readConfirmed } from '../../../shared/domain/pass-summary';

describe('Painel: the office months (São Paulo)', () => {
  it('an event at 22:30 on the last day in São Paulo is in that month, though already the next day in UTC', () => {
    expect(officeMonth('2026-07-01T01:30:00.000Z')).toBe('2026-06');
    expect(officeMonth('2026-07-01T03:00:00.000Z')).toBe('2026-07');
    expect(officeMonth('2027-01-01T02:59:59.999Z')).toBe('2026-12');
    expect(officeMonth('2026-03-01T02:30:00.000Z')).toBe('2026-02');
  });

  it('the last 12 months end in the current one, across a year', () => {
    expect(lastMonths(Date.parse('2026-02-01T02:00:00.000Z'), 12)).toEqual([
      '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01',
    ]);
    expect(beforeMonth('2026-01') < '2026-01-01T03:00:00.000Z').toBe(true);
    expect(monthLabel('2026-03')).toBe('mar/26');
  });

  const activeAtMonthEnds = (months: string[], facts: Parameters<typeof countActiveAtMonthEnds>[1]) => {
    const counts = months.map(() => 0);
    countActiveAtMonthEnds(months, facts, counts);
    return counts.map((c) => c === 1);
  };

  it('a licence at each month end: before its first transition, after each, today in the current month', () => {
    const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
    const facts = {
      createdMonth: '2026-01',
      activeNow: true,
      transitions: [
        { month: '2026-02', active: false, wasActive: true },
        { month: '2026-04', active: true, wasActive: false },
      ],
    };
    expect(activeAtMonthEnds(months, facts)).toEqual([true, false, false, true, true]);
    expect(activeAtMonthEnds(months, { createdMonth: '2026-03', activeNow: true, transitions: [] })).toEqual([false, false, true, true, true]);
    // the current month is what the platform holds now, whatever the history says
    expect(activeAtMonthEnds(months, { ...facts, activeNow: false })).toEqual([true, false, false, true, false]);
  });
});

describe('the confirmed transmission message read back', () => {
  it('reads the action and the licence the engine wrote, even with parentheses in the name', () => {
    const key = JSON.stringify(['camp', 'S-10 (loja)', 'campsoft-leitura-1']);
    expect(readConfirmed(confirmedMessage('suspensions', 'José (contrato antigo)', key))).toEqual({ action: 'suspensions', contractIdentifier: 'S-10 (loja)', label: 'campsoft-leitura-1' });
    expect(readConfirmed(confirmedMessage('creations', 'Maria', key))?.action).toBe('creations');
    expect(readConfirmed('Falha ao transmitir Maria: erro')).toBeNull();
  });
});
