/**
 * The reconcile planner (ARCHITECTURE.md "Transmission is reconciliation"): desired state (what the
 * office recorded) × observed state (what the platform last confirmed) → the steps still needed.
 * Pure: no I/O, no clock. It sees only the final desired state, so a status toggled three times
 * while offline costs one step, not three.
 *
 * observed.sentHash is `<subscriber hash>.<licence hash>`: the hash of the last subscriber body the
 * platform confirmed (upsert_subscriber) and of the last licence it confirmed (grant: contract,
 * label, product). The licence *status* is not hashed: observed.state already says it, and hashing
 * it would make every status change look like a data change and resend the subscriber.
 */
import { parseDocument } from './document';
import {
  effectiveContractIdentifier,
  effectiveLabel,
  effectivePassword,
  linkKey,
  primaryEmail,
  primaryPhone,
  transmittableProblems,
} from './defaults';
import { IN_FLIGHT, licenceSeen, type LicenceSeen } from './licence';
import type { Customer, Integration, Link, ObservedState, Package, Product, Service } from './model';
import { productId } from './model';
import {
  grantHash,
  licenceStepHash,
  subscriberHash,
  type LinkPlan,
  type Operation,
  type OperationKind,
  type OperationResult,
  type Subscriber,
} from './operation';
import { desiredLicenceState } from './status';

export type ReconcileInput = {
  integrations: readonly Integration[];
  /** whether main's vault holds ApiKey/ApiSecret for this integration */
  hasCredentials: (integrationId: string) => boolean;
  products: readonly Product[];
  packages: readonly Package[];
  customers: readonly Customer[];
  services: readonly Service[];
  links: readonly Link[];
};

export type BlockedLink = { linkId: string; reason: string };

export type ReconcilePlan = {
  /** one per link that needs the network; at most one per link */
  plans: LinkPlan[];
  /** validation failures: they never reach the network (record them with applyBlocked) */
  blocked: BlockedLink[];
  /** links that need nothing; plans.length + blocked.length + upToDate = links.length */
  upToDate: number;
  /** up-to-date links still carrying an old block: record clearBlocked on them */
  unblocked: string[];
  /** removed links with nothing on the platform, or whose licence a live link adopted: the row may be deleted */
  removable: string[];
  /**
   * A package removed and linked again: the new link takes over the old one's licence (same key),
   * and its plan starts from the old link's observed state. Record it on the new link before
   * markInFlight, or the results would be applied on top of 'none'.
   */
  adopted: { linkId: string; observed: ObservedState }[];
};

/** error.code of the mark written before sending a plan (markInFlight); defined in licence.ts. */
export { IN_FLIGHT };

/**
 * What the platform should end up with for one link:
 * - 'active': a working licence;
 * - 'held': no usable licence. Desired `suspended` and `not_provisioned` both land here: an existing
 *   licence is suspended (a service that goes back to "aguardando …" must not keep a working
 *   licence, and it is not ended either, so it is not cancelled), and none is created. A service
 *   already delinquent when first linked is not provisioned at all until it is paid up: granting a
 *   licence only to suspend it would hand a delinquent customer a working licence if the suspend
 *   failed, and Campsoft bills active licences;
 * - 'canceled': no licence (removed link, cancelado/inativo service).
 */
type Target = 'active' | 'held' | 'canceled';

/** The observed state as the planner reads it: the one reading of licence.ts. */
type Seen = LicenceSeen;
const seen = licenceSeen;

/**
 * The transition table. `sub`/`lic`: the subscriber/licence differ from what the platform confirmed.
 * From 'unknown' the whole idempotent sequence for the target is redone (the failed step and the
 * licence's real state are not known).
 */
