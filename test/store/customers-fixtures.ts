/**
 * The Clientes services on a real store (test/store/support.ts), with a small catalogue made through
 * the plans service: Leitura (mandatory) and Kids (optional) on Fibra 300, Cursos alone on the locked
 * Fibra 500 Travado, nothing on Fibra 100.
 */
import { createCustomerService } from '../../electron/host/services/customers';
import { createLgpdService } from '../../electron/host/services/lgpd';
import { createLinkService } from '../../electron/host/services/links';
import { createPlanService } from '../../electron/host/services/plans';
import type { ObservedState } from '../../shared/domain';
import { openTestStore, seedIntegration, seedPackage, type TestStore } from './support';

export type Office = Awaited<ReturnType<typeof openOffice>>;

export async function openOffice() {
  const t: TestStore = await openTestStore();
  const customers = createCustomerService({ db: t.store.db, engine: t.store.engine, mutate: t.mutate });
  const links = createLinkService({ db: t.store.db, mutate: t.mutate });
  const lgpd = createLgpdService({ db: t.store.db, mutate: t.mutate });
  const plans = createPlanService({ db: t.store.db, mutate: t.mutate });
  return { t, customers, links, lgpd, plans };
}

export async function seedCatalogue(o: Office) {
  const integration = await seedIntegration(o.t);
  const leitura = await seedPackage(o.t, integration, 'Leitura');
  const kids = await seedPackage(o.t, integration, 'Kids');
  const cursos = await seedPackage(o.t, integration, 'Cursos');
  const fibra300 = await o.plans.save({ values: { name: 'Fibra 300', priceCents: 9990, defaultPackages: [{ packageId: leitura, mandatory: true }, { packageId: kids, mandatory: false }] } });
  const travado = await o.plans.save({ values: { name: 'Fibra 500 Travado', priceCents: 12990, lockPackages: true, defaultPackages: [{ packageId: cursos, mandatory: false }] } });
  const fibra100 = await o.plans.save({ values: { name: 'Fibra 100', priceCents: 7990 } });
  const label = async (id: number) => (await o.t.store.db.selectFrom('packages').select('label').where('id', '=', id).executeTakeFirstOrThrow()).label;
  return {
    integration,
    packages: { leitura, kids, cursos },
    labels: { leitura: await label(leitura), kids: await label(kids), cursos: await label(cursos) },
    plans: { fibra300: fibra300.id, travado: travado.id, fibra100: fibra100.id },
  };
}

export const maria = { name: 'Maria da Silva Prado', document: '529.982.247-25', emails: ['maria@exemplo.com.br'], phones: ['(11) 91234-5678'], code: '1020' };

export async function addCustomer(o: Office, values: Record<string, unknown> = maria): Promise<number> {
  return (await o.customers.save({ values })).id;
}

/** What the platform last confirmed for every link of a service, as the sync engine writes it. */
export async function setObserved(o: Office, serviceId: string, observed: ObservedState) {
  await o.t.store.db
    .updateTable('links')
    .set({ observed: JSON.stringify(observed), observedState: observed.state })
    .where('serviceId', '=', serviceId)
    .execute();
}

export async function events(o: Office) {
  return o.t.store.db.selectFrom('events').selectAll().orderBy('id').execute();
}
