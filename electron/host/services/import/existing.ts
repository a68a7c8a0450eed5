/**
 * What an import is compared with, read from the store: the customers of the file's documents, the
 * file's services and their live links, and every plan, package and integration. Portable Kysely
 * reads, in chunks of ids (an index probe each), so a ten-line file reads ten customers however
 * large the office is.
 */
import type { Existing } from '../../../../shared/import/diff';
import type { ImportRow } from '../../../../shared/import/validate';
import { customerOf, integrationOf, packageOf, serviceOf } from '../../store/rows';
import type { Db, Tx } from '../../store/store';
import { readPlans } from '../plans';

const CHUNK = 500;

async function inChunks<K, T>(keys: readonly K[], read: (chunk: K[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) for (const row of await read(keys.slice(i, i + CHUNK))) out.push(row);
  return out;
}

export async function loadExisting(db: Db | Tx, rows: readonly ImportRow[]): Promise<Existing> {
  const documents = [...new Set(rows.map((r) => r.document))];
  const serviceIds = [...new Set(rows.map((r) => r.serviceId))];
  const customers = await inChunks(documents, (chunk) =>
    db.selectFrom('customers').select(['id', 'code', 'name', 'documentType', 'document', 'emails', 'phones', 'address', 'createdAt', 'updatedAt']).where('document', 'in', chunk).execute(),
  );
  const services = await inChunks(serviceIds, (chunk) => db.selectFrom('services').selectAll().where('id', 'in', chunk).execute());
  const links = await inChunks(
    services.map((s) => s.id),
    (chunk) => db.selectFrom('links').select(['id', 'serviceId', 'packageId']).where('serviceId', 'in', chunk).where('removedAt', 'is', null).execute(),
  );
  const plans = await readPlans(db);
  const packages = await db.selectFrom('packages').selectAll().execute();
  const integrations = await db.selectFrom('integrations').selectAll().execute();
  return {
    customers: customers.map(customerOf),
    services: services.map(serviceOf),
    links,
    plans,
    packages: packages.map(packageOf),
    integrations: integrations.map(integrationOf),
  };
}
