/**
 * The old browser database of SVA Desk (before the host kept the office's record), frozen here for
 * the one-time move into the host's store (legacy-move.ts): its name and the Dexie schema versions
 * it was written with (v1 and v2, as renderer/db/schema.ts shipped them). The move itself opens the
 * database WITHOUT a schema (so nothing is upgraded); the versions are what a test, or a support
 * tool, needs to create an old workspace exactly as an older install did.
 *
 * Never edit: this is a record of what is on the offices' computers.
 */
import Dexie from 'dexie';

export const LEGACY_DB_NAME = 'sva-desk';

/** Dexie's store declarations of each shipped version (each adds to the one before). */
export const legacySchemaVersions: readonly { version: 1 | 2; stores: Record<string, string> }[] = [
  {
    version: 1,
    stores: {
      integrations: 'id',
      products: 'id, integrationId, [integrationId+status]',
      packages: '++id, integrationId, &[integrationId+label]',
      plans: '++id, name',
      customers: '++id, &document, code, nameKey, *emails, *phoneKeys',
      services: '&id, customerId, planId, status',
      links: '&id, serviceId, packageId, contractIdentifier, observed.state',
      events: '++id, at, integrationId, kind, [integrationId+at]',
      settings: 'key',
    },
  },
  {
    version: 2,
    stores: { customers: '++id, &document, code, nameKey, *nameSuffixes, *emails, *phoneKeys', services: '&id, customerId' },
  },
];

/**
 * The old database declared up to `version`, as an install of that version opened it. Rows written
 * through it must carry what that version stored (the customers' search keys included).
 */
export function legacyDatabaseAt(version: 1 | 2, name = LEGACY_DB_NAME): Dexie {
  const old = new Dexie(name);
  for (const v of legacySchemaVersions) if (v.version <= version) old.version(v.version).stores(v.stores);
  return old;
}