function stepKinds(from: Seen, target: Target, sub: boolean, lic: boolean): OperationKind[] {
  if (target === 'canceled') return from === 'absent' ? [] : ['cancel'];
  const steps: OperationKind[] = [];
  if (target === 'active') {
    if (from === 'absent') return ['upsert_subscriber', 'grant'];
    if (from === 'unknown') return ['upsert_subscriber', 'grant', 'reenable'];
    if (sub) steps.push('upsert_subscriber');
    if (lic) steps.push('grant');
    if (from === 'suspended') steps.push('reenable');
    return steps;
  }
  // held: never grant; a changed licence waits until the service is paid up again
  if (from === 'absent') return [];
  if (sub) steps.push('upsert_subscriber');
  if (from !== 'suspended') steps.push('suspend');
  return steps;
}

function splitSentHash(sentHash: string | undefined): [string, string] {
  const dot = sentHash?.indexOf('.') ?? -1;
  if (sentHash === undefined || dot < 0) return ['', ''];
  return [sentHash.slice(0, dot), sentHash.slice(dot + 1)];
}

/** The new observed state of a link after one result of its plan (the renderer writes it to Dexie). */
export function applyResult(link: Pick<Link, 'observed'>, result: OperationResult): ObservedState {
  const prev = link.observed;
  const kept: Pick<ObservedState, 'sentHash' | 'confirmedAt'> = {};
  if (prev.sentHash !== undefined) kept.sentHash = prev.sentHash;
  if (prev.confirmedAt !== undefined) kept.confirmedAt = prev.confirmedAt;
  if (!result.ok) {
    const error: ObservedState['error'] = { code: result.error.code, message: result.error.message, retryable: result.error.retryable };
    if (result.error.platformErrorId !== undefined) error.platformErrorId = result.error.platformErrorId;
    return { state: 'error', ...kept, error };
  }
  const [sub, lic] = splitSentHash(prev.sentHash);
  const next: ObservedState = { state: result.observedState, ...kept, confirmedAt: result.at };
  if (result.kind === 'upsert_subscriber') next.sentHash = `${result.sentHash}.${lic}`;
  if (result.kind === 'grant') next.sentHash = `${sub}.${result.sentHash}`;
  // until the last step lands, a crash must still read as "state unknown" (see markInFlight)
  if (!result.last && prev.error?.code === IN_FLIGHT) next.error = prev.error;
  return next;
}

/**
 * Written for each planned link just before its plan is sent. If the app dies before every result
 * is recorded, the next pass reads the link as 'unknown' and redoes the full sequence, instead of
 * trusting a state the platform may have left (e.g. suspended, then re-enabled in the office).
 */
export function markInFlight(link: Pick<Link, 'observed'>): ObservedState {
  return {
    ...link.observed,
    error: { code: IN_FLIGHT, message: 'Transmissão em andamento: o resultado ainda não foi registrado.', retryable: true },
  };
}

/** Records a planner block. A licence already on the platform keeps its state; the reason is added. */
export function applyBlocked(link: Pick<Link, 'observed'>, reason: string): ObservedState {
  const o = link.observed;
  if (o.state === 'active' || o.state === 'suspended' || o.state === 'error') return { ...o, blockedReason: reason };
  const next: ObservedState = { state: 'blocked', blockedReason: reason };
  if (o.sentHash !== undefined) next.sentHash = o.sentHash;
  if (o.confirmedAt !== undefined) next.confirmedAt = o.confirmedAt;
  return next;
}

/** Drops a block that no longer applies (the planner lists these links in `unblocked`). */
export function clearBlocked(link: Pick<Link, 'observed'>): ObservedState {
  const { blockedReason: _dropped, ...rest } = link.observed;
  return rest.state === 'blocked' ? { ...rest, state: 'none' } : rest;
}

type CustomerFacts = {
  problems: string;
  subscriberBase: Omit<Subscriber, 'password'> | null;
  // the last subscriber built for this customer (links of one service share it); held in fields of
  // their own rather than a record: one object less per customer
  lastContract: string;
  lastPassword: string;
  lastBody: Subscriber | undefined;
  lastHash: string;
};

