/**
 * Everything the planner reads, from the store in one read transaction: the office's desired state
 * and what the platform last confirmed (links.observed).
 */
import { planReconcile, type ReconcilePlan } from '../../../shared/domain/planner';
import type { Customer, Link, Service } from '../../../shared/domain/model';
import { customerOf, integrationOf, linkOf, packageOf, productOf, serviceOf } from '../store/rows';
import type { Db } from '../store/store';

export type Snapshot = {
  plan: ReconcilePlan;
  links: Map<string, Link>;
  customerOfLink(linkId: string): Customer | undefined;
  /** the newest edit among a link and the rows it depends on */
  lastEdit(link: Link): string;
};

export async function readSnapshot(db: Db, hasCredentials: (integrationId: string) => boolean): Promise<Snapshot> {
  const read = await db
    .transaction()
    .execute(async (tx) =>
      Promise.all([
        tx.selectFrom('integrations').selectAll().execute(),
        tx.selectFrom('products').selectAll().execute(),
        tx.selectFrom('packages').selectAll().execute(),
        tx.selectFrom('customers').select(['id', 'code', 'name', 'documentType', 'document', 'emails', 'phones', 'address', 'createdAt', 'updatedAt']).execute(),
        tx.selectFrom('services').selectAll().execute(),
        tx.selectFrom('links').select(['id', 'serviceId', 'packageId', 'password', 'contractIdentifier', 'label', 'removedAt', 'observed', 'createdAt', 'updatedAt']).execute(),
      ]),
    );
  const [integrations, products, packages, customers, services, links] = [
    read[0].map(integrationOf),
    read[1].map(productOf),
    read[2].map(packageOf),
    read[3].map(customerOf),
    read[4].map(serviceOf),
    read[5].map(linkOf),
  ];
  const plan = planReconcile({ integrations, hasCredentials, products, packages, customers, services, links });
  const byId = new Map(links.map((l) => [l.id, l]));
  const serviceById = new Map<string, Service>(services.map((s) => [s.id, s]));
  const customerById = new Map<number, Customer>(customers.map((c) => [c.id, c]));
  const packageById = new Map(packages.map((p) => [p.id, p]));
  return {
    plan,
    links: byId,
    customerOfLink(linkId) {
      const service = serviceById.get(byId.get(linkId)?.serviceId ?? '');
      return service ? customerById.get(service.customerId) : undefined;
    },
    lastEdit(link) {
      const service = serviceById.get(link.serviceId);
      const customer = service ? customerById.get(service.customerId) : undefined;
      return [link.updatedAt, service?.updatedAt ?? '', customer?.updatedAt ?? '', packageById.get(link.packageId)?.updatedAt ?? ''].sort().at(-1)!;
    },
  };
}
