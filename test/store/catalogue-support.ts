/**
 * The catalogue services on a real store, with the real vault side (electron/host/integrations.ts:
 * development-cipher vault in a temp folder) and, where the platform is needed, a real sandbox over
 * HTTP. Nothing here is a mock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedSandbox } from '../../electron/host/embedded-sandbox';
import { createIntegrationService } from '../../electron/host/integrations';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox, type SandboxProduct } from '../../electron/host/sandbox';
import { createIntegrationRecordService } from '../../electron/host/services/integrations';
import { createPackageService } from '../../electron/host/services/packages';
import { createPlanService } from '../../electron/host/services/plans';
import { createDevelopmentCipher, createVault } from '../../electron/host/vault';
import { localVault } from '../../electron/host/vault-port';
import type { ConnectionDraft } from '../../shared/contract';
import { customerRow, linkRow, serviceRow } from '../../electron/host/store/rows';
import { openTestStore, type TestStore } from './support';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type Catalogue = {
  t: TestStore;
  integrations: ReturnType<typeof createIntegrationRecordService>;
  packages: ReturnType<typeof createPackageService>;
  plans: ReturnType<typeof createPlanService>;
  close(): Promise<void>;
};

export async function openCatalogue(): Promise<Catalogue> {
  const t = await openTestStore();
  const dir = mkdtempSync(join(tmpdir(), 'sva-catalogue-vault-'));
  const vault = createVault({ dataDir: dir, cipher: createDevelopmentCipher(dir) });
  const sandbox = createEmbeddedSandbox({ latencyMs: 0, jitterMs: 0 });
  const connections = createIntegrationService({ vault: localVault(vault), sandbox, watch: { report: () => undefined, forget: () => undefined }, emit: () => undefined, logger: silent, clock: t.clock });
  return {
    t,
    integrations: createIntegrationRecordService({ db: t.store.db, mutate: t.mutate, connections }),
    packages: createPackageService({ db: t.store.db, mutate: t.mutate }),
    plans: createPlanService({ db: t.store.db, mutate: t.mutate }),
    async close() {
      await sandbox.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The embedded sandbox's demo pair: saving it needs no network. */
export const sandboxDraft: ConnectionDraft = { environment: 'sandbox', apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET };

/** A sandbox of our own, reached as a "Personalizado" address (http on loopback), so a test can change its catalogue. */
export async function ownSandbox(products: SandboxProduct[]): Promise<{ sandbox: Sandbox; draft: ConnectionDraft }> {
  const sandbox = await startSandbox({ products, latencyMs: 0, jitterMs: 0 });
  return { sandbox, draft: { environment: 'custom', customUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET } };
}

export const product = (code: string, name = `Produto ${code}`, status: 'active' | 'inactive' = 'active'): SandboxProduct => ({ code, name, description: `Descrição ${code}`, status });

/** Products straight into the catalogue (what a sync would have stored), for tests that do not need the platform. */
export async function seedProducts(t: TestStore, integrationId: string, rows: { code: string; name?: string; status?: 'active' | 'inactive' }[]) {
  await t.store.db
    .insertInto('products')
    .values(rows.map((r) => ({ id: `${integrationId}:${r.code}`, integrationId, code: r.code, name: r.name ?? `Produto ${r.code}`, description: '', status: r.status ?? 'active', syncedAt: '2026-12-01T00:00:00.000Z' })))
    .execute();
}

/** A customer with one service on `planId` and the package linked to it (another domain's rows, written as its service will). */
export async function seedLink(t: TestStore, opts: { planId: number; packageId: number; serviceId: string; document: string; removed?: boolean }) {
  const at = '2026-12-01T00:00:00.000Z';
  const customer = await t.store.db
    .insertInto('customers')
    .values({ ...customerRow({ name: `Cliente ${opts.serviceId}`, documentType: 'cpf', document: opts.document, emails: [], phones: [], createdAt: at, updatedAt: at }), updatedBy: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.store.db
    .insertInto('services')
    .values({ ...serviceRow({ id: opts.serviceId, customerId: customer.id, planId: opts.planId, status: 'servico_habilitado', createdAt: at, updatedAt: at }), updatedBy: null })
    .execute();
  await t.store.db
    .insertInto('links')
    .values({
      ...linkRow({ id: `link-${opts.serviceId}`, serviceId: opts.serviceId, packageId: opts.packageId, observed: { state: 'none' }, ...(opts.removed && { removedAt: at }), createdAt: at, updatedAt: at }),
      updatedBy: null,
    })
    .execute();
}