function customerFacts(customer: Customer): CustomerFacts {
  const email = primaryEmail(customer);
  const phone = primaryPhone(customer);
  const doc = parseDocument(customer.document);
  if (email === undefined || phone === undefined || !doc.ok) {
    return { problems: transmittableProblems(customer).join(' '), subscriberBase: null, lastContract: '', lastPassword: '', lastBody: undefined, lastHash: '' };
  }
  return {
    problems: '',
    subscriberBase: {
      name: customer.name,
      document: { type: doc.type, number: doc.number },
      email,
      phone: { ddi: phone.ddi, ddd: phone.ddd, number: phone.number, mobile: phone.mobile },
      login: email,
    },
    lastContract: '',
    lastPassword: '',
    lastBody: undefined,
    lastHash: '',
  };
}

/** The subscriber body of this link's contract and its hash (f.lastBody, f.lastHash), built once per customer, contract and password. */
function subscriberFor(f: CustomerFacts, base: Omit<Subscriber, 'password'>, contractIdentifier: string, password: string): void {
  if (f.lastBody !== undefined && f.lastContract === contractIdentifier && f.lastPassword === password) return;
  // spelled out rather than `{ ...base, password }`: same keys in the same order, without a generic copy
  const body: Subscriber = { name: base.name, document: base.document, email: base.email, phone: base.phone, login: base.login, password };
  f.lastContract = contractIdentifier;
  f.lastPassword = password;
  f.lastBody = body;
  f.lastHash = subscriberHash(contractIdentifier, body);
}

const CONFLICT = 'Conflito: outro vínculo usa o mesmo id_contrato e label. Altere o id_contrato ou o label de um dos vínculos.';

const SUBSCRIBER_CONFLICT =
  'Conflito: outro vínculo do mesmo id_contrato envia outros dados de assinante (senha ou cliente). Use a mesma senha nos vínculos do serviço.';

/** Links of one (integration, contract_identifier): one subscriber on the platform. */
type ContractGroup = {
  integration: Integration;
  contractIdentifier: string;
  subscriberOwner: Resolved | undefined;
  // A contract holds one to a few licences: a short linked list (LicenceGroup.next) beats a Map per
  // contract (50k Maps for a large office), and an array (a growing array reserves 17 slots).
  licences: LicenceGroup | undefined;
};
/** Links of one licence key (integration, contract_identifier, label). */
type LicenceGroup = { label: string; owner: Link | undefined; adoptable: Link | undefined; next: LicenceGroup | undefined };

/**
 * One link with its rows, between pass 1 and pass 2. Speed: one is kept per link, so it holds only
 * what cannot be read from elsewhere (the integration and contract_identifier are the contract's,
 * the label the licence's, removal the link's; the customer is the one `facts` describe).
 */
type Resolved = {
  link: Link;
  pkg: Package;
  service: Service;
  // the links sharing this link's contract, and its licence key (contract, label)
  contract: ContractGroup;
  licence: LicenceGroup;
  facts: CustomerFacts | undefined;
  password: string;
};

/** Lower is preferred as the owner of a key: a link the platform already knows, then the oldest. */
function ownerRank(link: Link): number {
  const s = link.observed.state;
  return s === 'active' || s === 'suspended' || s === 'error' ? 0 : 1;
}

function prefer(a: Link, b: Link): boolean {
  const ra = ownerRank(a);
  const rb = ownerRank(b);
  if (ra !== rb) return ra < rb;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.id < b.id;
}

function byId<T extends { id: unknown }>(rows: readonly T[]): Map<T['id'], T> {
  const map = new Map<T['id'], T>();
  for (const row of rows) map.set(row.id, row);
  return map;
}

/**
 * stepKinds for every (from, target, sub, lic), computed once: the planner reads a shared array
 * instead of building one per link (never mutated; a dropped step makes a new array).
 */
const SEENS: readonly Seen[] = ['absent', 'active', 'suspended', 'unknown'];
const TARGETS: readonly Target[] = ['active', 'held', 'canceled'];
const STEP_TABLE: readonly (readonly OperationKind[])[] = SEENS.flatMap((from) =>
  TARGETS.flatMap((target) => [false, true].flatMap((sub) => [false, true].map((lic) => Object.freeze(stepKinds(from, target, sub, lic))))),
);
function plannedKinds(from: Seen, target: Target, sub: boolean, lic: boolean): readonly OperationKind[] {
  return STEP_TABLE[((SEENS.indexOf(from) * 3 + TARGETS.indexOf(target)) * 2 + (sub ? 1 : 0)) * 2 + (lic ? 1 : 0)];
}

