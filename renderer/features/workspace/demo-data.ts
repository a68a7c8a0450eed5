/**
 * Demo data for an empty workspace: a Sandbox integration (built-in Campsoft sandbox), its products,
 * packages, plans and ~200 customers with services in mixed statuses. The network calls come first;
 * then everything is written in one transaction with one history event.
 */
import { call } from '../../bridge';
import { db, type CustomerRow } from '../../db/db';
import { recordEvent } from '../../db/history';
import { newId } from '../../ui/format';
import {
  defaultStatusMap,
  generateLabel,
  packagesOnNewService,
  parseDocument,
  parsePhone,
  productId,
  type CompositionItem,
  type Link,
  type PackageKind,
  type Service,
  type ServiceStatus,
} from '../../../shared/domain';
import { nameSearchKey, withSearchKeys } from '../../db/search-keys';
import { notifyDesiredStateChanged } from '../customers/changes';

export const DEMO_CUSTOMERS = 200;

export class DemoDataError extends Error {}

// A small seeded generator: the same demo every time, so screenshots and support calls match.
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid document: the check digits are the ones shared/domain accepts (tried, not recomputed here). */
function completeDocument(base: string): string {
  for (let d = 0; d < 100; d++) {
    const candidate = base + String(d).padStart(2, '0');
    if (parseDocument(candidate).ok) return candidate;
  }
  throw new DemoDataError(`Sem dígito verificador para ${base}`);
}

const firstNames = ['Ana', 'João', 'Maria', 'José', 'Francisca', 'Antônio', 'Adriana', 'Carlos', 'Juliana', 'Paulo', 'Márcia', 'Lucas', 'Patrícia', 'Luiz', 'Aline', 'Gabriel', 'Sebastião', 'Fernanda', 'Raimundo', 'Conceição', 'Thiago', 'Letícia', 'Rafael', 'Cláudia'];
const lastNames = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Ribeiro', 'Carvalho', 'Araújo', 'Gonçalves', 'Magalhães', 'Simões', 'Conceição', 'Nascimento'];
const companies = ['Padaria Pão Dourado', 'Mercadinho São José', 'Oficina Irmãos Araújo', 'Farmácia Vida', 'Escritório Contábil Progresso', 'Pousada Recanto Verde', 'Auto Peças Estrela', 'Clínica Sorriso'];
const ddds = ['11', '19', '21', '27', '31', '41', '47', '51', '61', '62', '71', '81', '85', '91'];

