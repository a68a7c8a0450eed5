/**
 * Customer search through Dexie indexes only (prefix queries), never a scan of the table, so it stays
 * fast with 100,000 customers: the name from any of its words on, CPF/CNPJ, e-mail, phone, ERP code.
 */
import { normalizeDocument } from '../../../shared/domain';
import { db, type CustomerRow } from '../../db/db';
import { nameSearchKey, significantWords } from '../../db/search-keys';

/** More than this and the list asks the clerk to refine the search. */
export const SEARCH_LIMIT = 500;

export type CustomerSearchResult = {
  rows: CustomerRow[];
  /** true when more than SEARCH_LIMIT customers match */
  truncated: boolean;
  /** customers in the workspace (to tell "none yet" from "none found") */
  total: number;
};

export async function searchCustomers(text: string, limit = SEARCH_LIMIT): Promise<CustomerSearchResult> {
  const q = text.trim();
  const total = await db.customers.count();
  if (q === '') {
    const rows = await db.customers.orderBy('nameKey').limit(limit + 1).toArray();
    return { rows: rows.slice(0, limit), truncated: rows.length > limit, total };
  }

  const queries: Promise<CustomerRow[]>[] = [];
  const take = limit + 1;
  const name = nameSearchKey(q);
  // "silva pr" finds "Maria da Silva Prado" (see nameSuffixes); connectives and single letters typed
  // are left out as the index leaves them out. Only those typed: the start of the name.
  const phrase = significantWords(name).join(' ');
  if (phrase !== '') queries.push(db.customers.where('nameSuffixes').startsWith(phrase).limit(take).toArray());
  else if (name !== '') queries.push(db.customers.where('nameKey').startsWith(name).limit(take).toArray());

  const document = normalizeDocument(q);
  // a document is typed with digits (a CNPJ may hold letters, but never only letters)
  if (/\d/.test(q) && document.length >= 2) queries.push(db.customers.where('document').startsWith(document).limit(take).toArray());

  if (!/\s/.test(q)) queries.push(db.customers.where('emails').startsWith(q.toLowerCase()).distinct().limit(take).toArray());

  const digits = q.replace(/\D/g, '');
  if (/^[\d\s()+-.]+$/.test(q) && digits.length >= 2) {
    queries.push(db.customers.where('phoneKeys').startsWith(digits).distinct().limit(take).toArray());
  }

  queries.push(db.customers.where('code').equals(q).limit(take).toArray());

  const byId = new Map<number, CustomerRow>();
  for (const rows of await Promise.all(queries)) for (const row of rows) byId.set(row.id, row);
  const rows = [...byId.values()].sort((a, b) => a.nameKey.localeCompare(b.nameKey, 'pt-BR'));
  return { rows: rows.slice(0, limit), truncated: rows.length > limit, total };
}

/** Number of services of each customer shown, through the customerId index. */
export async function serviceCounts(customerIds: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (customerIds.length === 0) return counts;
  const services = await db.services.where('customerId').anyOf([...customerIds]).toArray();
  for (const s of services) counts.set(s.customerId, (counts.get(s.customerId) ?? 0) + 1);
  return counts;
}
