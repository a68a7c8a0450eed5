/**
 * What the customer search reads, derived from the customer in one place for every writer (form,
 * ERP import, demo data, restore, migration): the folded name and one "contains" text.
 */
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
