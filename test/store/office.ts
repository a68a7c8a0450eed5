/**
 * An office in the store for engine and service tests: the domain builders of test/fixtures/office.ts
 * written through the store's row mappers (the same encoding the services use).
 */
import type { Customer, Integration, Link, Package, Product, Service, ServiceStatus } from '../../shared/domain/model';
import { indexCustomers } from '../../electron/host/store/search-index';
import { customerRow, integrationRow, linkRow, packageRow, planRow, productRow, serviceRow } from '../../electron/host/store/rows';
import type { Store } from '../../electron/host/store/store';
import { customer, integration, link, pkg, product, service, T0 } from '../fixtures/office';

export type OfficeRows = {
  integrations?: Integration[];
  products?: Product[];
  packages?: Package[];
  customers?: Customer[];
  services?: Service[];
  links?: Link[];
};

export async function writeOffice(store: Store, rows: OfficeRows): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    for (const i of rows.integrations ?? []) await tx.insertInto('integrations').values({ ...integrationRow(i), updatedBy: null }).execute();
    for (const p of rows.products ?? []) await tx.insertInto('products').values(productRow(p)).execute();
    for (const p of rows.packages ?? []) await tx.insertInto('packages').values({ ...packageRow(p), updatedBy: null }).execute();
    if ((rows.services ?? []).length > 0) {
      const exists = await tx.selectFrom('plans').select('id').where('id', '=', 1).executeTakeFirst();
      if (!exists) await tx.insertInto('plans').values({ ...planRow({ id: 1, name: 'Fibra', priceCents: 9990, lockPackages: false, active: true, createdAt: T0, updatedAt: T0 }), updatedBy: null }).execute();
    }
    for (const c of rows.customers ?? []) await tx.insertInto('customers').values({ ...customerRow(c), updatedBy: null }).execute();
    await indexCustomers(tx, store.engine, (rows.customers ?? []).map((c) => c.id));
    for (const s of rows.services ?? []) await tx.insertInto('services').values({ ...serviceRow(s), updatedBy: null }).execute();
    for (const l of rows.links ?? []) await tx.insertInto('links').values({ ...linkRow(l), updatedBy: null }).execute();
  });
}

/**
 * n customers, each with one service (status by index) and one link to package 1 on product
 * 1192001 of integration `integrationId` pointing at `baseUrl`.
 */
export async function writeSimpleOffice(store: Store, n: number, opts: { integrationId?: string; baseUrl?: string; status?: (i: number) => ServiceStatus } = {}): Promise<void> {
  const id = opts.integrationId ?? 'camp';
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  await writeOffice(store, {
    integrations: [integration({ id, ...(opts.baseUrl && { baseUrl: opts.baseUrl }) })],
    products: [{ ...product('1192001'), id: `${id}:1192001`, integrationId: id }],
    packages: [{ ...pkg(1, '1192001'), integrationId: id }],
    customers: ids.map((i) => customer(i)),
    services: ids.map((i) => service(`S${i}`, i, opts.status?.(i) ?? 'servico_habilitado')),
    links: ids.map((i) => link(`L${i}`, `S${i}`, 1)),
  });
}
