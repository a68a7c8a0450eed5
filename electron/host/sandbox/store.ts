/**
 * The in-memory state of the Campsoft sandbox: catalogue, subscribers and licences, with the
 * idempotency rules of CAMPSOFT_API.md. Pure data and rules; server.ts speaks HTTP around it.
 */

export type SandboxProduct = { code: string; name: string; description: string; status: 'active' | 'inactive' };

export type SandboxLicence = {
  label: string;
  product_code: string;
  status: 'active' | 'suspended' | 'canceled';
  working_until: string | null;
  updated_at: string;
};

export type SandboxSubscriberBody = {
  name: string;
  document: { type: 'cpf' | 'cnpj'; number: string };
  email: { data: string };
  phone: { ddi: string; ddd: string; number: string; mobile: boolean };
  login: string;
  password: string;
};

export type SandboxSubscriber = SandboxSubscriberBody & {
  contract_identifier: string;
  status: 'active';
  created_at: string;
  updated_at: string;
  licenses: Map<string, SandboxLicence>;
};

/** Thrown by the store; the server turns it into the Campsoft error envelope. */
export class SandboxError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorId: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const DEMO_PRODUCTS: readonly SandboxProduct[] = [
  { code: '1192001', name: 'Leitura Digital Premium', description: 'Acesso ilimitado a mais de 10 mil e-books.', status: 'active' },
  { code: '1192002', name: 'Biblioteca Infantil', description: 'Livros digitais ilustrados para crianças de 2 a 10 anos.', status: 'active' },
  { code: '1192003', name: 'Audiolivros Plus', description: 'Audiolivros narrados em português.', status: 'active' },
  { code: '1192004', name: 'Revistas Digitais', description: 'As principais revistas do país no celular.', status: 'active' },
  { code: '1192005', name: 'Idiomas Online', description: 'Cursos de inglês e espanhol com certificado.', status: 'active' },
  { code: '1192006', name: 'Antivírus Família (5 licenças)', description: 'Proteção para até 5 dispositivos.', status: 'active' },
  { code: '1192007', name: 'Leitura Digital Básico', description: 'Plano descontinuado.', status: 'inactive' },
];

export function generateProducts(count: number): SandboxProduct[] {
  const products: SandboxProduct[] = [];
  for (let i = 1; i <= count; i++) {
    const code = String(2_000_000 + i);
    products.push({ code, name: `Título Digital ${i}`, description: `Licença de leitura digital nº ${i}.`, status: 'active' });
  }
  // One inactive product keeps the status=active filter meaningful in benchmarks too.
  products.push({ code: '2999999', name: 'Título Digital Descontinuado', description: 'Fora de catálogo.', status: 'inactive' });
  return products;
}

export type SandboxCounters = {
  requests: Record<string, number>;
  /** API answers by HTTP status ("429": 3), to prove what a client actually met. */
  statuses: Record<string, number>;
  subscriberCreations: Record<string, number>;
  licenceCreations: Record<string, number>;
};

export type Page<T> = { data: T[]; meta: { page: number; per_page: number; total: number } };

export const SANDBOX_ISP = { isp_identifier: 123, name: 'Provedor Sandbox', created_at: '2024-01-15T12:00:00.000Z' };

/**
 * Every operation of the transmission path is O(1): subscribers are keyed by contract, and two
 * indexes (document number, lower-cased login → contract) answer the 409 checks of an upsert and the
 * login check without scanning every subscriber. The indexes change only here, with the subscriber.
 */
export class SandboxStore {
  products: SandboxProduct[];
  private readonly byContract = new Map<string, SandboxSubscriber>();
  /** Read-only view: writes go through upsertSubscriber so the indexes stay true. */
  readonly subscribers: ReadonlyMap<string, SandboxSubscriber> = this.byContract;
  private readonly contractByDocument = new Map<string, string>();
  private readonly contractByLogin = new Map<string, string>();
  /** Licences whose status is active, kept as they change (GET /isps, stats). */
  private activeCount = 0;
  private productIndex: { of: SandboxProduct[]; length: number; byCode: Map<string, SandboxProduct> } | undefined;
  counters: SandboxCounters = { requests: {}, statuses: {}, subscriberCreations: {}, licenceCreations: {} };
  private lastStamp = 0;

