/**
 * Cobrança (issue 13): what to bill each customer for a competência (month), from the history of
 * each licence's confirmed state on the platform. One home for the rules; the host feeds it from one
 * store read (electron/host/services/charging.ts) and the screen only shows what it answers.
 *
 * Days are days in America/Sao_Paulo: an event at 22:30 on the 30th in São Paulo (01:30 UTC on the
 * 31st) happens on the 30th. A day has the state the licence had at the END of that day: the day of
 * a suspension is a suspended day, the day of a re-enable or an activation an active day, the day of
 * a cancellation not a day of the licence. So suspended on the 10th and re-enabled on the 20th of a
 * 30-day month = 9 + 11 = 20 active days; activated on the last day = 1; cancelled on the 1st = 0.
 *
 * The rules, per integration, following HubSoft's flags on the service statuses:
 * - integral ("Cobrar" = sim while suspended): the whole price for a month with any day of licence;
 * - pro_rata ("Cobrar" = não, "Cobrar dias não utilizados" = não): price × active days ÷ days in month;
 * - suspended_free ("Cobrar" = não, "Cobrar dias não utilizados" = sim): the days before the
 *   activation and after the cancellation are billed, the suspended days are not:
 *   price × (days in month − suspended days) ÷ days in month, for a month with any active day.
 * Centavos are rounded half up once, on the amount; the composition split then adds up exactly.
 */
import type { CompositionItem, FiscalKind } from './model';
import { foldName } from './text';

export const CHARGING_TIME_ZONE = 'America/Sao_Paulo';

export const CHARGING_RULES = ['integral', 'pro_rata', 'suspended_free'] as const;
export type ChargingRule = (typeof CHARGING_RULES)[number];
/** HubSoft's default for a suspended status: not billed, unused days not billed. */
export const DEFAULT_CHARGING_RULE: ChargingRule = 'pro_rata';

export const chargingRuleLabels: Record<ChargingRule, string> = {
  integral: 'Integral (cobra o mês inteiro, também suspenso)',
  pro_rata: 'Proporcional aos dias ativos',
  suspended_free: 'Sem cobrança enquanto suspenso',
};

/** The licence's confirmed state on the platform, as licence_events records it. */
export const LICENCE_EVENT_STATES = ['active', 'suspended', 'canceled', 'none'] as const;
export type LicenceEventState = (typeof LICENCE_EVENT_STATES)[number];

export const licenceStateLabels: Record<LicenceEventState, string> = { active: 'Ativo', suspended: 'Suspenso', canceled: 'Cancelado', none: 'Sem licença' };

/** A competência as the ERP names it, YYYY-MM. */
export const COMPETENCE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function competenceProblem(text: string): string | null {
  return COMPETENCE.test(text) ? null : `Competência inválida: "${text}". Use o formato aaaa-mm, por exemplo 2026-11.`;
}

