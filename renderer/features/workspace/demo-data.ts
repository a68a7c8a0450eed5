/**
 * Demo data for an empty workspace: a Sandbox integration (built-in Campsoft sandbox), its products,
 * packages, plans and ~200 customers with services in mixed statuses. The network calls come first;
 * then everything is written in one transaction with one history event.
 */
import { call } from '../../bridge';
import { db, type CustomerRow } from '../../db/db';
import { recordEvent } from '../../db/history';
import { newId } from '../../ui/format';
import { generateLabel, packagesOnNewService, productId, type Link, type Service } from '../../../shared/domain';
import { DEMO_APPROVER, DEMO_CUSTOMERS, DEMO_INTEGRATION, demoWorkspace } from '../../../shared/domain/demo';
import { withSearchKeys } from '../../db/search-keys';
import { notifyDesiredStateChanged } from '../customers/changes';

export { DEMO_CUSTOMERS };

export class DemoDataError extends Error {}

export type DemoResult = { integrationId: string; customers: number; services: number; packages: number; plans: number };

/** Loads the demo into an EMPTY workspace; refuses (DemoDataError, Portuguese message) otherwise. */
export async function loadDemoData(): Promise<DemoResult> {
  const refuse = () =>
    new DemoDataError('Já existem clientes cadastrados: os dados de demonstração só podem ser carregados num espaço de trabalho vazio, para não misturar com os dados reais do provedor.');
  if ((await db.customers.count()) > 0) throw refuse();

  const integrationId = newId();
  const info = await call('sandbox.info', {});
  if (!info.ok) throw new DemoDataError(info.message);
  const saved = await call('connection.save', { integrationId, draft: { environment: 'sandbox', apiKey: info.data.apiKey, apiSecret: info.data.apiSecret } });
  if (!saved.ok) throw new DemoDataError(saved.message);
  const fetched = await call('products.fetch', { integrationId });
  if (!fetched.ok) {
    await call('connection.delete', { integrationId });
    throw new DemoDataError(fetched.message);
  }
  const active = fetched.data.products.filter((p) => p.status === 'active');
  if (active.length === 0) {
    await call('connection.delete', { integrationId });
    throw new DemoDataError('O sandbox não devolveu produtos ativos. Tente de novo em instantes.');
  }
  // The same demo as the host's (shared/domain/demo.ts); only the writing differs.
  const demo = demoWorkspace(active.map((p) => p.code));
  const now = new Date().toISOString();

  const write = () => db.transaction('rw', [db.integrations, db.products, db.packages, db.plans, db.customers, db.services, db.links, db.events], async () => {
    // Checked again inside the transaction: nothing may have arrived since the first look.
    if ((await db.customers.count()) > 0) throw refuse();

    await db.integrations.add({ id: integrationId, ...DEMO_INTEGRATION, lastSyncAt: fetched.data.fetchedAt, createdAt: now, updatedAt: now });
    await db.products.bulkAdd(
      fetched.data.products.map((p) => ({ id: productId(integrationId, p.code), integrationId, code: p.code, name: p.name, description: p.description, status: p.status, syncedAt: fetched.data.fetchedAt })),
    );

    const packageIds: number[] = [];
    for (const p of demo.packages) {
      // S10: the label needs the package number, known only once the row exists.
      const id = (await db.packages.add({ ...p, integrationId, label: `demo-${newId()}`, active: true, createdAt: now, updatedAt: now })) as number;
      await db.packages.update(id, { label: generateLabel(p.name, id) });
      packageIds.push(id);
    }
    const approval = { by: DEMO_APPROVER, at: now };
    await db.packages.where('id').anyOf(packageIds).modify({ compositionApproval: approval });

    const planIds: number[] = [];
    for (const p of demo.plans) {
      const defaultPackages = p.defaultPackages.map((d) => ({ packageId: packageIds[d.packageIndex], mandatory: d.mandatory }));
      planIds.push((await db.plans.add({ name: p.name, priceCents: p.priceCents, defaultPackages, lockPackages: p.lockPackages, active: true, createdAt: now, updatedAt: now })) as number);
    }
    const plans = await db.plans.bulkGet(planIds);

    const customers: Omit<CustomerRow, 'id'>[] = demo.customers.map((c) => withSearchKeys({ ...c, createdAt: now, updatedAt: now }));
    const customerIds = (await db.customers.bulkAdd(customers, { allKeys: true })) as number[];

    const services: Service[] = demo.services.map((s) => ({ id: s.id, customerId: customerIds[s.customerIndex], planId: plans[s.planIndex]!.id, status: s.status, createdAt: now, updatedAt: now }));
    const links: Link[] = [];
    // S8: the plan's default packages come with the service
    for (const s of demo.services) {
      for (const d of packagesOnNewService(plans[s.planIndex]!)) links.push({ id: newId(), serviceId: s.id, packageId: d.packageId, observed: { state: 'none' }, createdAt: now, updatedAt: now });
    }
    await db.services.bulkAdd(services);
    await db.links.bulkAdd(links);
    await recordEvent({
      actor: 'user',
      integrationId,
      kind: 'demo.load',
      outcome: 'info',
      message: `Dados de demonstração carregados: integração Campsoft (Sandbox), ${fetched.data.products.length} produtos, ${packageIds.length} pacotes, ${planIds.length} planos, ${customers.length} clientes e ${services.length} serviços.`,
    });
    return { integrationId, customers: customers.length, services: services.length, packages: packageIds.length, plans: planIds.length };
  });
  let result: DemoResult;
  try {
    result = await write();
  } catch (e) {
    // Nothing was written in the workspace: drop the connection saved for it too.
    await call('connection.delete', { integrationId });
    throw e;
  }
  notifyDesiredStateChanged();
  return result;
}
