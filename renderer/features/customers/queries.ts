/**
 * Reading customers for the Clientes screens: host queries (customers.search, customers.get,
 * links.list), refreshed when the host announces a change to what they read.
 */
import { useEffect } from 'react';
import type { DataTable, LinkStateView } from '../../../shared/contract';
import { useHostQuery } from '../../data/client';
import { subscribe } from '../../bridge';

/** What the list reads: the customers and their services counted. */
export const CUSTOMER_LIST_TABLES = ['customers', 'services'] as const satisfies readonly DataTable[];
/** What a customer's detail reads: services, links, and the plan and package names beside them. */
export const CUSTOMER_TABLES = ['customers', 'services', 'links', 'plans', 'packages'] as const satisfies readonly DataTable[];
/** What a link's state is computed from (links.list). */
export const LINK_STATE_TABLES = ['links', 'services', 'customers', 'packages', 'integrations'] as const satisfies readonly DataTable[];

/** The customer as the detail shows them; null when they do not exist (erased, or a wrong address). */
export function useCustomer(id: number) {
  return useHostQuery('customers.get', Number.isInteger(id) && id > 0 ? { id } : null, CUSTOMER_TABLES);
}

/**
 * Each link of the customer with its one state, computed in the host. A state also moves with no
 * write at all (a run starts sending, stops): the host says so with `sync.state`, which the data
 * client does not follow (it follows `data.changed` only), so this query refetches on it here.
 */
export function useCustomerLinkStates(customerId: number): Map<string, LinkStateView> | undefined {
  const valid = Number.isInteger(customerId) && customerId > 0;
  const query = useHostQuery('links.list', valid ? { customerId, limit: 500 } : null, LINK_STATE_TABLES);
  const { refetch } = query;
  useEffect(() => (valid ? subscribe('sync.state', () => void refetch()) : undefined), [valid, refetch]);
  return query.data ? new Map(query.data.rows.map((r) => [r.linkId, r.state])) : undefined;
}