/**
 * An operation's key is linkKey + '#' + kind. Speed: appending one constant makes one string node
 * per key, where `${planKey}#${kind}` makes two; 140k keys outlive the call for a large office.
 */
const KEY_SUFFIX: Readonly<Record<OperationKind, string>> = {
  upsert_subscriber: '#upsert_subscriber',
  grant: '#grant',
  suspend: '#suspend',
  reenable: '#reenable',
  cancel: '#cancel',
};

/**
 * The state of one planReconcile call. Speed: the per-link work lives in the small top-level
 * functions below (resolveLink, planLink) that take this one object, rather than in closures and
 * one long loop body: V8 optimizes small functions early and keeps them optimized across calls,
 * while a 100k-row loop in one big function ran largely unoptimized (on-stack replacement, deopts),
 * allocating far more.
 */
class Pass {
  readonly integrations: Map<string, Integration>;
  readonly products: Map<string, Product>;
  readonly packages: Map<number, Package>;
  readonly customers: Map<number, Customer>;
  readonly services: Map<string, Service>;
  readonly credentials = new Map<string, boolean>();
  readonly facts = new Map<number, CustomerFacts>();
  readonly productOfPackage = new Map<number, Product | undefined>();
  // integration id → contract_identifier → group; keyed by the rows' own strings (cheap to hash)
  readonly groups = new Map<string, Map<string, ContractGroup>>();
  readonly out: ReconcilePlan = { plans: [], blocked: [], upToDate: 0, unblocked: [], removable: [], adopted: [] };

  constructor(readonly input: ReconcileInput) {
    // Built with loops: `new Map(rows.map(...))` allocates a pair array per row (150k for a large office).
    this.integrations = byId(input.integrations);
    this.products = byId(input.products);
    this.packages = byId(input.packages);
    this.customers = byId(input.customers);
    this.services = byId(input.services);
  }

  hasCredentials(id: string): boolean {
    let has = this.credentials.get(id);
    if (has === undefined) this.credentials.set(id, (has = this.input.hasCredentials(id)));
    return has;
  }

  block(linkId: string, reason: string): void {
    this.out.blocked.push({ linkId, reason });
  }

  settle(link: Link): void {
    const out = this.out;
    out.upToDate++;
    if (link.removedAt !== undefined && seen(link.observed) === 'absent') out.removable.push(link.id);
    else if (link.observed.state === 'blocked' || link.observed.blockedReason !== undefined) out.unblocked.push(link.id);
  }
}

export function planReconcile(input: ReconcileInput): ReconcilePlan {
  const pass = new Pass(input);
  // Pass 1: resolve each link's rows and platform key; elect one live owner per key, and one per
  // contract (the platform keeps one subscriber per contract_identifier).
  const resolved: Resolved[] = [];
  const links = input.links;
  for (let i = 0; i < links.length; i++) {
    const r = resolveLink(pass, links[i]);
    if (r !== undefined) resolved.push(r);
  }
  // Pass 2: plan each resolved link.
  for (let i = 0; i < resolved.length; i++) planLink(pass, resolved[i]);
  return pass.out;
}

