/**
 * Rows written with their own ids (a restore, the move from the old browser database) must leave
 * the engine numbering after them. SQLite's AUTOINCREMENT follows the largest id written by itself
 * (sqlite_sequence); a PostgreSQL identity column does not, so its sequence is moved past the
 * largest id, or the next insert would collide with a restored row.
 */
import { sql } from 'kysely';
import type { Engine, Tx } from './store';

/** The tables numbered by the engine, by their names in the store's code and in SQL. */
const SQL_NAMES = { packages: 'packages', plans: 'plans', customers: 'customers', events: 'events', licenceEvents: 'licence_events', productCosts: 'product_costs' } as const;
export type NumberedTable = keyof typeof SQL_NAMES;

export async function continueNumbering(tx: Tx, engine: Engine, tables: readonly NumberedTable[]): Promise<void> {
  if (engine !== 'postgres') return;
  for (const table of tables) {
    const name = SQL_NAMES[table];
    await sql`SELECT setval(pg_get_serial_sequence(${name}, 'id'), COALESCE((SELECT MAX(id) FROM ${sql.table(name)}), 0) + 1, false)`.execute(tx);
  }
}
