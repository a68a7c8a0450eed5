/**
 * Reading the transmission for any screen: each link's state and the sync engine's state come from
 * the host (links.states, links.list, sync.state). They move with the record (`data.changed`) and
 * with the engine (its pushed `sync.state`: a pass planned, a run sending), so they follow both.
 */
import type { LinkStateCode } from '../../../shared/domain';
import { useHostQuery, useRefreshOn } from '../../data/client';

/** What a link's state is read from (the host's LINK_STATE_TABLES). */
export const LINK_STATE_TABLES = ['links', 'services', 'customers', 'packages', 'integrations'] as const;
const ENGINE_COMMANDS = ['links.states', 'links.list', 'sync.state'] as const;

/** How many links are in each state: the one set of numbers the status bar, Painel and filters show. */
export function useLinkStateCounts() {
  useRefreshOn('sync.state', ENGINE_COMMANDS);
  return useHostQuery('links.states', {}, LINK_STATE_TABLES);
}

/** One page of the links in a state (all links with `state` undefined), by customer name. */
export function useLinkList(input: { state?: LinkStateCode; customerId?: number; integrationId?: string; planId?: number; offset: number; limit: number }) {
  useRefreshOn('sync.state', ENGINE_COMMANDS);
  return useHostQuery('links.list', input, LINK_STATE_TABLES);
}

/** The engine: passing, the preview waiting for confirmation, the runs sending, the notice, the routine. */
export function useSyncState() {
  useRefreshOn('sync.state', ENGINE_COMMANDS);
  return useHostQuery('sync.state', {}, ['settings', 'links']);
}
