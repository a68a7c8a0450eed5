import { customer, integration, link, pkg, product, service, T0 } from '../../fixtures/office';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Customer, Integration, Link, ObservedState, Package, Product, Service, ServiceStatus } from '../../../shared/domain/model';
import { LinkPlan, OperationResult, type Operation, type PlatformLicenceState, type Subscriber } from '../../../shared/domain/operation';
import { applyBlocked, applyResult, clearBlocked, markInFlight, planReconcile, type ReconcileInput } from '../../../shared/domain/planner';
import { defaultStatusMap, desiredLicenceState } from '../../../shared/domain/status';
import { linkKey } from '../../../shared/domain/defaults';
import { ServiceStatus as ServiceStatusSchema } from '../../../shared/domain/model';

// ---------------------------------------------------------------- a small office

type World = {
  integrations: Integration[];
  credentials: Set<string>;
  products: Product[];
  packages: Package[];
  customers: Customer[];
  services: Service[];
  links: Link[];
};

/** One customer, one service, one package on product 1001, one link never transmitted. */
function office(status: ServiceStatus = 'servico_habilitado'): World {
  return {
    integrations: [integration()],
    credentials: new Set(['camp']),
    products: [product('1001'), product('1002')],
    packages: [pkg(1, '1001'), pkg(2, '1002')],
    customers: [customer(1)],
    services: [service('4521', 1, status)],
    links: [link('L1', '4521', 1)],
  };
}

function input(w: World): ReconcileInput {
  return { ...w, hasCredentials: (id) => w.credentials.has(id) };
}

const plan = (w: World) => planReconcile(input(w));
const kindsOf = (w: World, linkId = 'L1') => plan(w).plans.find((p) => p.linkId === linkId)?.steps.map((s) => s.kind) ?? [];

function setStatus(w: World, serviceId: string, status: ServiceStatus, at = T0): void {
  w.services = w.services.map((s) => (s.id === serviceId ? { ...s, status, updatedAt: at } : s));
}

function setCustomer(w: World, id: number, over: Partial<Customer>): void {
  w.customers = w.customers.map((c) => (c.id === id ? { ...c, ...over } : c));
}

function setLink(w: World, id: string, over: Partial<Link>): void {
  w.links = w.links.map((l) => (l.id === id ? { ...l, ...over } : l));
}

// ---------------------------------------------------------------- a fake Campsoft and executor

type Licence = { product: string; status: 'active' | 'suspended' | 'canceled' };

/** The contract of CAMPSOFT_API.md "Subscribers, contracts and licences", in memory. */
class FakePlatform {
  subscribers = new Map<string, { body: Subscriber; licences: Map<string, Licence> }>();

  run(op: Operation, at: string): OperationResult {
    const head = { key: op.key, linkId: op.linkId, kind: op.kind, last: op.last, at };
    const fail = (code: string, message: string): OperationResult => ({ ...head, ok: false, error: { code, message, retryable: false } });
    const ok = (observedState: PlatformLicenceState): OperationResult => ({ ...head, ok: true, observedState, sentHash: op.hash });
    const sub = this.subscribers.get(op.contractIdentifier);
    const lic = sub?.licences.get(op.label);
    switch (op.kind) {
      case 'upsert_subscriber': {
        const licences = sub?.licences ?? new Map<string, Licence>();
        this.subscribers.set(op.contractIdentifier, { body: structuredClone(op.subscriber), licences });
        return ok(licences.get(op.label)?.status ?? 'none');
      }
      case 'grant': {
        if (sub === undefined) return fail('NOT_FOUND', 'Assinante não encontrado');
        if (lic !== undefined && lic.status !== 'canceled') {
          if (lic.product !== op.productCode) return fail('CONFLICT', 'Label já usado por outro produto');
          return ok(lic.status);
        }
        sub.licences.set(op.label, { product: op.productCode, status: 'active' });
        return ok('active');
      }
      case 'suspend':
        if (lic === undefined || lic.status === 'canceled') return ok('none');
        lic.status = 'suspended';
        return ok('suspended');
      case 'reenable':
        if (lic === undefined || lic.status === 'canceled') return fail('NOT_FOUND', 'Licença não encontrada');
        lic.status = 'active';
        return ok('active');
      case 'cancel':
        if (lic !== undefined) lic.status = 'canceled';
        return ok('canceled');
    }
  }

