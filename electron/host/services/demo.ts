/**
 * Painel › Carregar dados de demonstração, in the host: the demo office of shared/domain/demo.ts on
 * a Campsoft integration on the built-in sandbox. The sandbox's public demo pair goes into the vault
 * (as the wizard saves any connection) and the products come from the sandbox first; then every row
 * is written in ONE mutation with one history event, and a pass is requested. If anything fails,
 * nothing is written and the connection saved for it is deleted again.
 */
import { randomUUID } from 'node:crypto';
import type { DemoResult } from '../../../shared/contract/workspace';
import { AppError } from '../../../shared/contract/result';
import { generateLabel, packagesOnNewService, productId } from '../../../shared/domain';
import { DEMO_APPROVER, DEMO_INTEGRATION, demoWorkspace } from '../../../shared/domain/demo';
import { integrationSubject } from '../../../shared/domain/subjects';
import { count } from '../../../shared/domain/text';
import type { HandlerTable } from '../dispatch';
import type { EmbeddedSandbox } from '../embedded-sandbox';
import type { IntegrationService } from '../integrations';
import { customerRow, integrationRow, linkRow, packageRow, planPackageRows, planRow, productRow, serviceRow } from '../store/rows';
import { indexCustomers } from '../store/search-index';
import type { Db } from '../store/store';
import type { Mutate } from './mutation';

const BATCH = 500;
const refuse = () =>
  new AppError('NOT_EMPTY', 'Já existem clientes cadastrados: os dados de demonstração só podem ser carregados num banco vazio, para não misturar com os dados reais do provedor.');

export type DemoService = ReturnType<typeof createDemoService>;

export function createDemoService(deps: {
  db: Db;
  mutate: Mutate;
  integrations: Pick<IntegrationService, 'save' | 'fetchProducts' | 'delete'>;
  sandbox: Pick<EmbeddedSandbox, 'credentials'>;
}) {
  const { db, mutate, integrations } = deps;
  const hasCustomers = async (q: Pick<Db, 'selectFrom'>) => !!(await q.selectFrom('customers').select('id').limit(1).executeTakeFirst());

  return {
    async load(): Promise<DemoResult> {
      if (await hasCustomers(db)) throw refuse();
      const integrationId = randomUUID();
      await integrations.save(integrationId, { environment: 'sandbox', ...deps.sandbox.credentials });
      try {
        const fetched = await integrations.fetchProducts(integrationId);
        const active = fetched.products.filter((p) => p.status === 'active');
        if (active.length === 0) throw new AppError('SANDBOX_EMPTY', 'O sandbox não devolveu produtos ativos. Tente de novo em instantes.', { retryable: true });
        const demo = demoWorkspace(active.map((p) => p.code));

        return await mutate(async (m) => {
          // Checked again inside the transaction: nothing may have arrived since the first look.
          if (await hasCustomers(m.tx)) throw refuse();
          const at = m.at;
          const made = { createdAt: at, updatedAt: at };
          await m.tx
            .insertInto('integrations')
            .values({ ...integrationRow({ id: integrationId, ...DEMO_INTEGRATION, statusMap: { ...DEMO_INTEGRATION.statusMap }, lastSyncAt: fetched.fetchedAt, ...made }), updatedBy: m.clerk })
            .execute();
          await m.tx
            .insertInto('products')
            .values(fetched.products.map((p) => productRow({ id: productId(integrationId, p.code), integrationId, code: p.code, name: p.name, description: p.description, status: p.status, syncedAt: fetched.fetchedAt })))
            .execute();

          const packageIds: number[] = [];
          for (const p of demo.packages) {
            const row = packageRow({ ...p, compositionApproval: { by: DEMO_APPROVER, at }, integrationId, label: `demo-${randomUUID()}`, active: true, ...made });
            const { id } = await m.tx.insertInto('packages').values({ ...row, updatedBy: m.clerk }).returning('id').executeTakeFirstOrThrow();
            // S10: the label is generated from the package number, known once the row exists.
            await m.tx.updateTable('packages').set({ label: generateLabel(p.name, id) }).where('id', '=', id).execute();
            packageIds.push(id);
          }

          const plans: { id: number; defaultPackages: { packageId: number; mandatory: boolean }[] }[] = [];
          for (const p of demo.plans) {
            const { id } = await m.tx.insertInto('plans').values({ ...planRow({ ...p, active: true, ...made }), updatedBy: m.clerk }).returning('id').executeTakeFirstOrThrow();
            const plan = { id, defaultPackages: p.defaultPackages.map((d) => ({ packageId: packageIds[d.packageIndex]!, mandatory: d.mandatory })) };
            const defaults = planPackageRows(plan);
            if (defaults.length) await m.tx.insertInto('planPackages').values(defaults).execute();
            plans.push(plan);
          }

          const customerIds: number[] = [];
          for (const c of demo.customers) {
            const { id } = await m.tx.insertInto('customers').values({ ...customerRow({ ...c, ...made }), updatedBy: m.clerk }).returning('id').executeTakeFirstOrThrow();
            customerIds.push(id);
          }
          await indexCustomers(m.tx, m.engine, customerIds);

          const services = demo.services.map((s) => ({ ...serviceRow({ id: s.id, customerId: customerIds[s.customerIndex]!, planId: plans[s.planIndex]!.id, status: s.status, ...made }), updatedBy: m.clerk }));
          // S8: the plan's default packages come with the service.
          const links = demo.services.flatMap((s) =>
            packagesOnNewService(plans[s.planIndex]!).map((d) => ({ ...linkRow({ id: randomUUID(), serviceId: s.id, packageId: d.packageId, observed: { state: 'none' }, ...made }), updatedBy: m.clerk })),
          );
          for (let i = 0; i < services.length; i += BATCH) await m.tx.insertInto('services').values(services.slice(i, i + BATCH)).execute();
          for (let i = 0; i < links.length; i += BATCH) await m.tx.insertInto('links').values(links.slice(i, i + BATCH)).execute();

          m.record({
            kind: 'demo.load',
            integrationId,
            subject: integrationSubject(integrationId),
            outcome: 'info',
            message:
              `Dados de demonstração carregados: integração Campsoft (Sandbox), ${count(fetched.products.length, 'produto', 'produtos')}, ` +
              `${count(packageIds.length, 'pacote', 'pacotes')}, ${count(plans.length, 'plano', 'planos')}, ${count(customerIds.length, 'cliente', 'clientes')} e ${count(services.length, 'serviço', 'serviços')}.`,
          });
          m.changed('integrations', 'products', 'packages', 'plans', 'customers', 'services', 'links');
          m.desiredStateChanged({ reason: 'import', integrationIds: [integrationId] });
          return { integrationId, products: fetched.products.length, packages: packageIds.length, plans: plans.length, customers: customerIds.length, services: services.length, links: links.length };
        });
      } catch (err) {
        // Nothing was written: the connection saved for the demo goes too.
        integrations.delete(integrationId);
        throw err;
      }
    },
  };
}

export function demoHandlers(d: DemoService): Pick<HandlerTable, 'demo.load'> {
  return { 'demo.load': () => d.load() };
}
