/**
 * The search keys stored with each customer row. They are derived from the row, never typed, and
 * every writer (the customer form, the ERP import, the demo data, schema upgrades) goes through
 * `withSearchKeys`, so a query finds a customer however it was written.
 */
import type { Customer, Phone } from '../../shared/domain/model';
import { foldName } from '../../shared/domain/text';

export type SearchKeys = {
  /** the whole name, folded: the list's sort order and a prefix search ("maria da s") */
  nameKey: string;
  /** each word of the name, folded, so "silva" finds "Maria da Silva" (multi-entry index) */
  nameWords: string[];
  /** each phone as DDI+DDD+number, DDD+number and number */
  phoneKeys: string[];
};

/** Lowercase, without accents, single spaces: "ÉLIDA  Conceição" → "elida conceicao". */
export function nameSearchKey(text: string): string {
  return foldName(text);
}

// Connectives of Portuguese names: in nearly every name, so an index entry for them finds nothing useful.
const PARTICLES = new Set(['da', 'das', 'de', 'do', 'dos', 'e']);

/** The words of a folded text ("maria j. da silva" → maria, j, da, silva). */
export const words = (folded: string): string[] => folded.split(/[^a-z0-9]+/).filter((w) => w !== '');

/** Words worth an index entry: two characters or more, no connectives, each once. */
export function nameWordKeys(nameKey: string): string[] {
  return [...new Set(words(nameKey).filter((w) => w.length >= 2 && !PARTICLES.has(w)))];
}

export function phoneSearchKeys(phones: readonly Phone[]): string[] {
  const keys = new Set<string>();
  for (const p of phones) {
    keys.add(`${p.ddi}${p.ddd}${p.number}`);
    keys.add(`${p.ddd}${p.number}`);
    keys.add(p.number);
  }
  return [...keys];
}

export function searchKeys(customer: Pick<Customer, 'name' | 'phones'>): SearchKeys {
  const nameKey = nameSearchKey(customer.name);
  return { nameKey, nameWords: nameWordKeys(nameKey), phoneKeys: phoneSearchKeys(customer.phones) };
}

export function withSearchKeys<T extends Pick<Customer, 'name' | 'phones'>>(customer: T): T & SearchKeys {
  return { ...customer, ...searchKeys(customer) };
}

/** The domain row without its search keys (exports carry data about the customer, not indexes). */
export function withoutSearchKeys<T extends SearchKeys>(row: T): Omit<T, keyof SearchKeys> {
  const { nameKey: _n, nameWords: _w, phoneKeys: _p, ...rest } = row;
  return rest;
}
