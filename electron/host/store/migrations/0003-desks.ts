/**
 * Version 3: the office's desks (issue 12). Each desk that opens the record says who it is, whether
 * it can transmit (it holds the Campsoft credentials in its own vault) and when it was last seen,
 * so every desk's status bar can say which desks send. On PostgreSQL the folded name and the
 * document, read by prefix ranges and sorted, compare byte by byte (COLLATE "C"), as on the
 * embedded engine, whatever locale the office's server was created with.
 * SHIPPED MIGRATIONS ARE NEVER EDITED.
 */
import { sql, type Kysely } from 'kysely';
import { engineOf } from './support';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('desks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clerk', 'text')
    .addColumn('can_transmit', 'integer', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  if (engineOf(db) === 'postgres') {
    await sql`ALTER TABLE customers ALTER COLUMN name_key TYPE text COLLATE "C", ALTER COLUMN document TYPE text COLLATE "C"`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('desks').execute();
}