  /** What the customer can use: active licences with their product, and the data of their subscriber. */
  usable(): Map<string, string> {
    const view = new Map<string, string>();
    for (const [contract, sub] of this.subscribers) {
      for (const [label, lic] of sub.licences) {
        if (lic.status === 'active') view.set(`${contract}/${label}`, `${lic.product} ${sub.body.email} ${sub.body.password}`);
      }
    }
    return view;
  }
}

type Faults = {
  /** the platform refuses this step (the link's run stops there) */
  fails?: (op: Operation) => boolean;
  /** the app dies after the platform did this step, before its result is recorded */
  dies?: (op: Operation) => boolean;
};

let clock = 0;
const tick = () => new Date(Date.UTC(2026, 0, 6) + ++clock * 1000).toISOString();

/** One transmission pass, as the renderer and the executor do it together. */
function pass(w: World, platform: FakePlatform, faults: Faults = {}): ReturnType<typeof planReconcile> {
  const result = plan(w);
  const observed = new Map(w.links.map((l) => [l.id, l.observed]));
  for (const b of result.blocked) observed.set(b.linkId, applyBlocked({ observed: observed.get(b.linkId)! }, b.reason));
  for (const id of result.unblocked) observed.set(id, clearBlocked({ observed: observed.get(id)! }));
  for (const a of result.adopted) observed.set(a.linkId, a.observed);
  for (const p of result.plans) observed.set(p.linkId, markInFlight({ observed: observed.get(p.linkId)! }));
  for (const p of result.plans) {
    for (const op of p.steps) {
      const outcome: OperationResult = faults.fails?.(op)
        ? { key: op.key, linkId: op.linkId, kind: op.kind, last: op.last, ok: false, at: tick(), error: { code: 'HTTP_503', message: 'Indisponível', retryable: true } }
        : platform.run(op, tick());
      if (faults.dies?.(op) && outcome.ok) break;
      observed.set(p.linkId, applyResult({ observed: observed.get(p.linkId)! }, OperationResult.parse(outcome)));
      if (!outcome.ok) break;
    }
  }
  const removable = new Set(result.removable);
  w.links = w.links.filter((l) => !removable.has(l.id)).map((l) => ({ ...l, observed: observed.get(l.id)! }));
  return result;
}

/** Passes without faults until nothing is planned; fails the test if that takes more than `max`. */
function settle(w: World, platform: FakePlatform, max = 3): number {
  for (let n = 0; n < max; n++) if (pass(w, platform).plans.length === 0) return n;
  throw new Error(`still planning after ${max} clean passes: ${JSON.stringify(plan(w).plans)}`);
}

/** Transmit the office once, cleanly, and return the platform it produced. */
function transmitted(w: World): FakePlatform {
  const platform = new FakePlatform();
  settle(w, platform);
  return platform;
}

// ---------------------------------------------------------------- named transitions

