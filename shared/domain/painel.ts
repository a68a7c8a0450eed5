/**
 * The Painel's months: the office's calendar is São Paulo's (an event at 22:30 on the 31st there is
 * already the 1st in UTC, and counts in the 31st's month), and a licence's state at a month's end is
 * read from its transitions in the history. Pure: the host reads the rows (services/painel.ts).
 */

export const OFFICE_TIME_ZONE = 'America/Sao_Paulo';

/** What the host computes painel.figures from: a change notice naming one of these makes them stale, and the screen redraws. */
export const PAINEL_TABLES = ['links', 'services', 'packages', 'products', 'integrations'] as const;
/** What the month's billing reads (Cobrança, charging.revenueVsCost): its revenue and cost follow these. */
export const REVENUE_TABLES = [...PAINEL_TABLES, 'charging'] as const;

const monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit' });

function monthOf(at: string | number | Date): string {
  const parts = monthFormat.formatToParts(new Date(at));
  const year = parts.find((p) => p.type === 'year')!.value;
  const month = parts.find((p) => p.type === 'month')!.value;
  return `${year}-${month}`;
}

// São Paulo's offsets are whole hours: every instant of one UTC hour is in one office month.
const byHour = new Map<string, string>();

/** The office's month of an instant, as `YYYY-MM` (the store's ISO times are read once per hour they fall in). */
export function officeMonth(at: string | number | Date): string {
  // the store's times are toISOString()'s: 2026-07-01T01:30:00.000Z
  if (typeof at !== 'string' || at.length !== 24 || at[10] !== 'T' || at[23] !== 'Z') return monthOf(at);
  const hour = at.slice(0, 13);
  let month = byHour.get(hour);
  if (month === undefined) {
    if (byHour.size > 100_000) byHour.clear();
    byHour.set(hour, (month = monthOf(`${hour}:00:00Z`)));
  }
  return month;
}

/** The `n` months up to the one `now` falls in, oldest first. */
export function lastMonths(now: number, n: number): string[] {
  const [y, m] = officeMonth(now).split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

/** An instant safely before the office's month begins (a day early: the zone's offset never reaches it). */
export function beforeMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1) - 86_400_000).toISOString();
}

const monthNames = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];
/** `2026-03` → `mar/26`, for axes and tables. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${monthNames[Number(m) - 1]}/${y!.slice(2)}`;
}

/** A change of a licence's state the history records: active after it or not, and (as far as it tells) before it. */
export type LicenceTransition = { month: string; active: boolean; wasActive: boolean };

export type LicenceFacts = {
  /** the office month the link was created in */
  createdMonth: string;
  /** the platform holds it active now (the link's observed state) */
  activeNow: boolean;
  /** its transitions within the months asked for, oldest first */
  transitions: readonly LicenceTransition[];
};

/**
 * Was the licence active at the end of each month? Adds 1 to `counts[i]` for each month it was.
 * The current month (the last) is what the platform holds now; an earlier month is the state after
 * its last transition up to that month, or, with none yet, the state before the first later one,
 * or, with none at all, today's state from the month the link was created.
 */
export function countActiveAtMonthEnds(months: readonly string[], l: LicenceFacts, counts: number[]): void {
  const last = months.length - 1;
  let t = 0;
  for (let i = 0; i < months.length; i++) {
    const month = months[i]!;
    if (month < l.createdMonth) continue;
    let active: boolean;
    if (i === last) active = l.activeNow;
    else {
      while (t < l.transitions.length && l.transitions[t]!.month <= month) t++;
      // t: the first transition after this month
      if (t > 0) active = l.transitions[t - 1]!.active;
      else if (t < l.transitions.length) active = l.transitions[t]!.wasActive;
      else active = l.activeNow;
    }
    if (active) counts[i]!++;
  }
}
