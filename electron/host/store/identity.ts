/**
 * Rows written with their own ids (a restore, the move from the old browser database) must leave
 * the engine numbering after them. SQLite's AUTOINCREMENT follows the largest id written by itself
 * (sqlite_sequence); a PostgreSQL identity column does not, so its sequence is moved past the
 * largest id, or the next insert would collide with a restored row.
 */
import { sql } from 'kysely';
import type { Engine, Tx } from './store';

export type NumberedTable = 'packages' | 'plans' | 'customers' | 'events';

export async function continueNumbering(tx: Tx, engine: Engine, tables: readonly NumberedTable[]): Promise<void> {
  if (engine !== 'postgres') return;
  for (const table of tables) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), COALESCE((SELECT MAX(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(tx);
  }
}