describe('planner: first transmission (S7)', () => {
  it('creates the subscriber and then grants the licence when a package is linked to an enabled service', () => {
    const w = office();
    const [p] = plan(w).plans;
    expect(p.steps.map((s) => s.kind)).toEqual(['upsert_subscriber', 'grant']);
    expect(p.key).toBe(linkKey('camp', '4521', 'campsoft-leitura-1'));
    const [upsert, grant] = p.steps;
    expect(upsert.kind === 'upsert_subscriber' && upsert.subscriber).toEqual({
      name: 'Cliente 1',
      document: { type: 'cpf', number: w.customers[0].document },
      email: 'cliente1@example.com',
      phone: w.customers[0].phones[0],
      login: 'cliente1@example.com',
      // S10: the default password is the cpf_cnpj
      password: w.customers[0].document,
    });
    expect(grant.kind === 'grant' && grant.productCode).toBe('1001');
    expect(p.steps.map((s) => s.last)).toEqual([false, true]);
    expect(LinkPlan.parse(p)).toEqual(p);
  });

  it('S10: sends the link\'s id_contrato, label and senha when the link overrides them', () => {
    const w = office();
    setLink(w, 'L1', { contractIdentifier: 'CT-9', label: 'meu-label', password: 'S3nha!' });
    const [p] = plan(w).plans;
    expect(p.key).toBe(linkKey('camp', 'CT-9', 'meu-label'));
    expect(p.steps.every((s) => s.contractIdentifier === 'CT-9' && s.label === 'meu-label')).toBe(true);
    expect(p.steps[0].kind === 'upsert_subscriber' && p.steps[0].subscriber.password).toBe('S3nha!');
  });

  it('does not provision a licence for a service that is already delinquent when linked', () => {
    const w = office('suspenso_debito');
    expect(plan(w)).toMatchObject({ plans: [], blocked: [], upToDate: 1 });
    setStatus(w, '4521', 'servico_habilitado');
    expect(kindsOf(w)).toEqual(['upsert_subscriber', 'grant']);
  });

  it('waits while the service is not installed yet (aguardando_instalacao)', () => {
    expect(plan(office('aguardando_instalacao'))).toMatchObject({ plans: [], upToDate: 1 });
  });

  it('has nothing to do once the platform confirmed everything', () => {
    const w = office();
    transmitted(w);
    expect(w.links[0].observed.state).toBe('active');
    expect(plan(w)).toMatchObject({ plans: [], blocked: [], upToDate: 1 });
  });
});

describe('planner: service status (S2)', () => {
  it('suspends the licence when the service becomes suspenso_debito (S2)', () => {
    const w = office();
    const platform = transmitted(w);
    setStatus(w, '4521', 'suspenso_debito');
    expect(kindsOf(w)).toEqual(['suspend']);
    pass(w, platform);
    expect(platform.usable().size).toBe(0);
    expect(w.links[0].observed.state).toBe('suspended');
  });

  it('re-enables the licence when the customer pays (suspenso_debito → servico_habilitado)', () => {
    const w = office();
    const platform = transmitted(w);
    setStatus(w, '4521', 'suspenso_debito');
    pass(w, platform);
    setStatus(w, '4521', 'servico_habilitado');
    expect(kindsOf(w)).toEqual(['reenable']);
    pass(w, platform);
    expect([...platform.usable().keys()]).toEqual(['4521/campsoft-leitura-1']);
  });

  it('keeps the licence active for a delinquent service when S2 is off', () => {
    const w = office();
    w.integrations = [integration({ suspendBySubscriptionStatus: false })];
    transmitted(w);
    setStatus(w, '4521', 'suspenso_debito');
    expect(plan(w)).toMatchObject({ plans: [], upToDate: 1 });
  });

  it('follows the integration\'s status map (franquia_excedida mapped to suspended)', () => {
    const w = office();
    w.integrations = [integration({ statusMap: { ...defaultStatusMap, franquia_excedida: 'suspended' } })];
    transmitted(w);
    setStatus(w, '4521', 'franquia_excedida');
    expect(kindsOf(w)).toEqual(['suspend']);
  });

  it.each<ServiceStatus>(['cancelado', 'inativo'])('cancels the licence when the service becomes %s, even with S2 off', (status) => {
    const w = office();
    w.integrations = [integration({ suspendBySubscriptionStatus: false })];
    const platform = transmitted(w);
    setStatus(w, '4521', status);
    expect(kindsOf(w)).toEqual(['cancel']);
    pass(w, platform);
    expect(w.links[0].observed.state).toBe('canceled');
    expect(platform.usable().size).toBe(0);
    expect(plan(w).plans).toEqual([]);
  });

  it('suspends a live licence whose service goes back to not provisioned (aguardando_migracao)', () => {
    const w = office();
    transmitted(w);
    setStatus(w, '4521', 'aguardando_migracao');
    expect(kindsOf(w)).toEqual(['suspend']);
  });

  it('toggling a status three times while offline yields one operation, not three', () => {
    const w = office();
    transmitted(w);
    setStatus(w, '4521', 'suspenso_debito');
    setStatus(w, '4521', 'servico_habilitado');
    setStatus(w, '4521', 'suspenso_debito');
    const { plans } = plan(w);
    expect(plans.flatMap((p) => p.steps.map((s) => s.kind))).toEqual(['suspend']);
    setStatus(w, '4521', 'servico_habilitado');
    expect(plan(w).plans).toEqual([]);
  });
});