  constructor(
    private readonly initialProducts: SandboxProduct[],
    private readonly now: () => number = Date.now,
  ) {
    this.products = initialProducts.map((p) => ({ ...p }));
  }

  reset(): void {
    this.products = this.initialProducts.map((p) => ({ ...p }));
    this.byContract.clear();
    this.contractByDocument.clear();
    this.contractByLogin.clear();
    this.activeCount = 0;
    this.counters = { requests: {}, statuses: {}, subscriberCreations: {}, licenceCreations: {} };
  }

  /** Strictly increasing timestamps, so updated_since never misses two writes in one millisecond. */
  private stamp(): string {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  countRequest(endpoint: string): void {
    this.counters.requests[endpoint] = (this.counters.requests[endpoint] ?? 0) + 1;
  }

  countStatus(status: number): void {
    this.counters.statuses[status] = (this.counters.statuses[status] ?? 0) + 1;
  }

  activeLicences(): number {
    return this.activeCount;
  }

  /** The product of a code; the index follows `products` if it is replaced or grows. */
  private product(code: string): SandboxProduct | undefined {
    const products = this.products;
    if (!this.productIndex || this.productIndex.of !== products || this.productIndex.length !== products.length) {
      const byCode = new Map<string, SandboxProduct>();
      for (const p of products) if (!byCode.has(p.code)) byCode.set(p.code, p);
      this.productIndex = { of: products, length: products.length, byCode };
    }
    return this.productIndex.byCode.get(code);
  }

  productName(code: string): string | undefined {
    return this.product(code)?.name;
  }

  listProducts(status: string | undefined, page: number, perPage: number): Page<SandboxProduct> {
    const all = status ? this.products.filter((p) => p.status === status) : this.products;
    return paginate(all, page, perPage);
  }

  upsertSubscriber(contractIdentifier: string, body: SandboxSubscriberBody): { created: boolean; subscriber: SandboxSubscriber } {
    const login = body.login.toLowerCase();
    const documentOwner = this.contractByDocument.get(body.document.number);
    if (documentOwner !== undefined && documentOwner !== contractIdentifier) {
      throw new SandboxError(409, 'CONFLICT', 'Este CPF/CNPJ já está vinculado a outro contrato.');
    }
    const loginOwner = this.contractByLogin.get(login);
    if (loginOwner !== undefined && loginOwner !== contractIdentifier) {
      throw new SandboxError(409, 'CONFLICT', 'Este login já está vinculado a outro contrato.');
    }
    const existing = this.byContract.get(contractIdentifier);
    const at = this.stamp();
    if (existing) {
      // Only this contract held its old document and login (the checks above keep them unique).
      if (this.contractByDocument.get(existing.document.number) === contractIdentifier) this.contractByDocument.delete(existing.document.number);
      const oldLogin = existing.login.toLowerCase();
      if (this.contractByLogin.get(oldLogin) === contractIdentifier) this.contractByLogin.delete(oldLogin);
      Object.assign(existing, body, { updated_at: at });
      this.contractByDocument.set(body.document.number, contractIdentifier);
      this.contractByLogin.set(login, contractIdentifier);
      return { created: false, subscriber: existing };
    }
    const subscriber: SandboxSubscriber = {
      ...body,
      contract_identifier: contractIdentifier,
      status: 'active',
      created_at: at,
      updated_at: at,
      licenses: new Map(),
    };
    this.byContract.set(contractIdentifier, subscriber);
    this.contractByDocument.set(body.document.number, contractIdentifier);
    this.contractByLogin.set(login, contractIdentifier);
    this.counters.subscriberCreations[contractIdentifier] = (this.counters.subscriberCreations[contractIdentifier] ?? 0) + 1;
    return { created: true, subscriber };
  }

  getSubscriber(contractIdentifier: string): SandboxSubscriber {
    const s = this.byContract.get(contractIdentifier);
    if (!s) throw new SandboxError(404, 'NOT_FOUND', 'Assinante não encontrado para este contrato.');
    return s;
  }

  listSubscribers(updatedSince: number | undefined, page: number, perPage: number): Page<SandboxSubscriber> {
    const all = [...this.byContract.values()]
      .filter((s) => updatedSince === undefined || Date.parse(s.updated_at) >= updatedSince)
      .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.contract_identifier.localeCompare(b.contract_identifier));
    return paginate(all, page, perPage);
  }