/** Pass 1 for one link: its rows, key and groups, and its bid for the key's and the contract's owner. */
function resolveLink(pass: Pass, link: Link): Resolved | undefined {
  const removed = link.removedAt !== undefined;
  const pkg = pass.packages.get(link.packageId);
  const service = pass.services.get(link.serviceId);
  const integration = pkg === undefined ? undefined : pass.integrations.get(pkg.integrationId);
  if (pkg === undefined || service === undefined || integration === undefined) {
    if (removed && seen(link.observed) === 'absent') pass.settle(link);
    else pass.block(link.id, missingRow(link, pkg, service));
    return undefined;
  }
  const contractIdentifier = effectiveContractIdentifier(link, service);
  const label = effectiveLabel(link, pkg);
  if (contractIdentifier === '' || label === '') {
    if (removed && seen(link.observed) === 'absent') pass.settle(link);
    else pass.block(link.id, 'Vínculo sem label ou id_contrato: informe o label no pacote ou no vínculo.');
    return undefined;
  }
  let byContract = pass.groups.get(integration.id);
  if (byContract === undefined) pass.groups.set(integration.id, (byContract = new Map()));
  let contract = byContract.get(contractIdentifier);
  if (contract === undefined) {
    byContract.set(contractIdentifier, (contract = { integration, contractIdentifier, subscriberOwner: undefined, licences: undefined }));
  }
  let licence = contract.licences;
  while (licence !== undefined && licence.label !== label) licence = licence.next;
  if (licence === undefined) contract.licences = licence = { label, owner: undefined, adoptable: undefined, next: contract.licences };

  const customer = pass.customers.get(service.customerId);
  let f: CustomerFacts | undefined;
  if (customer !== undefined) {
    f = pass.facts.get(customer.id);
    if (f === undefined) pass.facts.set(customer.id, (f = customerFacts(customer)));
  }
  const password = customer === undefined ? '' : effectivePassword(link, customer);
  const r: Resolved = { link, pkg, service, contract, licence, facts: f, password };
  if (removed) {
    // a removed link sharing its key with a live one: its licence is now the live link's
    if (seen(link.observed) !== 'absent') licence.adoptable = link;
  } else {
    if (licence.owner === undefined || prefer(link, licence.owner)) licence.owner = link;
    if (f?.subscriberBase && (contract.subscriberOwner === undefined || prefer(link, contract.subscriberOwner.link))) contract.subscriberOwner = r;
  }
  return r;
}