describe('planner: removed links', () => {
  it('cancels the licence of a removed link', () => {
    const w = office();
    const platform = transmitted(w);
    setLink(w, 'L1', { removedAt: T0 });
    expect(kindsOf(w)).toEqual(['cancel']);
    pass(w, platform);
    expect(platform.usable().size).toBe(0);
    // once cancelled, the removed row may go
    expect(plan(w).removable).toEqual(['L1']);
  });

  it('sends nothing for a removed link that never reached the platform, and lets its row go', () => {
    const w = office();
    setLink(w, 'L1', { removedAt: T0 });
    expect(plan(w)).toMatchObject({ plans: [], blocked: [], upToDate: 1, removable: ['L1'] });
  });

  it('a package removed and linked again hands its live licence to the new link instead of cancelling it', () => {
    const w = office();
    const platform = transmitted(w);
    setStatus(w, '4521', 'suspenso_debito');
    pass(w, platform);
    setLink(w, 'L1', { removedAt: T0 });
    setStatus(w, '4521', 'servico_habilitado');
    w.links.push(link('L2', '4521', 1, { createdAt: '2026-01-07T00:00:00.000Z' }));
    const result = plan(w);
    // L2 starts from L1's suspended licence: only a re-enable, and no cancel racing it
    expect(result.plans.map((p) => [p.linkId, p.steps.map((s) => s.kind)])).toEqual([['L2', ['reenable']]]);
    // the removed row goes in the same write that records its licence on L2: nothing waits on it
    expect(result.adopted.map((a) => a.linkId)).toEqual(['L2']);
    expect(result.removable).toEqual(['L1']);
    pass(w, platform);
    expect([...platform.usable().keys()]).toEqual(['4521/campsoft-leitura-1']);
    expect(plan(w).plans).toEqual([]);
    expect(w.links.map((l) => l.id)).toEqual(['L2']);
  });

  it('a re-linked package whose licence needs nothing still takes the removed link over, and lets its row go', () => {
    const w = office();
    const platform = transmitted(w);
    setLink(w, 'L1', { removedAt: T0 });
    w.links.push(link('L2', '4521', 1, { createdAt: '2026-01-07T00:00:00.000Z' }));
    const result = plan(w);
    expect(result.plans).toEqual([]);
    expect(result.adopted).toEqual([{ linkId: 'L2', observed: expect.objectContaining({ state: 'active' }) }]);
    expect(result.removable).toEqual(['L1']);
    pass(w, platform);
    expect(w.links.map((l) => [l.id, l.observed.state])).toEqual([['L2', 'active']]);
    expect(plan(w)).toMatchObject({ plans: [], removable: [], adopted: [] });
  });
});