export function daysInMonth(competence: string): number {
  const [y, m] = competence.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function nextCompetence(competence: string, by = 1): string {
  const [y, m] = competence.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** "11/2026", as the ERP prints a competência. */
export const competenceLabel = (competence: string) => `${competence.slice(5, 7)}/${competence.slice(0, 4)}`;

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CHARGING_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const dayCache = new Map<string, string>();

/** The São Paulo day (YYYY-MM-DD) of an instant. São Paulo's offsets are whole hours: cached per UTC hour. */
export function localDay(iso: string): string {
  const hour = iso.slice(0, 13);
  let day = dayCache.get(hour);
  if (day === undefined) {
    day = dayFormat.format(new Date(`${hour}:00:00Z`));
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(hour, day);
  }
  return day;
}

/** The competência an instant belongs to, in São Paulo. */
export const competenceOf = (iso: string) => localDay(iso).slice(0, 7);

export type LicenceEvent = { state: LicenceEventState; at: string };

export type LicenceDays = {
  activeDays: number;
  suspendedDays: number;
  /** days with a licence (active or suspended) */
  licenceDays: number;
  daysInMonth: number;
  /** the state at the end of the month */
  endState: LicenceEventState;
  /** day of the licence's first activation ever (YYYY-MM-DD), when it happened by the month's end */
  activatedOn?: string;
  /** day of the cancellation, when the licence ended by the month's end */
  canceledOn?: string;
  /** the suspended stretches inside the month, [first, last] days */
  suspensions: [string, string][];
};

const dayOf = (competence: string, n: number) => `${competence}-${String(n).padStart(2, '0')}`;

/** The days of a licence in the month, from its events in order (at, then as recorded). */
export function licenceDays(events: readonly LicenceEvent[], competence: string): LicenceDays {
  const dim = daysInMonth(competence);
  const first = dayOf(competence, 1);
  const last = dayOf(competence, dim);
  const counts: Record<LicenceEventState, number> = { active: 0, suspended: 0, canceled: 0, none: 0 };
  const suspensions: [string, string][] = [];
  let state: LicenceEventState = 'none';
  let cursor = 1;
  let activatedOn: string | undefined;
  let canceledOn: string | undefined;
  const span = (from: number, to: number) => {
    if (to < from) return;
    counts[state] += to - from + 1;
    if (state === 'suspended') suspensions.push([dayOf(competence, from), dayOf(competence, to)]);
  };
  for (const e of events) {
    const day = localDay(e.at);
    if (day > last) break;
    if (e.state === 'active' && activatedOn === undefined) activatedOn = day;
    if (e.state === 'canceled' || e.state === 'none') {
      if (state === 'active' || state === 'suspended') canceledOn = day;
    } else canceledOn = undefined;
    if (day >= first) {
      const n = Number(day.slice(8, 10));
      span(cursor, n - 1);
      cursor = Math.max(cursor, n);
    }
    state = e.state;
  }
  span(cursor, dim);
  // adjacent stretches (suspended, then suspended again the next day) as one
  const merged: [string, string][] = [];
  for (const s of suspensions) {
    const prev = merged.at(-1);
    if (prev && Number(s[0].slice(8)) === Number(prev[1].slice(8)) + 1) prev[1] = s[1];
    else merged.push([...s]);
  }
  return {
    activeDays: counts.active,
    suspendedDays: counts.suspended,
    licenceDays: counts.active + counts.suspended,
    daysInMonth: dim,
    endState: state,
    ...(activatedOn !== undefined && { activatedOn }),
    ...(canceledOn !== undefined && (state === 'canceled' || state === 'none') && { canceledOn }),
    suspensions: merged,
  };
}

/** price × part ÷ whole, rounded half up, in integer arithmetic (no float centavos). */
function share(priceCents: number, part: number, whole: number): number {
  return Math.floor((2 * priceCents * part + whole) / (2 * whole));
}

/** What the rule bills for the month's days. */
export function chargeAmount(rule: ChargingRule, priceCents: number, d: Pick<LicenceDays, 'activeDays' | 'suspendedDays' | 'licenceDays' | 'daysInMonth'>): number {
  switch (rule) {
    case 'integral':
      return d.licenceDays > 0 ? priceCents : 0;
    case 'pro_rata':
      return share(priceCents, d.activeDays, d.daysInMonth);
    case 'suspended_free':
      return d.activeDays > 0 ? share(priceCents, d.daysInMonth - d.suspendedDays, d.daysInMonth) : 0;
  }
}

export type Split = { svaCents: number; scmCents: number; otherCents: number };

const splitKey: Record<FiscalKind, keyof Split> = { SVA: 'svaCents', SCM: 'scmCents', outro: 'otherCents' };

/**
 * The amount split by the package's composition, item by item in proportion (rounded down); the
 * centavos left over go to the FIRST SVA ITEM (the first item when there is no SVA item), so the
 * parts always add up to the amount. A package without items is all SVA.
 */
export function splitAmount(amountCents: number, composition: readonly CompositionItem[]): Split {
  const out: Split = { svaCents: 0, scmCents: 0, otherCents: 0 };
  const whole = composition.reduce((s, i) => s + i.amountCents, 0);
  if (composition.length === 0 || whole === 0) {
    out.svaCents = amountCents;
    return out;
  }
  let given = 0;
  for (const item of composition) {
    const part = Math.floor((amountCents * item.amountCents) / whole);
    out[splitKey[item.fiscalKind]] += part;
    given += part;
  }
  const remainderOn = composition.find((i) => i.fiscalKind === 'SVA') ?? composition[0]!;
  out[splitKey[remainderOn.fiscalKind]] += amountCents - given;
  return out;
}

/** The cost in force on the competência's first day (a value from mid-month counts from the next one). */
export function costOn(history: readonly { costCents: number; validFrom: string }[] | undefined, competence: string): number | undefined {
  if (!history) return undefined;
  const first = dayOf(competence, 1);
  let best: { costCents: number; validFrom: string } | undefined;
  for (const h of history) if (h.validFrom <= first && (!best || h.validFrom >= best.validFrom)) best = h;
  return best?.costCents;
}

// ---- the month ----

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** One collator: `localeCompare` with a locale builds one per call (seconds for 100k lines). */
const byName = new Intl.Collator('pt-BR');

export type ChargingLink = {
  linkId: string;
  serviceId: string;
  customerCode: string;
  customerName: string;
  /** the customer's folded name (customers.name_key), the lines' order; folded here when absent */
  sortKey?: string;
  document: string;
  packageId: number;
  integrationId: string;
  /** the licence's key on the platform (effective contract identifier and label), when known */
  contractIdentifier?: string;
  label?: string;
  /** in order */
  events: readonly LicenceEvent[];
};

export type ChargingPackage = { name: string; priceCents: number; composition: readonly CompositionItem[]; productCode: string };

export type ChargingInput = {
  competence: string;
  links: readonly ChargingLink[];
  packages: ReadonlyMap<number, ChargingPackage>;
  /** `${integrationId}:${code}` → name */
  productNames: ReadonlyMap<string, string>;
  rules: ReadonlyMap<string, ChargingRule>;
  /** `${integrationId}:${code}` → the cost's history */
  costs: ReadonlyMap<string, readonly { costCents: number; validFrom: string }[]>;
  /**
   * A closed month recomputed for its adjustments: each link it billed keeps the rule, price and split
   * it was closed with, so only a change of its days (a late event) moves it, never a later change of
   * the rule or of the package's price.
   */
  frozen?: ReadonlyMap<string, { rule: ChargingRule; priceCents: number; composition?: readonly CompositionItem[] }>;
};

/** What a closed month's lines froze, for chargeMonth's `frozen`: the split in the closed line's proportions. */
export function frozenOf(closed: readonly ChargingLine[]): Map<string, { rule: ChargingRule; priceCents: number; composition?: CompositionItem[] }> {
  const out = new Map<string, { rule: ChargingRule; priceCents: number; composition?: CompositionItem[] }>();
  for (const l of closed) {
    if (l.kind !== 'month') continue;
    const composition: CompositionItem[] = [
      { description: 'SVA', fiscalKind: 'SVA', amountCents: l.svaCents },
      { description: 'SCM', fiscalKind: 'SCM', amountCents: l.scmCents },
      { description: 'outro', fiscalKind: 'outro', amountCents: l.otherCents },
    ];
    out.set(l.linkId, { rule: l.rule, priceCents: l.priceCents, ...(l.amountCents > 0 && { composition }) });
  }
  return out;
}

export type ChargingLine = Split & {
  /** 'month': the competência's own line; 'adjustment': a change to a closed month, billed now */
  kind: 'month' | 'adjustment';
  competence: string;
  /** for an adjustment: the closed competência it corrects */
  adjusts?: string;
  linkId: string;
  integrationId: string;
  contractIdentifier: string;
  label: string;
  customerCode: string;
  customerName: string;
  document: string;
  serviceId: string;
  packageName: string;
  productCode: string;
  productName: string;
  status: LicenceEventState;
  activatedOn?: string;
  canceledOn?: string;
  suspensions: [string, string][];
  activeDays: number;
  daysInMonth: number;
  rule: ChargingRule;
  priceCents: number;
  amountCents: number;
  /** the platform's cost for this licence this month (active any day), when the product has one */
  costCents: number;
};

export type ChargingTotals = Split & { lines: number; amountCents: number; costCents: number; licences: number };

export function totalsOf(lines: readonly ChargingLine[]): ChargingTotals {
  const t: ChargingTotals = { lines: lines.length, amountCents: 0, svaCents: 0, scmCents: 0, otherCents: 0, costCents: 0, licences: 0 };
  for (const l of lines) {
    t.amountCents += l.amountCents;
    t.svaCents += l.svaCents;
    t.scmCents += l.scmCents;
    t.otherCents += l.otherCents;
    t.costCents += l.costCents;
    if (l.kind === 'month' && l.activeDays > 0) t.licences++;
  }
  return t;
}

/** Every link with a licence day in the month, billed under its integration's rule, in customer order. */
export function chargeMonth(input: ChargingInput): ChargingLine[] {
  const { competence } = input;
  const lines: ChargingLine[] = [];
  // by the folded name as the Clientes list sorts (plain comparisons: a collator costs ~0.5 s on 100k)
  const keyed = input.links.map((l) => ({ key: l.sortKey ?? foldName(l.customerName), link: l }));
  keyed.sort((a, b) => cmp(a.key, b.key) || cmp(a.link.serviceId, b.link.serviceId) || cmp(a.link.linkId, b.link.linkId));
  for (const { link } of keyed) {
    const days = licenceDays(link.events, competence);
    if (days.licenceDays === 0) continue;
    const pkg = input.packages.get(link.packageId);
    const productCode = pkg?.productCode ?? '';
    const productKey = `${link.integrationId}:${productCode}`;
    const frozen = input.frozen?.get(link.linkId);
    const rule = frozen?.rule ?? input.rules.get(link.integrationId) ?? DEFAULT_CHARGING_RULE;
    const priceCents = frozen?.priceCents ?? pkg?.priceCents ?? 0;
    const amountCents = chargeAmount(rule, priceCents, days);
    lines.push({
      kind: 'month',
      competence,
      linkId: link.linkId,
      integrationId: link.integrationId,
      contractIdentifier: link.contractIdentifier ?? link.serviceId,
      label: link.label ?? '',
      customerCode: link.customerCode,
      customerName: link.customerName,
      document: link.document,
      serviceId: link.serviceId,
      packageName: pkg?.name ?? `Pacote ${link.packageId} (excluído)`,
      productCode,
      productName: input.productNames.get(productKey) ?? '',
      status: days.endState,
      ...(days.activatedOn !== undefined && { activatedOn: days.activatedOn }),
      ...(days.canceledOn !== undefined && { canceledOn: days.canceledOn }),
      suspensions: days.suspensions,
      activeDays: days.activeDays,
      daysInMonth: days.daysInMonth,
      rule,
      priceCents,
      amountCents,
      ...splitAmount(amountCents, frozen?.composition ?? pkg?.composition ?? []),
      costCents: days.activeDays > 0 ? (costOn(input.costs.get(productKey), competence) ?? 0) : 0,
    });
  }
  return lines;
}

/**
 * A closed month recomputed now against what was billed for it (its own lines and the adjustments
 * already billed for it since): each link whose billing moved gives one adjustment line, dated in
 * `into` (the next open competência), for the difference only.
 */
export function adjustmentsOf(billed: readonly ChargingLine[], now: readonly ChargingLine[], into: string): ChargingLine[] {
  type Sum = { line: ChargingLine; amountCents: number; svaCents: number; scmCents: number; otherCents: number; activeDays: number };
  const sums = (lines: readonly ChargingLine[]) => {
    const m = new Map<string, Sum>();
    for (const l of lines) {
      const s = m.get(l.linkId) ?? { line: l, amountCents: 0, svaCents: 0, scmCents: 0, otherCents: 0, activeDays: 0 };
      if (l.kind === 'month') s.line = l;
      s.amountCents += l.amountCents;
      s.svaCents += l.svaCents;
      s.scmCents += l.scmCents;
      s.otherCents += l.otherCents;
      s.activeDays += l.activeDays;
      m.set(l.linkId, s);
    }
    return m;
  };
  const before = sums(billed);
  const after = sums(now);
  const out: ChargingLine[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const a = after.get(id);
    const d = (k: 'amountCents' | 'svaCents' | 'scmCents' | 'otherCents' | 'activeDays') => (a?.[k] ?? 0) - (b?.[k] ?? 0);
    if (d('amountCents') === 0 && d('svaCents') === 0 && d('scmCents') === 0 && d('otherCents') === 0) continue;
    const base = (a ?? b)!.line;
    out.push({
      ...base,
      kind: 'adjustment',
      adjusts: base.adjusts ?? base.competence,
      competence: into,
      activeDays: d('activeDays'),
      amountCents: d('amountCents'),
      svaCents: d('svaCents'),
      scmCents: d('scmCents'),
      otherCents: d('otherCents'),
      costCents: 0,
    });
  }
  return out.sort((x, y) => byName.compare(x.customerName, y.customerName) || cmp(x.linkId, y.linkId));
}

// ---- Conferência da fatura da plataforma ----

/** A licence the platform checks saw in the month (platform_month_licences). */
export type PlatformMonthLicence = { integrationId: string; contractIdentifier: string; label: string; productCode: string; seenActive: boolean; lastStatus: string };

export const PLATFORM_EXCEPTIONS = ['not_billed', 'billed_not_active', 'no_licence', 'duplicate'] as const;
export type PlatformExceptionKind = (typeof PLATFORM_EXCEPTIONS)[number];

export const platformExceptionLabels: Record<PlatformExceptionKind, string> = {
  not_billed: 'Ativa na plataforma, não cobrada',
  billed_not_active: 'Cobrada, mas suspensa ou cancelada na plataforma',
  no_licence: 'Cobrada sem licença na plataforma',
  duplicate: 'Cobrança em duplicidade',
};

export type PlatformException = {
  kind: PlatformExceptionKind;
  integrationId: string;
  contractIdentifier: string;
  label: string;
  productCode: string;
  platformStatus?: string;
  customerName?: string;
  serviceId?: string;
  amountCents?: number;
};

export type PlatformBillProduct = {
  integrationId: string;
  productCode: string;
  productName: string;
  /** licences seen active on the platform in the month */
  platformActive: number;
  /** the cost per licence in force on the 1st; undefined when none was typed */
  unitCostCents?: number;
  expectedCents: number;
  /** licences in the customers' billing of the month (a free benefit counts, at R$ 0,00) */
  billedLicences: number;
  billedCents: number;
};

/**
 * The platform's bill for the month as the office can expect it (licences the checks saw active ×
 * the product's cost) against what the office bills its customers, and the exceptions: a licence
 * active there and billed to nobody, a licence billed and not active there, a licence billed with no
 * licence at all (the SVA-evidence gap the state tax offices look for), and a licence billed twice.
 */
export function platformBill(
  lines: readonly ChargingLine[],
  platform: readonly PlatformMonthLicence[],
  input: Pick<ChargingInput, 'competence' | 'costs' | 'productNames'>,
): { products: PlatformBillProduct[]; exceptions: PlatformException[] } {
  const key = (i: string, c: string, l: string) => `${i}\u0000${c}\u0000${l}`;
  // every line of the month accounts for its licence (a free benefit too); an amount above zero is SVA billed
  const month = lines.filter((l) => l.kind === 'month');
  const there = new Map(platform.map((p) => [key(p.integrationId, p.contractIdentifier, p.label), p]));
  const products = new Map<string, PlatformBillProduct>();
  const product = (integrationId: string, productCode: string) => {
    const k = `${integrationId}:${productCode}`;
    let p = products.get(k);
    if (!p) {
      const unit = costOn(input.costs.get(k), input.competence);
      p = { integrationId, productCode, productName: input.productNames.get(k) ?? '', platformActive: 0, ...(unit !== undefined && { unitCostCents: unit }), expectedCents: 0, billedLicences: 0, billedCents: 0 };
      products.set(k, p);
    }
    return p;
  };
  const exceptions: PlatformException[] = [];
  const seenKeys = new Map<string, ChargingLine>();
  const seenDocs = new Map<string, ChargingLine>();
  for (const l of month) {
    const p = product(l.integrationId, l.productCode);
    p.billedLicences++;
    p.billedCents += l.amountCents;
    const k = key(l.integrationId, l.contractIdentifier, l.label);
    const covered = seenKeys.has(k);
    seenKeys.set(k, l);
    if (l.amountCents === 0) continue;
    const base = { integrationId: l.integrationId, contractIdentifier: l.contractIdentifier, label: l.label, productCode: l.productCode, customerName: l.customerName, serviceId: l.serviceId, amountCents: l.amountCents };
    const doc = `${l.integrationId}\u0000${l.document}\u0000${l.productCode}`;
    if (covered || (l.document !== '' && seenDocs.has(doc))) exceptions.push({ kind: 'duplicate', ...base });
    seenDocs.set(doc, l);
    const licence = there.get(k);
    if (!licence) exceptions.push({ kind: 'no_licence', ...base });
    else if (!licence.seenActive) exceptions.push({ kind: 'billed_not_active', ...base, platformStatus: licence.lastStatus });
  }
  for (const licence of platform) {
    if (!licence.seenActive) continue;
    const p = product(licence.integrationId, licence.productCode);
    p.platformActive++;
    p.expectedCents += p.unitCostCents ?? 0;
    if (!seenKeys.has(key(licence.integrationId, licence.contractIdentifier, licence.label)))
      exceptions.push({ kind: 'not_billed', integrationId: licence.integrationId, contractIdentifier: licence.contractIdentifier, label: licence.label, productCode: licence.productCode, platformStatus: licence.lastStatus });
  }
  return { products: [...products.values()].sort((a, b) => cmp(a.productCode, b.productCode)), exceptions };
}

// ---- the ERP file ----

export const chargingCsvHeader = [
  'competencia',
  'tipo',
  'competencia_ajustada',
  'codigo_cliente',
  'cliente',
  'cpf_cnpj',
  'id_cliente_servico',
  'pacote',
  'codigo_produto',
  'produto',
  'status',
  'data_ativacao',
  'data_cancelamento',
  'periodos_suspensos',
  'dias_ativos',
  'dias_no_mes',
  'regra',
  'preco',
  'valor',
  'valor_sva',
  'valor_scm',
  'valor_outro',
] as const;

export type ChargingDialect = 'excel' | 'machine';

const brDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Centavos as the dialect writes them: 1234,56 (Excel pt-BR) or 1234.56, with no thousands separator. */
export function moneyCell(cents: number, dialect: ChargingDialect): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}${dialect === 'excel' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
}

const ruleCells: Record<ChargingRule, string> = { integral: 'integral', pro_rata: 'proporcional', suspended_free: 'sem_cobranca_suspenso' };

/** One line as the ERP file's cells: dates dd/mm/aaaa (Excel) or ISO (machine). */
export function chargingCsvRow(l: ChargingLine, dialect: ChargingDialect): string[] {
  const day = (iso: string | undefined) => (iso === undefined ? '' : dialect === 'excel' ? brDay(iso) : iso);
  const periods = l.suspensions.map(([a, b]) => (dialect === 'excel' ? `${brDay(a)} a ${brDay(b)}` : `${a}/${b}`)).join(dialect === 'excel' ? ', ' : ' ');
  const competence = (c: string | undefined) => (c === undefined ? '' : dialect === 'excel' ? competenceLabel(c) : c);
  return [
    competence(l.competence),
    l.kind === 'month' ? 'mensal' : 'ajuste',
    competence(l.adjusts),
    l.customerCode,
    l.customerName,
    l.document,
    l.serviceId,
    l.packageName,
    l.productCode,
    l.productName,
    licenceStateLabels[l.status],
    day(l.activatedOn),
    day(l.canceledOn),
    periods,
    String(l.activeDays),
    String(l.daysInMonth),
    ruleCells[l.rule],
    moneyCell(l.priceCents, dialect),
    moneyCell(l.amountCents, dialect),
    moneyCell(l.svaCents, dialect),
    moneyCell(l.scmCents, dialect),
    moneyCell(l.otherCents, dialect),
  ];
}
