/**
 * The catalogue a screen test starts from, written through the host's own commands (the way the
 * screens write it); only what no command writes by hand — products as a sync stored them, a
 * customer's link — goes straight into the test host's store.
 */
import type { IntegrationRecord, PackageRecord, PlanRecord } from '../../../shared/contract';
import { defaultStatusMap, type CompositionApproval, type Product } from '../../../shared/domain';
import { customerRow, linkRow, serviceRow } from '../../../electron/host/store/rows';
import { run } from '../../../renderer/data/client';
import { cpfFor } from '../../fixtures/documents';
import type { HostBridge } from '../host-bridge';

const at = '2026-03-02T12:00:00.000Z';

export async function seedIntegration(
  bridge: HostBridge,
  products: { code: string; name: string; status?: Product['status'] }[] = [],
  { description = 'Campsoft Sandbox' }: { description?: string } = {},
): Promise<IntegrationRecord> {
  const integration = await run('integrations.save', {
    values: { description, suspendBySubscriptionStatus: true, statusMap: defaultStatusMap },
    connection: { environment: 'sandbox', apiKey: 'sandbox-key', apiSecret: 'sandbox-secret' },
  });
  await seedProducts(bridge, integration.id, products);
  return integration;
}

/** Products as a sync would have stored them (S4), including ones no longer active. */
export async function seedProducts(bridge: HostBridge, integrationId: string, products: { code: string; name: string; status?: Product['status'] }[]) {
  if (products.length === 0) return;
  await bridge.host.store.db
    .insertInto('products')
    .values(products.map((p) => ({ id: `${integrationId}:${p.code}`, integrationId, code: p.code, name: p.name, description: '', status: p.status ?? 'active', syncedAt: at })))
    .execute();
}

type PackageSeed = {
  name?: string;
  priceCents?: number;
  productCode?: string;
  label?: string;
  integrationId: string;
  compositionApproval?: CompositionApproval;
};

export async function seedPackage({ name = 'Leitura', priceCents = 1990, productCode = '101', label, integrationId, compositionApproval }: PackageSeed): Promise<PackageRecord> {
  return run('packages.save', {
    values: {
      name,
      kind: 'avulso',
      priceCents,
      composition: [{ description: 'Licença de leitura', fiscalKind: 'SVA', amountCents: priceCents }],
      integrationId,
      productCode,
      ...(label && { label }),
    },
    ...(compositionApproval && { approval: compositionApproval }),
  });
}

export async function seedPlan(values: { name?: string; priceCents?: number; defaultPackages?: { packageId: number; mandatory: boolean }[]; lockPackages?: boolean } = {}): Promise<PlanRecord> {
  return run('plans.save', { values: { name: 'Fibra 500', priceCents: 9990, defaultPackages: [], lockPackages: false, ...values } });
}

/** A customer whose service `serviceId` holds the package (the customers' rows, as their service writes them). */
export async function seedLink(bridge: HostBridge, { packageId, planId, serviceId }: { packageId: number; planId: number; serviceId: string }) {
  const db = bridge.host.store.db;
  const customer = await db
    .insertInto('customers')
    .values({ ...customerRow({ name: `Cliente ${serviceId}`, documentType: 'cpf', document: cpfFor(Number(serviceId)), emails: [], phones: [], createdAt: at, updatedAt: at }), updatedBy: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('services')
    .values({ ...serviceRow({ id: serviceId, customerId: customer.id, planId, status: 'servico_habilitado', createdAt: at, updatedAt: at }), updatedBy: null })
    .execute();
  await db
    .insertInto('links')
    .values({ ...linkRow({ id: `link-${serviceId}`, serviceId, packageId, observed: { state: 'none' }, createdAt: at, updatedAt: at }), updatedBy: null })
    .execute();
}

/** The history events of one kind, newest last, as the host recorded them. */
export async function eventsOf(bridge: HostBridge, kind: string) {
  return bridge.host.store.db.selectFrom('events').select(['kind', 'message', 'outcome']).where('kind', '=', kind).orderBy('id').execute();
}