describe('planner: blocked outcomes never reach the network', () => {
  it('S9: blocks a customer without phone, with the reason, and records it as blocked', () => {
    const w = office();
    setCustomer(w, 1, { phones: [] });
    const result = plan(w);
    expect(result.plans).toEqual([]);
    expect(result.blocked).toEqual([{ linkId: 'L1', reason: expect.stringContaining('Cliente sem telefone') }]);
    const platform = new FakePlatform();
    pass(w, platform);
    expect(w.links[0].observed).toMatchObject({ state: 'blocked', blockedReason: expect.stringContaining('telefone') });
    expect(platform.subscribers.size).toBe(0);
  });

  it('S9: blocks a customer without e-mail and one with an invalid CPF', () => {
    const noEmail = office();
    setCustomer(noEmail, 1, { emails: [] });
    expect(plan(noEmail).blocked[0].reason).toContain('Cliente sem e-mail');
    const badDoc = office();
    setCustomer(badDoc, 1, { document: '11111111111' });
    expect(plan(badDoc).blocked[0].reason).toContain('CPF/CNPJ inválido');
  });

  it('S9: still cancels the licence of a removed link whose customer lost the phone (we stop paying)', () => {
    const w = office();
    const platform = transmitted(w);
    setCustomer(w, 1, { phones: [] });
    setLink(w, 'L1', { removedAt: T0 });
    expect(plan(w).blocked).toEqual([]);
    expect(kindsOf(w)).toEqual(['cancel']);
    pass(w, platform);
    expect(platform.usable().size).toBe(0);
  });

  it('S9: still suspends a delinquent customer who lost the phone, and blocks only the data update', () => {
    const w = office();
    const platform = transmitted(w);
    setCustomer(w, 1, { phones: [] });
    setStatus(w, '4521', 'suspenso_debito');
    expect(kindsOf(w)).toEqual(['suspend']);
    pass(w, platform);
    expect(w.links[0].observed.state).toBe('suspended');
    expect(plan(w).blocked).toEqual([{ linkId: 'L1', reason: expect.stringContaining('telefone') }]);
    pass(w, platform);
    // the licence's state is kept next to the reason: the platform still holds it
    expect(w.links[0].observed).toMatchObject({ state: 'suspended', blockedReason: expect.any(String) });
  });

  it('clears the block once the office fixes the customer, and transmits', () => {
    const w = office();
    setCustomer(w, 1, { phones: [] });
    const platform = new FakePlatform();
    pass(w, platform);
    setCustomer(w, 1, { phones: customer(1).phones });
    expect(kindsOf(w)).toEqual(['upsert_subscriber', 'grant']);
    pass(w, platform);
    expect(w.links[0].observed).toEqual({ state: 'active', sentHash: expect.any(String), confirmedAt: expect.any(String) });
  });

  it('blocks a grant on a product inactive on the platform, and one missing from the catalogue', () => {
    const w = office();
    w.products = [product('1001', 'inactive')];
    expect(plan(w).blocked).toEqual([{ linkId: 'L1', reason: 'Produto Leitura 1001 inativo na plataforma: escolha outro produto no pacote ou reative-o na Campsoft.' }]);
    w.products = [];
    expect(plan(w).blocked[0].reason).toContain('sincronize os produtos');
  });

  it('still suspends and cancels licences of a product that became inactive', () => {
    const w = office();
    transmitted(w);
    w.products = [product('1001', 'inactive')];
    setStatus(w, '4521', 'suspenso_debito');
    expect(kindsOf(w)).toEqual(['suspend']);
    setStatus(w, '4521', 'cancelado');
    expect(kindsOf(w)).toEqual(['cancel']);
  });

  it('blocks every step of an integration without credentials or inactive', () => {
    const w = office();
    w.credentials.clear();
    expect(plan(w).blocked).toEqual([{ linkId: 'L1', reason: expect.stringMatching(/^Integração sem credenciais: edite a integração/) }]);
    w.credentials.add('camp');
    w.integrations = [integration({ active: false })];
    expect(plan(w).blocked[0].reason).toContain('inativa');
  });

  it('does not report a block when there is nothing to send anyway', () => {
    const w = office('aguardando_instalacao');
    w.credentials.clear();
    setCustomer(w, 1, { phones: [] });
    expect(plan(w)).toMatchObject({ plans: [], blocked: [], upToDate: 1 });
  });

  it('blocks the second live link with the same id_contrato and label, whatever the input order', () => {
    const w = office();
    w.services.push(service('4522', 1));
    w.links.push(link('L2', '4522', 1, { contractIdentifier: '4521', createdAt: '2026-01-07T00:00:00.000Z' }));
    const conflict = { linkId: 'L2', reason: expect.stringMatching(/^Conflito: outro vínculo usa o mesmo id_contrato e label/) };
    expect(plan(w).blocked).toEqual([conflict]);
    w.links.reverse();
    expect(plan(w).blocked).toEqual([conflict]);
    expect(plan(w).plans.map((p) => p.linkId)).toEqual(['L1']);
  });

  it('S10: blocks a second link of the same contract that would send the subscriber another senha', () => {
    const w = office();
    const platform = transmitted(w);
    w.links.push(link('L2', '4521', 2, { password: 'Outra#1', createdAt: '2026-01-07T00:00:00.000Z' }));
    expect(plan(w).blocked).toEqual([{ linkId: 'L2', reason: expect.stringMatching(/^Conflito: outro vínculo do mesmo id_contrato/) }]);
    setLink(w, 'L2', { password: undefined });
    expect(kindsOf(w, 'L2')).toEqual(['upsert_subscriber', 'grant']);
    pass(w, platform);
    expect(platform.usable().size).toBe(2);
  });

  it('blocks links whose package, service or integration row is missing', () => {
    const w = office();
    w.links.push(link('L2', '9999', 1), link('L3', '4521', 77));
    w.packages.push({ ...pkg(3, '1001'), integrationId: 'gone' });
    w.links.push(link('L4', '4521', 3));
    const reasons = Object.fromEntries(plan(w).blocked.map((b) => [b.linkId, b.reason]));
    expect(reasons.L2).toContain('Serviço 9999 não encontrado');
    expect(reasons.L3).toContain('Pacote #77 não encontrado');
    expect(reasons.L4).toContain('Integração gone não encontrada');
  });
});

