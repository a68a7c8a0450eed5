/**
 * "Conferir com a plataforma" on the main side: the integration's platform (vault credentials) pages
 * through every subscriber, and GET /isps says how many licences the provider is billed for. Only
 * what the drift report needs leaves main: contract, name and licences; no e-mail, phone, document.
 */
import type { PlatformSubscribers } from '../../shared/contract/platform-check';
import type { Platform } from './platform';
import type { Clock, Emit } from './ports';

export type PlatformCheckDeps = {
  platformOf: (integrationId: string) => Promise<Platform>;
  emit: Emit;
  clock: Clock;
};

export function createPlatformCheckService(deps: PlatformCheckDeps) {
  return {
    async subscribers(integrationId: string): Promise<PlatformSubscribers> {
      const platform = await deps.platformOf(integrationId);
      // the count first: it also proves the credentials before paging
      const { activeLicenses, ispName } = await platform.testConnection();
      deps.emit('platform.subscribers.progress', { integrationId, fetched: 0, total: 0 });
      const all = await platform.listSubscribers({}, (p) => deps.emit('platform.subscribers.progress', { integrationId, fetched: p.fetched, total: p.total }));
      return {
        subscribers: all.map((s) => ({
          contractIdentifier: s.contractIdentifier,
          name: s.name,
          licences: s.licences.map((l) => ({ label: l.label, productCode: l.productCode, status: l.status })),
        })),
        activeLicenses,
        ispName,
        fetchedAt: new Date(deps.clock.now()).toISOString(),
      };
    },
  };
}
export type PlatformCheckService = ReturnType<typeof createPlatformCheckService>;
