import { defaultStatusMap, type Integration, type Package, type Product, type StatusMap } from '../../../shared/domain';
import { db } from '../../../renderer/db/db';

const at = '2026-03-02T12:00:00.000Z';

export async function seedIntegration(products: { code: string; name: string; status?: Product['status'] }[] = []) {
  const integration: Integration = {
    id: 'int-1',
    platform: 'campsoft',
    description: 'Campsoft Sandbox',
    environment: 'sandbox',
    baseUrl: 'sandbox:embedded',
    active: true,
    suspendBySubscriptionStatus: true,
    statusMap: { ...defaultStatusMap } as StatusMap,
    createdAt: at,
    updatedAt: at,
  };
  await db.integrations.add(integration);
  await db.products.bulkAdd(
    products.map((p) => ({ id: `int-1:${p.code}`, integrationId: 'int-1', code: p.code, name: p.name, description: '', status: p.status ?? 'active', syncedAt: at })),
  );
  return integration;
}

export async function seedPackage(patch: Partial<Package> = {}): Promise<Package> {
  const row = {
    name: 'Leitura',
    description: '',
    kind: 'avulso' as const,
    priceCents: 1990,
    composition: [{ description: 'Licença de leitura', fiscalKind: 'SVA' as const, amountCents: 1990 }],
    integrationId: 'int-1',
    productCode: '101',
    label: 'campsoft-leitura-1',
    active: true,
    createdAt: at,
    updatedAt: at,
    ...patch,
  };
  const id = (await db.packages.add(row as Package)) as number;
  return { ...row, id };
}
