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

/**
 * Customers whose search text contains any of these terms (already folded, each at least
 * MIN_CONTAINS_LENGTH long), in one index read: an FTS5 OR of phrases; pg_trgm ORed LIKEs.
 *
 * `walkNames`: SQLite looks the matches up by id and sorts them, which is right for a few hundred
 * and slow for many (each a row read). With many matches the name index walked in order, testing
 * each entry against the matches, reaches a page's end after a few thousand entries and sorts
 * nothing; the unary `+` keeps the planner from the id lookup. PostgreSQL: the same SQL (a unary +
 * on an integer is a no-op there) and its planner chooses by itself.
 */
export function containsAnyFilter(engine: Engine, terms: readonly string[], opts: { walkNames?: boolean } = {}) {
  if (terms.length === 0) return null;
  if (engine === 'sqlite') {
    const id = opts.walkNames ? sql`+customers.id` : sql`customers.id`;
    return sql<boolean>`${id} IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${ftsQuery(terms)})`;
  }
  const likes = terms.map((t) => sql`customers.search_text LIKE ${`%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  return sql<boolean>`(${sql.join(likes, sql` OR `)})`;
}

/** How many customers contain any of these terms, counting up to `cap` + 1 (a count past it reads "more than cap"). */
export async function countContaining(db: Tx | Db, engine: Engine, terms: readonly string[], cap: number): Promise<number> {
  if (engine === 'sqlite') {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${ftsQuery(terms)} LIMIT ${cap + 1})`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  }
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM customers WHERE ${containsAnyFilter(engine, terms)} LIMIT ${cap + 1}) m`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** FTS5 phrases, each term as one string with its quotes doubled, ORed. */
const ftsQuery = (terms: readonly string[]) => terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');

function* chunks<T>(items: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
