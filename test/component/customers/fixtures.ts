/** A small catalogue (integration, products, packages, plans) seeded straight into Dexie for the customer screens. */
import { defaultStatusMap, type Integration, type Package, type Plan } from '../../../shared/domain';
import { db } from '../../../renderer/db/db';
import { saveCustomer } from '../../../renderer/features/customers/repository';
import { CustomerForm, type CustomerFormInput } from '../../../shared/domain';

const at = '2026-03-02T09:00:00.000-03:00';

export const integration: Integration = {
  id: 'int-1',
  platform: 'campsoft',
  description: 'Campsoft produção',
  environment: 'sandbox',
  baseUrl: 'http://127.0.0.1:1',
  active: true,
  suspendBySubscriptionStatus: true,
  statusMap: defaultStatusMap,
  createdAt: at,
  updatedAt: at,
};

const pkg = (id: number, name: string, label: string, extra: Partial<Package> = {}): Package => ({
  id,
  name,
  description: '',
  kind: 'avulso',
  priceCents: 990 + id,
  composition: [{ description: name, fiscalKind: 'SVA', amountCents: 990 + id }],
  integrationId: 'int-1',
  productCode: `P${id}`,
  label,
  active: true,
  createdAt: at,
  updatedAt: at,
  ...extra,
});

export const leitura = pkg(1, 'Leitura Digital', 'campsoft-leitura-digital-1');
export const kids = pkg(2, 'Kids Livros', 'campsoft-kids-livros-2');
export const cursos = pkg(3, 'Cursos Online', 'campsoft-cursos-online-3');

const plan = (id: number, name: string, extra: Partial<Plan>): Plan => ({
  id,
  name,
  priceCents: 9990,
  defaultPackages: [],
  lockPackages: false,
  active: true,
  createdAt: at,
  updatedAt: at,
  ...extra,
});

/** S11: Leitura mandatory, Kids optional; not locked. */
export const fibra300 = plan(1, 'Fibra 300', { defaultPackages: [{ packageId: 1, mandatory: true }, { packageId: 2, mandatory: false }] });
/** S12: locked, only Cursos. */
export const fibraTravada = plan(2, 'Fibra 500 Travado', { lockPackages: true, defaultPackages: [{ packageId: 3, mandatory: false }] });
export const fibraLivre = plan(3, 'Fibra 100', {});

export async function clearAll() {
  await Promise.all(db.tables.map((t) => t.clear()));
}

export async function seedCatalogue() {
  await db.integrations.put(integration);
  await db.packages.bulkPut([leitura, kids, cursos]);
  await db.plans.bulkPut([fibra300, fibraTravada, fibraLivre]);
}

export const maria: CustomerFormInput = {
  name: 'Maria José da Silva',
  document: '529.982.247-25',
  emails: ['maria@exemplo.com.br'],
  phones: ['(11) 91234-5678'],
};

export async function addCustomer(input: CustomerFormInput = maria): Promise<number> {
  return saveCustomer(CustomerForm.parse(input));
}
