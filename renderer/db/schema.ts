import type { Transaction } from 'dexie';
import { nameSuffixKeys } from './search-keys';

/**
 * The schema history of the office's database. APPEND-ONLY: never edit a shipped version; add a new
 * one with an upgrade function and a test in test/component/db-migrations.test.ts that opens the
 * previous version, seeds it, and opens this one.
 */
export type SchemaVersion = {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
};

export const schemaVersions: SchemaVersion[] = [
  {
    version: 1,
    stores: {
      integrations: 'id',
      products: 'id, integrationId, [integrationId+status]',
      // S10: a label is unique per integration. No index on `active`: booleans are not IndexedDB keys.
      packages: '++id, integrationId, &[integrationId+label]',
      plans: '++id, name',
      // Search keys (nameKey, phoneKeys) are derived from the row on every write: db/search-keys.ts.
      customers: '++id, &document, code, nameKey, *emails, *phoneKeys',
      services: '&id, customerId, planId, status',
      // contractIdentifier: S10 overrides, so the (contract_identifier, label) duplicate check stays index-driven.
      links: '&id, serviceId, packageId, contractIdentifier, observed.state',
      events: '++id, at, integrationId, kind, [integrationId+at]',
      settings: 'key',
    },
  },
  {
    // Search from any word of the name on ("silva pr" finds "Maria da Silva Prado"), not only its start.
    // services.planId and services.status were never queried (screens read a customer's services,
    // the planner reads them all): two index entries per service less for every write and import.
    version: 2,
    stores: { customers: '++id, &document, code, nameKey, *nameSuffixes, *emails, *phoneKeys', services: '&id, customerId' },
    upgrade: async (tx) => {
      await tx
        .table('customers')
        .toCollection()
        .modify((c: { nameKey: string; nameSuffixes?: string[] }) => {
          c.nameSuffixes = nameSuffixKeys(c.nameKey);
        });
    },
  },
];
