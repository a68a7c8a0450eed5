/**
 * licence_events, written in the same transaction as a link's observed state: a row each time the
 * state the platform confirmed for the licence changes (active, suspended, canceled, none). Error,
 * blocked and in-flight marks say nothing new of the licence and write nothing. Cobrança reads it.
 */
import type { PlatformSubscribers } from '../../../shared/contract/platform-check';
import { competenceOf, LICENCE_EVENT_STATES, type LicenceEventState } from '../../../shared/domain/charging';
import { insertMany } from './bulk-insert';
import type { Engine, Tx } from './store';

const isLicenceState = (s: string): s is LicenceEventState => (LICENCE_EVENT_STATES as readonly string[]).includes(s);

/** Records `state` for the link at `at` unless it is already the licence's last recorded state. */
export async function recordLicenceState(tx: Tx, linkId: string, state: string, at: string): Promise<void> {
  if (!isLicenceState(state)) return;
  const last = await tx.selectFrom('licenceEvents').select('state').where('linkId', '=', linkId).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  // a link never confirmed has no licence: "none" is only news after a licence
  if ((last?.state ?? 'none') === state) return;
  const link = await tx
    .selectFrom('links')
    .innerJoin('packages', 'packages.id', 'links.packageId')
    .select(['links.serviceId', 'links.packageId', 'packages.integrationId'])
    .where('links.id', '=', linkId)
    .executeTakeFirst();
  if (!link) return;
  await tx.insertInto('licenceEvents').values({ linkId, serviceId: link.serviceId, packageId: link.packageId, integrationId: link.integrationId, state, at }).execute();
}

/**
 * A platform check's licences into its competência's row each (platform_month_licences): seen active
 * once stays seen active; the last status is the latest check's. The Conferência da fatura reads it.
 */
export async function recordPlatformMonth(tx: Tx, engine: Engine, integrationId: string, fetched: Pick<PlatformSubscribers, 'subscribers' | 'fetchedAt'>): Promise<void> {
  const competence = competenceOf(fetched.fetchedAt);
  const rows: unknown[][] = [];
  for (const s of fetched.subscribers)
    for (const l of s.licences) rows.push([integrationId, competence, s.contractIdentifier, l.label, l.productCode, l.status === 'active' ? 1 : 0, l.status, fetched.fetchedAt]);
  await insertMany(
    tx,
    engine,
    {
      table: 'platform_month_licences',
      columns: ['integration_id', 'competence', 'contract_identifier', 'label', 'product_code', 'seen_active', 'last_status', 'last_seen_at'],
      upsert: { on: ['integration_id', 'competence', 'contract_identifier', 'label'], set: ['product_code', 'last_status', 'last_seen_at'] },
    },
    rows,
  );
  // seen active at any check of the month: set by the status just written, kept when a later check finds it suspended
  await tx
    .updateTable('platformMonthLicences')
    .set({ seenActive: 1 })
    .where('integrationId', '=', integrationId)
    .where('competence', '=', competence)
    .where('lastStatus', '=', 'active')
    .where('seenActive', '=', 0)
    .execute();
}
