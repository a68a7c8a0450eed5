/**
 * Version 1 of the office's record. SHIPPED MIGRATIONS ARE NEVER EDITED (a test pins their text):
 * add the next number instead, with a test that opens the previous version with data in it.
 */
import { sql, type Kysely } from 'kysely';
import { engineOf, idColumn } from './support';

export async function up(db: Kysely<unknown>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('suspend_by_subscription_status', 'integer', (c) => c.notNull())
    .addColumn('status_map', 'text', (c) => c.notNull())
    .addColumn('isp_name', 'text')
    .addColumn('active_licenses', 'integer')
    .addColumn('last_test_at', 'text')
    .addColumn('last_sync_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_integration').on('products').columns(['integration_id', 'status']).execute();

  await idColumn(engine, db.schema.createTable('packages'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('composition', 'text', (c) => c.notNull())
    .addColumn('approval_by', 'text')
    .addColumn('approval_at', 'text')
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
    .addColumn('product_code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .execute();
  // S10: a label is unique per integration.
  await db.schema.createIndex('packages_label').unique().on('packages').columns(['integration_id', 'label']).execute();

  await idColumn(engine, db.schema.createTable('plans'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('lock_packages', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('plan_packages')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('package_id', 'integer', (c) => c.notNull().references('packages.id'))
    .addColumn('mandatory', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_packages_pk', ['plan_id', 'package_id'])
    .execute();
  await db.schema.createIndex('plan_packages_package').on('plan_packages').column('package_id').execute();

  await idColumn(engine, db.schema.createTable('customers'))
    .addColumn('code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull().unique())
    .addColumn('emails', 'text', (c) => c.notNull())
    .addColumn('phones', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.createIndex('customers_name').on('customers').columns(['name_key', 'id']).execute();
  await db.schema.createIndex('customers_code').on('customers').column('code').execute();

  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.createIndex('services_customer').on('services').column('customer_id').execute();
  await db.schema.createIndex('services_plan').on('services').column('plan_id').execute();

  await db.schema
    .createTable('links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('package_id', 'integer', (c) => c.notNull().references('packages.id'))
    .addColumn('password', 'text')
    .addColumn('contract_identifier', 'text')
    .addColumn('label', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('observed_state', 'text', (c) => c.notNull())
    .addColumn('observed', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.createIndex('links_service').on('links').column('service_id').execute();
  await db.schema.createIndex('links_package').on('links').column('package_id').execute();
  // S10 overrides: the (contract_identifier, label) duplicate check stays index-driven.
  await db.schema.createIndex('links_contract').on('links').column('contract_identifier').execute();
  await db.schema.createIndex('links_state').on('links').column('observed_state').execute();

  await idColumn(engine, db.schema.createTable('events'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('clerk', 'text')
    .addColumn('integration_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('platform_error_id', 'text')
    .execute();
  await db.schema.createIndex('events_at').on('events').columns(['at', 'id']).execute();
  await db.schema.createIndex('events_integration').on('events').columns(['integration_id', 'at']).execute();
  await db.schema.createIndex('events_subject').on('events').column('subject').execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // "contains" search over name, e-mails, phones, document and code, in one index read. In SQLite a
  // contentless FTS5 trigram table kept by store/search-index.ts (no triggers: a per-row trigger
  // costs ~9 s on a 100k import, one INSERT … SELECT after the rows ~1.2 s); in PostgreSQL pg_trgm.
  if (engine === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE customers_fts USING fts5(search_text, content='', contentless_delete=1, tokenize='trigram')`.execute(db);
  } else {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX customers_search ON customers USING gin (search_text gin_trgm_ops)`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('O SVA Desk não desfaz versões do banco de dados: restaure um backup.');
}