type DemoPackage = { name: string; productCode: string; kind: PackageKind; priceCents: number; composition: CompositionItem[] };

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
  const product = (i: number) => active[i % active.length].code;

  const now = new Date().toISOString();
  const rnd = random(2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

  const demoPackages: DemoPackage[] = [
    { name: 'Leitura Digital (benefício)', productCode: product(0), kind: 'beneficio', priceCents: 0, composition: [] },
    {
      name: 'Biblioteca Infantil',
      productCode: product(1),
      kind: 'avulso',
      priceCents: 1490,
      composition: [{ description: 'Licença de leitura digital infantil', fiscalKind: 'SVA', amountCents: 1490 }],
    },
    {
      name: 'Combo Fibra + Audiolivros',
      productCode: product(2),
      kind: 'combo',
      priceCents: 2990,
      composition: [
        { description: 'Licença de audiolivros', fiscalKind: 'SVA', amountCents: 990 },
        { description: 'Parcela de conexão (SCM)', fiscalKind: 'SCM', amountCents: 2000 },
      ],
    },
    { name: 'Revistas Digitais', productCode: product(3), kind: 'avulso', priceCents: 990, composition: [{ description: 'Acesso a revistas digitais', fiscalKind: 'SVA', amountCents: 990 }] },
  ];

  const write = () => db.transaction('rw', [db.integrations, db.products, db.packages, db.plans, db.customers, db.services, db.links, db.events], async () => {
    // Checked again inside the transaction: nothing may have arrived since the first look.
    if ((await db.customers.count()) > 0) throw refuse();

    await db.integrations.add({
      id: integrationId,
      platform: 'campsoft',
      description: 'Campsoft (Sandbox)',
      environment: 'sandbox',
      baseUrl: 'sandbox:embedded',
      active: true,
      suspendBySubscriptionStatus: true,
      statusMap: defaultStatusMap,
      lastSyncAt: fetched.data.fetchedAt,
      createdAt: now,
      updatedAt: now,
    });
    await db.products.bulkAdd(
      fetched.data.products.map((p) => ({ id: productId(integrationId, p.code), integrationId, code: p.code, name: p.name, description: p.description, status: p.status, syncedAt: fetched.data.fetchedAt })),
    );

    const packageIds: number[] = [];
    for (const p of demoPackages) {
      // S10: the label needs the package number, known only once the row exists.
      const id = (await db.packages.add({ ...p, description: '', integrationId, label: `demo-${newId()}`, active: true, createdAt: now, updatedAt: now })) as number;
      await db.packages.update(id, { label: generateLabel(p.name, id) });
      packageIds.push(id);
    }
    const approval = { by: 'Contador (demonstração)', at: now };
    await db.packages.where('id').anyOf(packageIds).modify({ compositionApproval: approval });

    const planIds = [
      // S11: a mandatory default package
      (await db.plans.add({ name: 'Fibra 300 Mega', priceCents: 9990, defaultPackages: [{ packageId: packageIds[0], mandatory: true }], lockPackages: false, active: true, createdAt: now, updatedAt: now })) as number,
      // S12: Travar Pacotes — only its own packages may be linked
      (await db.plans.add({
        name: 'Fibra 600 Mega Combo',
        priceCents: 14990,
        defaultPackages: [
          { packageId: packageIds[2], mandatory: true },
          { packageId: packageIds[1], mandatory: false },
        ],
        lockPackages: true,
        active: true,
        createdAt: now,
        updatedAt: now,
      })) as number,
      (await db.plans.add({ name: 'Fibra 100 Mega', priceCents: 7990, defaultPackages: [], lockPackages: false, active: true, createdAt: now, updatedAt: now })) as number,
    ];
    const plans = await db.plans.bulkGet(planIds);

    const customers: Omit<CustomerRow, 'id'>[] = [];
    for (let i = 0; i < DEMO_CUSTOMERS; i++) {
      const company = i % 12 === 11;
      const name = company ? `${pick(companies)} ${['Ltda', 'ME', 'EIRELI'][i % 3]}` : `${pick(firstNames)} ${pick(lastNames)} ${pick(lastNames)}`;
      // every 24th company gets a 2026 alphanumeric CNPJ
      const document = company ? completeDocument(i % 24 === 23 ? `${digits(2)}ABC${digits(3)}0001`.slice(0, 12) : `${digits(8)}0001`) : completeDocument(digits(9));
      const emails = i % 9 === 4 ? [] : [`${nameSearchKey(name).replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')}${i}@exemplo.com.br`];
      const phone = parsePhone(`(${pick(ddds)}) 9${digits(4)}-${digits(4)}`);
      const phones = i % 13 === 6 || !phone.ok ? [] : [phone.phone];
      customers.push(withSearchKeys({ code: String(1000 + i), name, documentType: company ? 'cnpj' : 'cpf', document, emails, phones, createdAt: now, updatedAt: now }));
    }
    const customerIds = (await db.customers.bulkAdd(customers, { allKeys: true })) as number[];

    const services: Service[] = [];
    const links: Link[] = [];
    customerIds.forEach((customerId, i) => {
      const count = i % 10 === 3 ? 2 : 1;
      for (let k = 0; k < count; k++) {
        const r = rnd();
        const status: ServiceStatus = r < 0.72 ? 'servico_habilitado' : r < 0.86 ? 'suspenso_debito' : r < 0.9 ? 'suspenso_parcialmente' : r < 0.95 ? 'cancelado' : 'aguardando_instalacao';
        const plan = plans[(i + k) % plans.length]!;
        const id = String(20000 + services.length);
        services.push({ id, customerId, planId: plan.id, status, createdAt: now, updatedAt: now });
        // S8: the plan's default packages come with the service
        for (const d of packagesOnNewService(plan)) {
          links.push({ id: newId(), serviceId: id, packageId: d.packageId, observed: { state: 'none' }, createdAt: now, updatedAt: now });
        }
      }
    });
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