  grantLicence(contractIdentifier: string, label: string, productCode: string): { created: boolean; licence: SandboxLicence } {
    const subscriber = this.getSubscriber(contractIdentifier);
    const product = this.product(productCode);
    if (!product) throw new SandboxError(404, 'NOT_FOUND', 'Produto não encontrado no catálogo.');
    if (product.status !== 'active') throw new SandboxError(403, 'FORBIDDEN', 'Produto não contratado por este provedor.');
    const existing = subscriber.licenses.get(label);
    if (existing && existing.status !== 'canceled') {
      if (existing.product_code !== productCode) {
        throw new SandboxError(409, 'CONFLICT', `A label ${label} já está vinculada a outro produto neste contrato.`);
      }
      return { created: false, licence: existing };
    }
    const at = this.stamp();
    const licence: SandboxLicence = { label, product_code: productCode, status: 'active', working_until: null, updated_at: at };
    subscriber.licenses.set(label, licence);
    this.activeCount++;
    subscriber.updated_at = at;
    const key = `${contractIdentifier}/${label}`;
    this.counters.licenceCreations[key] = (this.counters.licenceCreations[key] ?? 0) + 1;
    return { created: true, licence };
  }

  private liveLicence(contractIdentifier: string, label: string): { subscriber: SandboxSubscriber; licence: SandboxLicence } {
    const subscriber = this.getSubscriber(contractIdentifier);
    const licence = subscriber.licenses.get(label);
    if (!licence || licence.status === 'canceled') throw new SandboxError(404, 'NOT_FOUND', 'Licença não encontrada para esta label.');
    return { subscriber, licence };
  }

  setLicenceStatus(contractIdentifier: string, label: string, status: 'active' | 'suspended'): SandboxLicence {
    const { subscriber, licence } = this.liveLicence(contractIdentifier, label);
    if (licence.status !== status) {
      this.activeCount += status === 'active' ? 1 : -1;
      licence.status = status;
      licence.updated_at = subscriber.updated_at = this.stamp();
    }
    return licence;
  }

  /** A cancelled licence stays visible (status canceled) so reconciliation sees it go. */
  cancelLicence(contractIdentifier: string, label: string): { wasCanceled: boolean } {
    const subscriber = this.getSubscriber(contractIdentifier);
    const licence = subscriber.licenses.get(label);
    if (!licence) throw new SandboxError(404, 'NOT_FOUND', 'Licença não encontrada para esta label.');
    if (licence.status === 'canceled') return { wasCanceled: true };
    if (licence.status === 'active') this.activeCount--;
    licence.status = 'canceled';
    licence.working_until = licence.updated_at = subscriber.updated_at = this.stamp();
    return { wasCanceled: false };
  }

  checkLogin(login: string, password: string): SandboxSubscriber {
    const contract = this.contractByLogin.get(login.toLowerCase());
    const s = contract === undefined ? undefined : this.byContract.get(contract);
    if (s && s.password === password) return s;
    throw new SandboxError(401, 'UNAUTHORIZED', 'Login ou senha inválidos.');
  }
}

function paginate<T>(all: T[], page: number, perPage: number): Page<T> {
  const start = (page - 1) * perPage;
  return { data: all.slice(start, start + perPage), meta: { page, per_page: perPage, total: all.length } };
}
