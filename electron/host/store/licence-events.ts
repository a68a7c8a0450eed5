/**
 * licence_events, written in the same transaction as a link's observed state: a row each time the
 * state the platform confirmed for the licence changes (active, suspended, canceled, none). Error,
 * blocked and in-flight marks say nothing new of the licence and write nothing. Cobrança reads it.
 */
import { LICENCE_EVENT_STATES, type LicenceEventState } from '../../../shared/domain/charging';
import type { Tx } from './store';

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
