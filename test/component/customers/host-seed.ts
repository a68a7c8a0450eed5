/**
 * The customers screens' starting point, written through the host's own commands (as the screens
 * write it): a catalogue of three packages and three plans, customers, services and links. What no
 * command writes (the platform's answer on a link) goes straight into the test host's store.
 */
import type { PackageRecord, PlanRecord } from '../../../shared/contract';
import type { ObservedState } from '../../../shared/domain';
import { run } from '../../../renderer/data/client';
import type { HostBridge } from '../host-bridge';
import { seedIntegration, seedPackage, seedPlan } from '../packages/seed';

export const maria = { name: 'Maria José da Silva', document: '529.982.247-25', emails: ['maria@exemplo.com.br'], phones: ['(11) 91234-5678'] };
export const joao = { name: 'João Pereira Lima', document: '111.444.777-35', emails: ['joao@exemplo.net'], phones: ['(21) 99876-5432'] };

export type Catalogue = {
  leitura: PackageRecord;
  kids: PackageRecord;
  cursos: PackageRecord;
  /** Leitura mandatory, Kids optional */
  fibra300: PlanRecord;
  /** Travar Pacotes: only Cursos */
  fibraTravada: PlanRecord;
  /** no default packages, nothing locked */
  fibraLivre: PlanRecord;
};

export async function seedCatalogue(bridge: HostBridge): Promise<Catalogue> {
  const integration = await seedIntegration(bridge, [
    { code: '101', name: 'Leitura Digital' },
    { code: '102', name: 'Kids Livros' },
    { code: '103', name: 'Cursos Online' },
  ]);
  const leitura = await seedPackage({ integrationId: integration.id, name: 'Leitura Digital', productCode: '101', label: 'campsoft-leitura-digital' });
  const kids = await seedPackage({ integrationId: integration.id, name: 'Kids Livros', productCode: '102', label: 'campsoft-kids-livros', priceCents: 1490 });
  const cursos = await seedPackage({ integrationId: integration.id, name: 'Cursos Online', productCode: '103', label: 'campsoft-cursos-online', priceCents: 2490 });
  const fibra300 = await seedPlan({
    name: 'Fibra 300',
    defaultPackages: [
      { packageId: leitura.id, mandatory: true },
      { packageId: kids.id, mandatory: false },
    ],
  });
  const fibraTravada = await seedPlan({ name: 'Fibra 500 Travado', lockPackages: true, defaultPackages: [{ packageId: cursos.id, mandatory: false }] });
  const fibraLivre = await seedPlan({ name: 'Fibra Livre' });
  return { leitura, kids, cursos, fibra300, fibraTravada, fibraLivre };
}

export async function addCustomer(values: { name: string; document: string; emails: string[]; phones: string[]; code?: string } = maria): Promise<number> {
  return (await run('customers.save', { values })).id;
}

export async function addService(customerId: number, id: string, planId: number, { status = 'servico_habilitado', kept = [] as number[] } = {}) {
  return run('services.add', { customerId, values: { id, planId, status }, keptOptionalPackageIds: kept });
}

export async function linkPackage(serviceId: string, packageId: number, params: Record<string, string> = {}) {
  return run('links.add', { serviceId, packageId, params });
}

/** The platform's last answer on the service's links, as a pass would have written it back. */
export async function setObserved(bridge: HostBridge, serviceId: string, observed: ObservedState) {
  await bridge.host.store.db
    .updateTable('links')
    .set({ observed: JSON.stringify(observed), observedState: observed.state })
    .where('serviceId', '=', serviceId)
    .execute();
}