describe('planner: data changes and retries', () => {
  it('sends only the subscriber when the customer\'s e-mail changes', () => {
    const w = office();
    const platform = transmitted(w);
    setCustomer(w, 1, { emails: ['nova@example.com'] });
    expect(kindsOf(w)).toEqual(['upsert_subscriber']);
    pass(w, platform);
    expect(platform.subscribers.get('4521')?.body).toMatchObject({ email: 'nova@example.com', login: 'nova@example.com' });
    expect(plan(w).plans).toEqual([]);
  });

  it('S10: sends only the subscriber when the link\'s senha changes', () => {
    const w = office();
    transmitted(w);
    setLink(w, 'L1', { password: 'Outra#1' });
    expect(kindsOf(w)).toEqual(['upsert_subscriber']);
  });

  it('updates the subscriber and suspends in one pass when both changed', () => {
    const w = office();
    transmitted(w);
    setCustomer(w, 1, { name: 'Maria da Silva' });
    setStatus(w, '4521', 'suspenso_debito');
    expect(kindsOf(w)).toEqual(['upsert_subscriber', 'suspend']);
  });

  it('redoes the whole idempotent sequence after an error, and records the error meanwhile', () => {
    const w = office();
    const platform = new FakePlatform();
    pass(w, platform, { fails: (op) => op.kind === 'grant' });
    expect(w.links[0].observed).toMatchObject({ state: 'error', error: { code: 'HTTP_503' } });
    expect(kindsOf(w)).toEqual(['upsert_subscriber', 'grant', 'reenable']);
    pass(w, platform);
    expect(w.links[0].observed.state).toBe('active');
    expect(plan(w).plans).toEqual([]);
  });

  it('after an error on a delinquent service, suspends whatever exists and creates nothing', () => {
    const w = office();
    const platform = new FakePlatform();
    pass(w, platform, { fails: (op) => op.kind === 'upsert_subscriber' });
    setStatus(w, '4521', 'suspenso_debito');
    expect(kindsOf(w)).toEqual(['upsert_subscriber', 'suspend']);
    pass(w, platform);
    expect(w.links[0].observed.state).toBe('none');
    expect(platform.usable().size).toBe(0);
    expect(plan(w).plans).toEqual([]);
  });

  it('does not trust a state the app died before recording: a suspend then a payment re-enables', () => {
    const w = office();
    const platform = transmitted(w);
    setStatus(w, '4521', 'suspenso_debito');
    pass(w, platform, { dies: (op) => op.kind === 'suspend' });
    expect(platform.usable().size).toBe(0);
    setStatus(w, '4521', 'servico_habilitado');
    expect(kindsOf(w)).toEqual(['upsert_subscriber', 'grant', 'reenable']);
    pass(w, platform);
    expect(platform.usable().size).toBe(1);
  });
});

