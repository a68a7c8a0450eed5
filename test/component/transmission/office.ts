/**
 * An office the transmission screens start from: the integration on the host's built-in sandbox
 * and one package on its product 1192001, through the host's commands; then customers, services
 * and links written into the test host's store as their services write them.
 */
import type { Customer, Link, ServiceStatus } from '../../../shared/domain/model';
import { writeOffice } from '../../store/office';
import { customer, link, service } from '../../fixtures/office';
import type { HostBridge } from '../host-bridge';
import { seedIntegration, seedPackage } from '../packages/seed';

export async function seedOffice(
  bridge: HostBridge,
  n: number,
  opts: { status?: (i: number) => ServiceStatus; customer?: (i: number) => Partial<Customer>; link?: (i: number) => Partial<Link> } = {},
) {
  const integration = await seedIntegration(bridge, [{ code: '1192001', name: 'Leitura Digital Premium' }]);
  const pkg = await seedPackage({ integrationId: integration.id, name: 'Leitura Digital', productCode: '1192001' });
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  await writeOffice(bridge.host.store, {
    customers: ids.map((i) => customer(i, { name: `Cliente ${String(i).padStart(3, '0')}`, ...opts.customer?.(i) })),
    services: ids.map((i) => service(`S${i}`, i, opts.status?.(i) ?? 'servico_habilitado')),
    links: ids.map((i) => link(`L${i}`, `S${i}`, pkg.id, opts.link?.(i))),
  });
  return { integration, pkg };
}

/** What the platform confirmed for each link, counted (the host's store). */
export async function observed(bridge: HostBridge): Promise<Record<string, number>> {
  const rows = await bridge.host.store.db.selectFrom('links').select('observedState').execute();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.observedState ?? 'none'] = (out[r.observedState ?? 'none'] ?? 0) + 1;
  return out;
}

/** A link the platform refused for good after its last edit (now, after the package was saved): automatic passes leave it alone. */
export const refused = (message = 'Documento já vinculado a outro contrato.'): Partial<Link> => ({
  observed: { state: 'error', error: { code: 'CONFLICT', message, retryable: false, at: new Date().toISOString() } } as Link['observed'],
});
