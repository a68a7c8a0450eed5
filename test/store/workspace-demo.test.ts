import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/result';
import { DEMO_CUSTOMERS } from '../../shared/domain/demo';
import { generateLabel, packagesOnNewService, parseDocument, transmittableProblems } from '../../shared/domain';
import { createDemoService } from '../../electron/host/services/demo';
import { EMBEDDED_SANDBOX_URL } from '../../electron/host/embedded-sandbox';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET } from '../../electron/host/sandbox';
import { customerOf, packageOf } from '../../electron/host/store/rows';
import { containsFilter } from '../../electron/host/store/search-index';
import { readPlans } from '../../electron/host/services/plans';
import { openTestWorkspace, type TestWorkspace } from './workspace-support';

let t: TestWorkspace;
beforeEach(async () => {
  t = await openTestWorkspace();
});
afterEach(() => t.close());

const count = async (table: 'customers' | 'services' | 'links' | 'packages' | 'plans' | 'products' | 'integrations' | 'events') =>
  Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('demo.load in the host (Painel › Carregar dados de demonstração)', () => {
  it('writes the demo office on a sandbox integration whose connection is in the vault, in one mutation', async () => {
    const result = await t.ws.demo.load();
    expect(result).toMatchObject({ customers: DEMO_CUSTOMERS, plans: 3, packages: 4 });

    // the connection the executor will use: the sandbox's public demo pair, in the vault (never in the store)
    expect(t.vault.get(result.integrationId)).toEqual({ baseUrl: EMBEDDED_SANDBOX_URL, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET });
    const [integration] = await t.store.db.selectFrom('integrations').selectAll().execute();
    expect(integration).toMatchObject({ id: result.integrationId, environment: 'sandbox', baseUrl: 'sandbox:embedded', suspendBySubscriptionStatus: 1, description: 'Campsoft (Sandbox)', updatedBy: 'Ana (balcão 1)' });
    expect(result.products).toBe(await count('products'));
    expect(await count('products')).toBeGreaterThan(0);

    // S10 labels from the package number; S6 composition approved
    const packages = (await t.store.db.selectFrom('packages').selectAll().orderBy('id').execute()).map(packageOf);
    expect(packages.map((p) => p.label)).toEqual(packages.map((p) => generateLabel(p.name, p.id)));
    expect(packages.every((p) => p.compositionApproval?.by === 'Contador (demonstração)')).toBe(true);

    // S8/S11/S12: the plans and their defaults; every service got its plan's default packages
    const plans = await readPlans(t.store.db);
    expect(plans.map((p) => [p.name, p.lockPackages, p.defaultPackages.length])).toEqual([
      ['Fibra 100 Mega', false, 0],
      ['Fibra 300 Mega', false, 1],
      ['Fibra 600 Mega Combo', true, 2],
    ]);
    const services = await t.store.db.selectFrom('services').selectAll().execute();
    const byId = new Map(plans.map((p) => [p.id, p]));
    expect(result.links).toBe(services.reduce((n, s) => n + packagesOnNewService(byId.get(s.planId)!).length, 0));
    expect(await count('links')).toBe(result.links);
    expect(new Set(services.map((s) => s.status)).size).toBeGreaterThan(3);

    // valid documents (some 2026 alphanumeric CNPJs); S9: some customers not transmittable
    const customers = (await t.store.db.selectFrom('customers').selectAll().execute()).map(customerOf);
    expect(customers.every((c) => parseDocument(c.document).ok)).toBe(true);
    expect(customers.some((c) => /[A-Z]/.test(c.document))).toBe(true);
    expect(customers.filter((c) => transmittableProblems(c).length > 0).length).toBeGreaterThan(10);
    // searchable at once through the store's index
    const first = customers[0]!;
    const word = first.name.split(' ')[1]!;
    expect((await t.store.db.selectFrom('customers').select('id').where(containsFilter(t.store.engine, word)!).execute()).length).toBeGreaterThan(0);

    const events = await t.store.db.selectFrom('events').selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'demo.load', integrationId: result.integrationId, subject: `integracao:${result.integrationId}`, clerk: 'Ana (balcão 1)' });
    expect(events[0]!.message).toMatch(/^Dados de demonstração carregados: integração Campsoft \(Sandbox\), \d+ produtos, 4 pacotes, 3 planos, 200 clientes e \d+ serviços\.$/);
    expect(t.notices).toEqual([expect.arrayContaining(['integrations', 'products', 'packages', 'plans', 'customers', 'services', 'links', 'events'])]);
    expect(t.passes).toEqual([{ reason: 'import', integrationIds: [result.integrationId] }]);
  });

  it('is the same demo every time (seeded): two offices get the same customers', async () => {
    await t.ws.demo.load();
    const other = await openTestWorkspace();
    try {
      await other.ws.demo.load();
      const names = (w: TestWorkspace) => w.store.db.selectFrom('customers').select(['name', 'document']).orderBy('id').execute();
      expect(await names(other)).toEqual(await names(t));
    } finally {
      await other.close();
    }
  });

  it('refuses a store that already has customers and leaves the vault as it was', async () => {
    const first = await t.ws.demo.load();
    await expect(t.ws.demo.load()).rejects.toThrow('Já existem clientes cadastrados');
    expect(await count('integrations')).toBe(1);
    expect(t.vault.describe(first.integrationId)).toMatchObject({ configured: true });
  });

  it('writes nothing and drops the connection it saved when the sandbox cannot be read', async () => {
    const saved: string[] = [];
    const demo = createDemoService({
      db: t.store.db,
      mutate: t.mutate,
      sandbox: { credentials: { apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET } },
      integrations: {
        save: (id, draft) => (saved.push(id), t.integrations.save(id, draft)),
        delete: (id) => t.integrations.delete(id),
        fetchProducts: async () => {
          throw new AppError('NETWORK', 'Sem conexão com a plataforma. Verifique a internet e tente de novo.', { retryable: true });
        },
      },
    });
    await expect(demo.load()).rejects.toMatchObject({ code: 'NETWORK' });
    expect(saved).toHaveLength(1);
    expect(t.vault.describe(saved[0]!)).toMatchObject({ configured: false });
    for (const table of ['integrations', 'products', 'customers', 'events'] as const) expect(await count(table)).toBe(0);
    expect(t.notices).toEqual([]);
  });
});
