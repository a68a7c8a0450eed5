/**
 * The demo office (Painel › Carregar dados de demonstração): a Campsoft integration on the built-in
 * sandbox, four packages (S5, S6 composition approved), three plans (S8/S11 defaults, S12 locked)
 * and ~200 customers with services in mixed statuses, some without e-mail or phone (S9). Seeded:
 * the same demo every time, so screenshots and support calls match. Pure: whoever writes it (the
 * host's store, or the renderer's database before it) resolves the references by position.
 */
import type { CompositionItem, Customer, PackageKind, ServiceStatus } from './model';
import { parseDocument } from './document';
import { parsePhone } from './phone';
import { defaultStatusMap } from './status';
import { foldName } from './text';

export const DEMO_CUSTOMERS = 200;
export const DEMO_INTEGRATION = {
  platform: 'campsoft',
  description: 'Campsoft (Sandbox)',
  environment: 'sandbox',
  baseUrl: 'sandbox:embedded',
  active: true,
  suspendBySubscriptionStatus: true,
  statusMap: defaultStatusMap,
} as const;
export const DEMO_APPROVER = 'Contador (demonstração)';

export type DemoPackage = { name: string; description: string; productCode: string; kind: PackageKind; priceCents: number; composition: CompositionItem[] };
/** `packageIndex` is the position in `packages`. */
export type DemoPlan = { name: string; priceCents: number; lockPackages: boolean; defaultPackages: { packageIndex: number; mandatory: boolean }[] };
export type DemoCustomer = Omit<Customer, 'id' | 'createdAt' | 'updatedAt'>;
/** `customerIndex` / `planIndex`: positions in `customers` / `plans`; `id` is the id_cliente_servico. */
export type DemoService = { id: string; customerIndex: number; planIndex: number; status: ServiceStatus };
export type DemoWorkspace = { packages: DemoPackage[]; plans: DemoPlan[]; customers: DemoCustomer[]; services: DemoService[] };

// A small seeded generator (mulberry32).
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

/** A valid document: the check digits are the ones parseDocument accepts (tried, not recomputed here). */
function completeDocument(base: string): string {
  for (let d = 0; d < 100; d++) {
    const candidate = base + String(d).padStart(2, '0');
    if (parseDocument(candidate).ok) return candidate;
  }
  throw new Error(`Sem dígito verificador para ${base}`);
}

const firstNames = ['Ana', 'João', 'Maria', 'José', 'Francisca', 'Antônio', 'Adriana', 'Carlos', 'Juliana', 'Paulo', 'Márcia', 'Lucas', 'Patrícia', 'Luiz', 'Aline', 'Gabriel', 'Sebastião', 'Fernanda', 'Raimundo', 'Conceição', 'Thiago', 'Letícia', 'Rafael', 'Cláudia'];
const lastNames = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Ribeiro', 'Carvalho', 'Araújo', 'Gonçalves', 'Magalhães', 'Simões', 'Conceição', 'Nascimento'];
const companies = ['Padaria Pão Dourado', 'Mercadinho São José', 'Oficina Irmãos Araújo', 'Farmácia Vida', 'Escritório Contábil Progresso', 'Pousada Recanto Verde', 'Auto Peças Estrela', 'Clínica Sorriso'];
const ddds = ['11', '19', '21', '27', '31', '41', '47', '51', '61', '62', '71', '81', '85', '91'];

/** The demo on the sandbox's active products (codes in the platform's order). */
export function demoWorkspace(activeProductCodes: readonly string[]): DemoWorkspace {
  if (activeProductCodes.length === 0) throw new Error('sem produtos ativos');
  const product = (i: number) => activeProductCodes[i % activeProductCodes.length]!;
  const rnd = random(2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

  const packages: DemoPackage[] = [
    { name: 'Leitura Digital (benefício)', description: '', productCode: product(0), kind: 'beneficio', priceCents: 0, composition: [] },
    {
      name: 'Biblioteca Infantil',
      description: '',
      productCode: product(1),
      kind: 'avulso',
      priceCents: 1490,
      composition: [{ description: 'Licença de leitura digital infantil', fiscalKind: 'SVA', amountCents: 1490 }],
    },
    {
      name: 'Combo Fibra + Audiolivros',
      description: '',
      productCode: product(2),
      kind: 'combo',
      priceCents: 2990,
      composition: [
        { description: 'Licença de audiolivros', fiscalKind: 'SVA', amountCents: 990 },
        { description: 'Parcela de conexão (SCM)', fiscalKind: 'SCM', amountCents: 2000 },
      ],
    },
    { name: 'Revistas Digitais', description: '', productCode: product(3), kind: 'avulso', priceCents: 990, composition: [{ description: 'Acesso a revistas digitais', fiscalKind: 'SVA', amountCents: 990 }] },
  ];

  const plans: DemoPlan[] = [
    // S11: a mandatory default package
    { name: 'Fibra 300 Mega', priceCents: 9990, defaultPackages: [{ packageIndex: 0, mandatory: true }], lockPackages: false },
    // S12: Travar Pacotes — only its own packages may be linked
    {
      name: 'Fibra 600 Mega Combo',
      priceCents: 14990,
      defaultPackages: [
        { packageIndex: 2, mandatory: true },
        { packageIndex: 1, mandatory: false },
      ],
      lockPackages: true,
    },
    { name: 'Fibra 100 Mega', priceCents: 7990, defaultPackages: [], lockPackages: false },
  ];

  const customers: DemoCustomer[] = [];
  for (let i = 0; i < DEMO_CUSTOMERS; i++) {
    const company = i % 12 === 11;
    const name = company ? `${pick(companies)} ${['Ltda', 'ME', 'EIRELI'][i % 3]}` : `${pick(firstNames)} ${pick(lastNames)} ${pick(lastNames)}`;
    // every 24th company gets a 2026 alphanumeric CNPJ
    const document = company ? completeDocument(i % 24 === 23 ? `${digits(2)}ABC${digits(3)}0001`.slice(0, 12) : `${digits(8)}0001`) : completeDocument(digits(9));
    // S9: some customers lack an e-mail or a phone, so the demo shows who is not transmitted and why
    const emails = i % 9 === 4 ? [] : [`${foldName(name).replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')}${i}@exemplo.com.br`];
    const phone = parsePhone(`(${pick(ddds)}) 9${digits(4)}-${digits(4)}`);
    const phones = i % 13 === 6 || !phone.ok ? [] : [phone.phone];
    customers.push({ code: String(1000 + i), name, documentType: company ? 'cnpj' : 'cpf', document, emails, phones });
  }

  const services: DemoService[] = [];
  customers.forEach((_, i) => {
    const perCustomer = i % 10 === 3 ? 2 : 1;
    for (let k = 0; k < perCustomer; k++) {
      const r = rnd();
      const status: ServiceStatus = r < 0.72 ? 'servico_habilitado' : r < 0.86 ? 'suspenso_debito' : r < 0.9 ? 'suspenso_parcialmente' : r < 0.95 ? 'cancelado' : 'aguardando_instalacao';
      services.push({ id: String(20000 + services.length), customerIndex: i, planIndex: (i + k) % plans.length, status });
    }
  });
  return { packages, plans, customers, services };
}
