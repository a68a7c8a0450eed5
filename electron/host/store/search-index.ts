/**
 * The customers' "contains" index. SQLite: a contentless FTS5 trigram table kept here, by the one
 * writer of customers (a trigger per row costs ~9 s on a 100k import, this ~1.2 s). PostgreSQL:
 * pg_trgm's GIN index on customers.search_text maintains itself, so these are no-ops there.
 */
import { sql } from 'kysely';
import { MIN_CONTAINS_LENGTH, searchTerm } from '../../../shared/domain/search';
import type { Engine } from './migrations/support';
import type { Db, Tx } from './store';

/** (Re)indexes these customers from their stored search_text: after inserts and updates. */
export async function indexCustomers(tx: Tx | Db, engine: Engine, ids: readonly number[]): Promise<void> {
  if (engine !== 'sqlite' || ids.length === 0) return;
  await unindexCustomers(tx, engine, ids);
  for (const chunk of chunks(ids)) {
    await sql`INSERT INTO customers_fts(rowid, search_text) SELECT id, search_text FROM customers WHERE id IN (${sql.join(chunk)})`.execute(tx);
  }
}

/** Indexes every customer with an id above `afterId`: one statement after a bulk insert. */
export async function indexCustomersAfter(tx: Tx, engine: Engine, afterId: number): Promise<void> {
  if (engine !== 'sqlite') return;
  await sql`INSERT INTO customers_fts(rowid, search_text) SELECT id, search_text FROM customers WHERE id > ${afterId}`.execute(tx);
}

export async function unindexCustomers(tx: Tx | Db, engine: Engine, ids: readonly number[]): Promise<void> {
  if (engine !== 'sqlite' || ids.length === 0) return;
  for (const chunk of chunks(ids)) await sql`DELETE FROM customers_fts WHERE rowid IN (${sql.join(chunk)})`.execute(tx);
}

/**
 * Ids of the customers whose search text contains what was typed, or null when the term is too short
 * for a trigram search (the caller then searches the name's start).
 */
export function containsFilter(engine: Engine, typed: string) {
  const term = searchTerm(typed);
  if (term.length < MIN_CONTAINS_LENGTH) return null;
  if (engine === 'sqlite') {
    // FTS5 phrase: the term as one string, quotes doubled.
    const phrase = `"${term.replaceAll('"', '""')}"`;
    return sql<boolean>`customers.id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${phrase})`;
  }
  const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`customers.search_text LIKE ${like}`;
}

function* chunks<T>(items: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
