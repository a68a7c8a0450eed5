/**
 * Version 2: what Cobrança needs (issue 13). SHIPPED MIGRATIONS ARE NEVER EDITED (a test pins their
 * text): add the next number instead.
 *
 * - licence_events: every change of a licence's confirmed state on the platform (active, suspended,
 *   canceled, none), written by the sync engine in the same transaction as the link's observed state.
 *   It carries the link's service, package and integration because a link whose cancellation is
 *   confirmed is deleted: its month must still be billed. Filled here from each link's state now.
 * - product_costs: what the platform charges per licence per month, each value with the day it
 *   holds from (never overwritten: the history is the table).
 * - charging_rules: the billing rule of each integration (integral, pro rata, no charge while suspended).
 * - charging_closings: a closed competência and the lines exported for it, so a later change shows as an
 *   adjustment in the next month and never alters what was exported.
 * - platform_month_licences: each licence the platform checks saw in a competência (one row per month,
 *   not per check: a daily check of 100k licences would add 3M rows a month), whether it was seen
 *   active, and its last status: the Conferência da fatura da plataforma reads it.
 */
import type { Kysely } from 'kysely';
import { engineOf, idColumn } from './support';

type Old = { links: { id: string; serviceId: string; packageId: number; observed: string; observedState: string; updatedAt: string } };
type OldPackage = { packages: { id: number; integrationId: string } };

export async function up(db: Kysely<unknown>): Promise<void> {
  const engine = engineOf(db);
  await idColumn(engine, db.schema.createTable('licence_events'))
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('package_id', 'integer', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('licence_events_link').on('licence_events').columns(['link_id', 'at', 'id']).execute();
  await db.schema.createIndex('licence_events_at').on('licence_events').column('at').execute();

  await idColumn(engine, db.schema.createTable('product_costs'))
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('product_code', 'text', (c) => c.notNull())
    .addColumn('cost_cents', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('product_costs_product').on('product_costs').columns(['integration_id', 'product_code', 'valid_from']).execute();

  await db.schema
    .createTable('charging_rules')
    .addColumn('integration_id', 'text', (c) => c.primaryKey().references('integrations.id').onDelete('cascade'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('charging_closings')
    .addColumn('competence', 'text', (c) => c.primaryKey())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text')
    .addColumn('data_hash', 'text', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('platform_month_licences')
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('competence', 'text', (c) => c.notNull())
    .addColumn('contract_identifier', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('product_code', 'text', (c) => c.notNull())
    .addColumn('seen_active', 'integer', (c) => c.notNull())
    .addColumn('last_status', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('platform_month_licences_pk', ['integration_id', 'competence', 'contract_identifier', 'label'])
    .execute();

  // The licences the platform holds now, as of the link's last confirmation (or last change).
  const q = db as unknown as Kysely<Old & OldPackage>;
  const links = await q
    .selectFrom('links')
    .innerJoin('packages', 'packages.id', 'links.packageId')
    .select(['links.id', 'links.serviceId', 'links.packageId', 'links.observed', 'links.observedState', 'links.updatedAt', 'packages.integrationId'])
    .where('links.observedState', 'in', ['active', 'suspended'])
    .execute();
  const rows = links.map((l) => {
    const confirmedAt = (JSON.parse(l.observed) as { confirmedAt?: string }).confirmedAt;
    return { link_id: l.id, service_id: l.serviceId, package_id: l.packageId, integration_id: l.integrationId, state: l.observedState, at: confirmedAt ?? l.updatedAt };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await (db as Kysely<{ licence_events: (typeof rows)[number] }>).insertInto('licence_events').values(rows.slice(i, i + 500)).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('O SVA Desk não desfaz versões do banco de dados: restaure um backup.');
}