describe('operations and results', () => {
  it('keys each step by the licence key and its kind, and hashes what is sent deterministically', () => {
    const a = plan(office()).plans[0];
    const b = plan(office()).plans[0];
    expect(a.steps.map((s) => s.key)).toEqual([`${a.key}#upsert_subscriber`, `${a.key}#grant`]);
    expect(a.steps.map((s) => s.hash)).toEqual(b.steps.map((s) => s.hash));
    const w = office();
    setCustomer(w, 1, { emails: ['outra@example.com'] });
    const c = plan(w).plans[0];
    expect(c.steps[0].hash).not.toBe(a.steps[0].hash);
    expect(c.steps[1].hash).toBe(a.steps[1].hash);
  });

  it('applyResult: a failure keeps what the platform confirmed and records the error', () => {
    const before: ObservedState = { state: 'active', sentHash: 'aaaaaaaa.bbbbbbbb', confirmedAt: T0 };
    const after = applyResult(
      { observed: before },
      { key: 'k', linkId: 'L1', kind: 'suspend', last: true, ok: false, at: T0, error: { code: 'CONFLICT', message: 'x', retryable: false, platformErrorId: 'E1' } },
    );
    expect(after).toEqual({ state: 'error', sentHash: 'aaaaaaaa.bbbbbbbb', confirmedAt: T0, error: { code: 'CONFLICT', message: 'x', retryable: false, platformErrorId: 'E1' } });
  });

  it('applyResult: an upsert replaces the subscriber half of sentHash, a grant the licence half', () => {
    const before: ObservedState = { state: 'active', sentHash: 'aaaaaaaa.bbbbbbbb' };
    const head = { key: 'k', linkId: 'L1', last: true, ok: true as const, at: T0, observedState: 'active' as const };
    expect(applyResult({ observed: before }, { ...head, kind: 'upsert_subscriber', sentHash: 'cccccccc' }).sentHash).toBe('cccccccc.bbbbbbbb');
    expect(applyResult({ observed: before }, { ...head, kind: 'grant', sentHash: 'dddddddd' }).sentHash).toBe('aaaaaaaa.dddddddd');
    expect(applyResult({ observed: before }, { ...head, kind: 'reenable', sentHash: 'eeeeeeee' }).sentHash).toBe('aaaaaaaa.bbbbbbbb');
  });

  it('rejects a result that is neither a success nor a failure', () => {
    expect(OperationResult.safeParse({ key: 'k', linkId: 'L1', kind: 'grant', last: true, ok: true, at: T0 }).success).toBe(false);
  });
});

// ---------------------------------------------------------------- properties

const statusArb = fc.constantFrom(...ServiceStatusSchema.options);

type Edit =
  | { kind: 'status'; serviceId: string; status: ServiceStatus }
  | { kind: 'email'; customerId: number; email: string }
  | { kind: 'password'; serviceId: string; password: string }
  | { kind: 'remove'; linkId: string };

/** An office of 1–4 customers, 1–2 services each, 1–2 links each, with random statuses. */
const worldArb = fc
  .record({
    s2: fc.boolean(),
    services: fc.array(fc.record({ customer: fc.integer({ min: 1, max: 4 }), status: statusArb, packages: fc.constantFrom([1], [2], [1, 2]) }), {
      minLength: 1,
      maxLength: 6,
    }),
  })
  .map(({ s2, services }): World => {
    const w = office();
    w.integrations = [integration({ suspendBySubscriptionStatus: s2 })];
    w.customers = [1, 2, 3, 4].map((id) => customer(id));
    w.services = services.map((s, i) => service(`S${i}`, s.customer, s.status));
    w.links = services.flatMap((s, i) => s.packages.map((p) => link(`S${i}-${p}`, `S${i}`, p)));
    return w;
  });

/** Edits that commute: at most one per (entity, field), so any order means the same final office. */
function editsArb(w: World): fc.Arbitrary<Edit[]> {
  const statusEdits = w.services.map((s) => fc.option(statusArb.map((status): Edit => ({ kind: 'status', serviceId: s.id, status }))));
  // S10 senha is edited per service: links of one contract share one subscriber (see the conflict test)
  const passwordEdits = w.services.map((s) => fc.option(fc.constant<Edit>({ kind: 'password', serviceId: s.id, password: 'S3nha!' })));
  const emailEdits = w.customers.map((c) => fc.option(fc.constantFrom('a@example.com', 'b@example.com').map((email): Edit => ({ kind: 'email', customerId: c.id, email }))));
  const linkEdits = w.links.map((l) => fc.option(fc.constant<Edit>({ kind: 'remove', linkId: l.id })));
  return fc.tuple(...statusEdits, ...passwordEdits, ...emailEdits, ...linkEdits).map((all) => all.filter((e): e is Edit => e !== null));
}

