/**
 * The customer search keys stored next to each customer (CustomerRow.nameKey / phoneKeys).
 * TODO(unify): the customers repository (renderer/features/customers/repository.ts) derives the same
 * keys on every save; when it exports its function, import it here and delete this file.
 */
import type { Customer } from '../../../shared/domain';

/** Lowercase, no accents, single spaces: a name prefix query matches "JOSÉ  da Silva" with "jose da". */
export function nameKeyOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Each phone as DDD + number and as the bare number, so either is found by prefix. */
export function phoneKeysOf(phones: Customer['phones']): string[] {
  return [...new Set(phones.flatMap((p) => [`${p.ddd}${p.number}`, p.number]))];
}

export function customerSearchKeys(customer: Pick<Customer, 'name' | 'phones'>): { nameKey: string; phoneKeys: string[] } {
  return { nameKey: nameKeyOf(customer.name), phoneKeys: phoneKeysOf(customer.phones) };
}
