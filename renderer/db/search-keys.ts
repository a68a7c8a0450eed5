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
  /**
   * the name from each of its words on, without connectives: "Maria da Silva Prado" gives "maria silva
   * prado", "silva prado", "prado". A prefix query on them (multi-entry index) is an ERP's "contains",
   * from the start of a word: "silva pr" finds her, in one index read.
   */
  nameSuffixes: string[];
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
const words = (folded: string): string[] => folded.split(/[^a-z0-9]+/).filter((w) => w !== '');

/** The words that count in a name or a search: two characters or more, no connectives. */
export function significantWords(folded: string): string[] {
  return words(folded).filter((w) => w.length >= 2 && !PARTICLES.has(w));
}

export function nameSuffixKeys(nameKey: string): string[] {
  const own = significantWords(nameKey);
  return [...new Set(own.map((_, i) => own.slice(i).join(' ')))];
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
  return { nameKey, nameSuffixes: nameSuffixKeys(nameKey), phoneKeys: phoneSearchKeys(customer.phones) };
}

export function withSearchKeys<T extends Pick<Customer, 'name' | 'phones'>>(customer: T): T & SearchKeys {
  return { ...customer, ...searchKeys(customer) };
}

/** The domain row without its search keys (exports carry data about the customer, not indexes). */
export function withoutSearchKeys<T extends SearchKeys>(row: T): Omit<T, keyof SearchKeys> {
  const { nameKey: _n, nameSuffixes: _s, phoneKeys: _p, ...rest } = row;
  return rest;
}