/** Pass 2 for one link: nothing (settled), a block, or its plan. */
function planLink(pass: Pass, r: Resolved): void {
  const { link, pkg, facts } = r;
  const { integration, contractIdentifier } = r.contract;
  const label = r.licence.label;
  const removed = link.removedAt !== undefined;
  const owner = r.licence.owner;
  if (!removed && owner !== link) {
    pass.block(link.id, CONFLICT);
    return;
  }
  if (removed && owner !== undefined) {
    // superseded: the live owner takes over the licence (and its cancellation, when it ends)
    pass.settle(link);
    return;
  }
  let observed = link.observed;
  if (!removed && seen(observed) === 'absent' && observed.state !== 'canceled') {
    const previous = r.licence.adoptable;
    if (previous !== undefined) observed = previous.observed;
  }

  const desired = removed ? 'canceled' : desiredLicenceState(r.service.status, integration);
  const target: Target = desired === 'active' ? 'active' : desired === 'canceled' ? 'canceled' : 'held';
  const from = seen(observed);

  const base = facts?.subscriberBase ?? null;

  // hashes only where a comparison or a step needs them
  const comparing = target !== 'canceled' && from !== 'absent';
  let subHash: string | undefined;
  if (base !== null && (comparing || target === 'active')) {
    subscriberFor(facts as CustomerFacts, base, contractIdentifier, r.password);
    subHash = (facts as CustomerFacts).lastHash;
  }
  const licHash = target === 'active' ? grantHash(contractIdentifier, label, pkg.productCode) : '';
  const sent = observed.sentHash ?? '';
  const dot = sent.indexOf('.');
  const subChanged = comparing && (subHash === undefined || dot !== subHash.length || !sent.startsWith(subHash));
  const licChanged = comparing && (sent.length - dot - 1 !== licHash.length || !sent.endsWith(licHash));
  let kinds = plannedKinds(from, target, subChanged, licChanged);

  if (kinds.length === 0) {
    if (observed !== link.observed) adopt(pass, r, observed);
    pass.settle(link);
    return;
  }
  if (!integration.active) {
    pass.block(link.id, `Integração ${integration.description || integration.id} inativa: ative a integração para transmitir os pacotes.`);
    return;
  }
  if (!pass.hasCredentials(integration.id)) {
    pass.block(link.id, 'Integração sem credenciais: edite a integração e informe a Chave da API e a Senha da API.');
    return;
  }
  const granting = kinds.includes('grant');
  if (granting) {
    let product = pass.productOfPackage.get(pkg.id);
    if (product === undefined && !pass.productOfPackage.has(pkg.id)) {
      pass.productOfPackage.set(pkg.id, (product = pass.products.get(productId(integration.id, pkg.productCode))));
    }
    if (product === undefined) {
      pass.block(link.id, `Produto ${pkg.productCode} não encontrado no catálogo: sincronize os produtos da integração.`);
      return;
    }
    if (product.status !== 'active') {
      pass.block(link.id, `Produto ${product.name || product.code} inativo na plataforma: escolha outro produto no pacote ou reative-o na Campsoft.`);
      return;
    }
  }
  if (kinds.includes('upsert_subscriber')) {
    // computed only for a plan that sends the subscriber
    let customerReason =
      facts?.problems ?? `Cliente #${r.service.customerId} não encontrado: o serviço ${r.service.id} aponta para um cliente que não existe mais.`;
    let customerOk = base !== null;
    if (customerOk && !removed) {
      // S10: senha is per link, the subscriber per contract; two bodies would overwrite each other
      const first = r.contract.subscriberOwner;
      // (one CustomerFacts per customer: the same facts, the same customer)
      if (first !== undefined && (first.facts !== facts || first.password !== r.password)) {
        customerOk = false;
        customerReason = SUBSCRIBER_CONFLICT;
      }
    }
    if (!customerOk) {
      // S9: the subscriber's data cannot go. A licence must not be granted without it; a suspend or
      // a re-enable of an existing licence goes, and the data change waits (blocked next pass).
      if (granting) {
        pass.block(link.id, customerReason);
        return;
      }
      kinds = kinds.filter((k) => k !== 'upsert_subscriber');
      if (kinds.length === 0) {
        pass.block(link.id, customerReason);
        return;
      }
    }
  }

  const planKey = linkKey(integration.id, contractIdentifier, label);
  const linkId = link.id;
  const integrationId = integration.id;
  // sized up front: a growing array reserves 17 slots, and 70k plans outlive the call
  const steps: Operation[] = new Array<Operation>(kinds.length);
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    const key = planKey + KEY_SUFFIX[kind];
    const last = i === kinds.length - 1;
    if (kind === 'upsert_subscriber') {
      // customerOk: the upsert was dropped above when there is no subscriber to send
      const f = facts as CustomerFacts;
      steps[i] = { kind, key, integrationId, linkId, contractIdentifier, label, last, hash: f.lastHash, subscriber: f.lastBody as Subscriber };
    } else if (kind === 'grant') {
      steps[i] = { kind, key, integrationId, linkId, contractIdentifier, label, last, hash: licHash, productCode: pkg.productCode };
    } else {
      steps[i] = { kind, key, integrationId, linkId, contractIdentifier, label, last, hash: licenceStepHash(kind, contractIdentifier, label) };
    }
  }
  pass.out.plans.push({ linkId, integrationId, key: planKey, steps });
  if (observed !== link.observed) adopt(pass, r, observed);
}

/**
 * The live link takes over the removed one's licence: it starts from that observed state, and the
 * removed row may go in the same write (nothing else refers to the licence through it). A removed
 * link is let go only here, once its successor records the licence, never before.
 */
function adopt(pass: Pass, r: Resolved, observed: ObservedState): void {
  pass.out.adopted.push({ linkId: r.link.id, observed });
  const previous = r.licence.adoptable;
  if (previous !== undefined) pass.out.removable.push(previous.id);
}

function missingRow(link: Link, pkg: Package | undefined, service: Service | undefined): string {
  if (pkg === undefined) return `Pacote #${link.packageId} não encontrado: remova o vínculo ou vincule outro pacote ao serviço.`;
  if (service === undefined) return `Serviço ${link.serviceId} não encontrado: o vínculo aponta para um serviço que não existe mais.`;
  return `Integração ${pkg.integrationId} não encontrada: edite o pacote #${pkg.id} e escolha uma integração.`;
}
