import Dexie, { type EntityTable } from 'dexie';
import type { Customer, HistoryEvent, Integration, Link, Package, Plan, Product, Service } from '../../shared/domain/model';
import { schemaVersions, type SchemaVersion } from './schema';
import type { SearchKeys } from './search-keys';

/** A customer as stored: the domain row plus the search keys derived from it (search-keys.ts). */
export type CustomerRow = Customer & SearchKeys;
export type Setting = { key: string; value: unknown };

export const DB_NAME = 'sva-desk';

export class SvaDatabase extends Dexie {
  integrations!: EntityTable<Integration, 'id'>;
  products!: EntityTable<Product, 'id'>;
  packages!: EntityTable<Package, 'id'>;
  plans!: EntityTable<Plan, 'id'>;
  customers!: EntityTable<CustomerRow, 'id'>;
  services!: EntityTable<Service, 'id'>;
  links!: EntityTable<Link, 'id'>;
  events!: EntityTable<HistoryEvent, 'id'>;
  settings!: EntityTable<Setting, 'key'>;

  constructor(name = DB_NAME, versions: SchemaVersion[] = schemaVersions) {
    super(name);
    for (const v of versions) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
  }
}

export const db = new SvaDatabase();

/** Ask the browser not to evict the office's record under storage pressure. */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return false;
  }
}
