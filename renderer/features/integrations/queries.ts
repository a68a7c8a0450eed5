/**
 * Reading integrations and their catalogue for any screen: host queries, refreshed when the host
 * announces a change. What the vault holds comes only as `connection` (configured, key hint).
 */
import { defaultStatusMap, type StatusMap } from '../../../shared/domain';
import { useHostQuery } from '../../data/client';

export const INTEGRATIONS_PATH = '~/configuracoes/integracoes/plataformas-de-conteudo';

/** integrations.list/get count the active products: a sync refreshes them too. */
export const INTEGRATION_TABLES = ['integrations', 'products'] as const;
export const PRODUCT_TABLES = ['products'] as const;

/** Every integration, by description, with its connection's description and active products. */
export function useIntegrations() {
  return useHostQuery('integrations.list', {}, INTEGRATION_TABLES);
}

export function useIntegration(id: string | undefined) {
  return useHostQuery('integrations.get', id === undefined ? null : { id }, INTEGRATION_TABLES);
}

/** The synced catalogue of one integration, by code (1, 2, 10, 100); waits while `integrationId` is null. */
export function useProducts(integrationId: string | null | undefined) {
  return useHostQuery('products.list', integrationId ? { integrationId } : null, PRODUCT_TABLES);
}

/** What the wizard edits of an integration besides its connection (S2). */
export type IntegrationSettings = { description: string; suspendBySubscriptionStatus: boolean; statusMap: StatusMap };

export function newIntegrationSettings(): IntegrationSettings {
  return { description: 'Campsoft', suspendBySubscriptionStatus: true, statusMap: { ...defaultStatusMap } as StatusMap };
}
