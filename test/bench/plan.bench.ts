import { cpfFor } from '../fixtures/documents';
import type { Customer, Integration, Link, ObservedState, Package, Product, Service, ServiceStatus } from '../../shared/domain/model';
import { fnv1a } from '../../shared/domain/operation';
import { planReconcile, type ReconcileInput } from '../../shared/domain/planner';
import { defaultStatusMap } from '../../shared/domain/status';
import type { BenchFigure } from './figure';

const LINKS = 100_000;
const T0 = '2026-01-05T10:00:00.000Z';

/**
 * A large office: 50,000 customers with one service each and two packages per service
 * (100,000 links), statuses across the whole HubSoft list, observed states mixed (never sent,
 * active, suspended, error, blocked), some data edits pending, some links removed, a few customers
 * without phone (S9).
 */
export function office(): ReconcileInput {
  const statuses: ServiceStatus[] = ['servico_habilitado', 'servico_habilitado', 'servico_habilitado', 'suspenso_debito', 'aguardando_instalacao', 'cancelado'];
  const observedStates: ObservedState['state'][] = ['none', 'active', 'active', 'active', 'suspended', 'error', 'blocked', 'canceled'];
  const integrations: Integration[] = [
    { id: 'camp', platform: 'campsoft', description: 'Campsoft', environment: 'production', baseUrl: 'https://api2.campsoft.com.br/svas/v1', active: true, suspendBySubscriptionStatus: true, statusMap: defaultStatusMap, createdAt: T0, updatedAt: T0 },
  ];
  const products: Product[] = ['1001', '1002', '1003'].map((code) => ({ id: `camp:${code}`, integrationId: 'camp', code, name: code, description: '', status: code === '1003' ? 'inactive' : 'active', syncedAt: T0 }));
  const packages: Package[] = [1, 2, 3].map((id) => ({ id, name: `P${id}`, description: '', kind: 'avulso', priceCents: 990, composition: [], integrationId: 'camp', productCode: `100${id}`, label: `campsoft-${id}`, active: true, createdAt: T0, updatedAt: T0 }));
  const customers: Customer[] = [];
  const services: Service[] = [];
  const links: Link[] = [];
  for (let i = 0; i < LINKS / 2; i++) {
    customers.push({
      id: i + 1,
      name: `Cliente ${i}`,
      documentType: 'cpf',
      document: cpfFor(i),
      emails: [`c${i}@example.com`],
      phones: i % 97 === 0 ? [] : [{ ddi: '55', ddd: '11', number: `9${String(10_000_000 + i).slice(-8)}`, mobile: true }],
      createdAt: T0,
      updatedAt: T0,
    });
    services.push({ id: `S${i}`, customerId: i + 1, planId: 1, status: statuses[i % statuses.length], createdAt: T0, updatedAt: T0 });
    for (const packageId of [1, 1 + ((i % 2) + 1)]) {
      const n = links.length;
      const state = observedStates[n % observedStates.length];
      links.push({
        id: `L${n}`,
        serviceId: `S${i}`,
        packageId,
        observed: { state, sentHash: state === 'none' ? undefined : `${fnv1a(String(n % 5))}.${fnv1a(String(n))}` },
        removedAt: n % 50 === 0 ? T0 : undefined,
        createdAt: T0,
        updatedAt: T0,
      });
    }
  }
  return { integrations, hasCredentials: () => true, products, packages, customers, services, links };
}

/** planReconcile over 100,000 links, best of 3 (the input is built before the clock starts). */
export async function run(): Promise<BenchFigure[]> {
  const input = office();
  let best = Infinity;
  let planned = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const result = planReconcile(input);
    best = Math.min(best, performance.now() - started);
    planned = result.plans.length + result.blocked.length + result.upToDate;
  }
  if (planned !== LINKS) throw new Error(`the planner accounted for ${planned} links, expected ${LINKS}`);
  return [{ name: 'plan.100k_ms', value: Math.round(best * 10) / 10, unit: 'ms', goal: '<= 500' }];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
