/**
 * What the customer search reads, derived from the customer in one place for every writer (form,
 * ERP import, demo data, restore, migration): the folded name and one "contains" text.
 */
import { normalizeDocument } from './document';
import type { Customer } from './model';
import { foldName } from './text';

/** The whole name folded: the list's order and a prefix search ("maria da s"). */
export function nameKey(name: string): string {
  return foldName(name);
}

/**
 * Name, e-mails, phones (DDD + number and number alone), document and ERP code, folded, on one line:
 * a trigram index over it answers "contains" for any of them ("silva pr", "@gmail", "91234", "529982").
 */
export function customerSearchText(c: Pick<Customer, 'name' | 'emails' | 'phones' | 'document' | 'code'>): string {
  const parts = [foldName(c.name), ...c.emails.map((e) => e.toLowerCase()), ...c.phones.map((p) => `${p.ddd}${p.number}`), c.document.toLowerCase()];
  if (c.code) parts.push(foldName(c.code));
  return parts.join(' ');
}

/** A search as typed, folded the same way; trigram search needs at least 3 characters. */
export function searchTerm(typed: string): string {
  return foldName(typed);
}
export const MIN_CONTAINS_LENGTH = 3;

export type CustomerQuery = {
  /**
   * "Contains" texts, any of which makes a match (each MIN_CONTAINS_LENGTH or longer): the text as
   * typed, folded; the document normalized ("529.982" → "529982", "12.abc.345" → "12abc345"); a
   * phone's digits, also without the +55 ("+55 21 3456" → "213456").
   */
  contains: string[];
  /** Shorter input: the start of the folded name ("jo")… */
  namePrefix: string;
  /** …the start of the normalized document, when digits were typed… */
  documentPrefix: string | null;
  /** …and the ERP code exactly as typed. */
  code: string;
};

/**
 * What a typed search looks for; null for an empty search (every customer). With `contains` empty
 * (fewer than 3 characters typed), the short filters apply instead.
 */
export function customerQuery(typed: string): CustomerQuery | null {
  const text = typed.trim();
  const folded = searchTerm(text);
  if (folded === '') return null;
  const terms = new Set<string>([folded]);
  // a document is typed with digits (a CNPJ may hold letters, but never only letters)
  const document = /\d/.test(text) ? normalizeDocument(text) : null;
  if (document) terms.add(document.toLowerCase());
  if (/^[\d\s()+.-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    terms.add(digits);
    if (digits.startsWith('55')) terms.add(digits.slice(2));
  }
  return {
    contains: [...terms].filter((t) => t.length >= MIN_CONTAINS_LENGTH),
    namePrefix: folded,
    documentPrefix: document,
    code: text,
  };
}