function apply(w: World, e: Edit): void {
  if (e.kind === 'status') setStatus(w, e.serviceId, e.status, tick());
  if (e.kind === 'email') setCustomer(w, e.customerId, { emails: [e.email] });
  if (e.kind === 'password') w.links = w.links.map((l) => (l.serviceId === e.serviceId ? { ...l, password: e.password } : l));
  if (e.kind === 'remove') setLink(w, e.linkId, { removedAt: T0 });
}

const clone = (w: World): World => ({ ...structuredClone({ ...w, credentials: [...w.credentials] }), credentials: new Set(w.credentials) });

/** Random platform trouble: a step fails, or the app dies after the platform did it. */
const faultsArb = fc.record({ failEvery: fc.integer({ min: 2, max: 7 }), dieEvery: fc.integer({ min: 2, max: 9 }) }).map(({ failEvery, dieEvery }): Faults => {
  let n = 0;
  return { fails: () => ++n % failEvery === 0, dies: () => n % dieEvery === 0 };
});

/** What the platform must show for this office: every live link's licence usable exactly when desired active. */
function expectedUsable(w: World): Map<string, string> {
  const view = new Map<string, string>();
  for (const l of w.links) {
    if (l.removedAt !== undefined) continue;
    const s = w.services.find((x) => x.id === l.serviceId)!;
    if (desiredLicenceState(s.status, w.integrations[0]) !== 'active') continue;
    const c = w.customers.find((x) => x.id === s.customerId)!;
    const p = w.packages.find((x) => x.id === l.packageId)!;
    view.set(`${s.id}/${p.label}`, `${p.productCode} ${c.emails[0]} ${l.password ?? c.document}`);
  }
  return view;
}

describe('planner properties', () => {
  it('idempotence: after one clean pass, whatever came before, the next plan is empty', () => {
    fc.assert(
      fc.property(
        worldArb.chain((w) => fc.tuple(fc.constant(w), editsArb(w), faultsArb)),
        ([w, edits, faults]) => {
          const platform = new FakePlatform();
          pass(w, platform, faults);
          for (const e of edits) {
            apply(w, e);
            pass(w, platform, faults);
          }
          pass(w, platform);
          expect(plan(w).plans).toEqual([]);
          expect(platform.usable()).toEqual(expectedUsable(w));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('coalescing: any sequence of status edits before a pass yields at most one plan per link, that of the final state', () => {
    fc.assert(
      fc.property(
        worldArb.chain((w) => fc.tuple(fc.constant(w), fc.array(fc.tuple(fc.nat({ max: w.services.length - 1 }), statusArb), { maxLength: 12 }))),
        ([w, edits]) => {
          transmitted(w);
          const direct = clone(w);
          for (const [i, status] of edits) setStatus(w, w.services[i].id, status, tick());
          for (const s of w.services) setStatus(direct, s.id, s.status);
          const planned = plan(w);
          const ids = planned.plans.map((p) => p.linkId);
          expect(new Set(ids).size).toBe(ids.length);
          expect(planned).toEqual(plan(direct));
          for (const p of planned.plans) expect(p.steps.filter((s) => s.kind !== 'upsert_subscriber').length).toBeLessThanOrEqual(3);
          expect(planned.plans.length + planned.blocked.length + planned.upToDate).toBe(w.links.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('convergence: any order of the same edits, with passes and faults in between, ends on the same platform', () => {
    fc.assert(
      fc.property(
        worldArb.chain((w) =>
          editsArb(w).chain((edits) =>
            fc.tuple(fc.constant(w), fc.shuffledSubarray(edits, { minLength: edits.length }), fc.shuffledSubarray(edits, { minLength: edits.length }), faultsArb, faultsArb),
          ),
        ),
        ([w, order1, order2, faults1, faults2]) => {
          const platforms = [order1, order2].map((order, i) => {
            const local = clone(w);
            const platform = new FakePlatform();
            pass(local, platform, i === 0 ? faults1 : faults2);
            for (const e of order) {
              apply(local, e);
              pass(local, platform, i === 0 ? faults1 : faults2);
            }
            settle(local, platform);
            return platform.usable();
          });
          expect(platforms[0]).toEqual(platforms[1]);
          const final = clone(w);
          for (const e of order1) apply(final, e);
          expect(platforms[0]).toEqual(expectedUsable(final));
        },
      ),
      { numRuns: 200 },
    );
  });
});
