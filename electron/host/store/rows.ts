/**
 * Rows ↔ the domain's records (shared/domain/model.ts), one mapper per table: booleans as 0/1,
 * nested values as JSON text, absent optionals as NULL. Every repository reads and writes through
 * these, so a column is encoded in one place.
 */
import type { Selectable } from 'kysely';
import type { WorkspaceRows } from '../../../shared/contract/workspace';
import type { ChargingRule, LicenceEventState } from '../../../shared/domain/charging';
import type { Customer, HistoryEvent, Integration, Link, Package, Plan, Product, Service } from '../../../shared/domain/model';
import { customerSearchText, nameKey } from '../../../shared/domain/search';
import type {
  ChargingClosingTable,
  ChargingRuleTable,
  CustomerTable,
  EventTable,
  IntegrationTable,
  LicenceEventTable,
  LinkTable,
  PackageTable,
  PlanPackageTable,
  PlanTable,
  PlatformMonthLicenceTable,
  ProductCostTable,
  ProductTable,
  ServiceTable,
} from './schema';

const bool = (v: boolean): 0 | 1 => (v ? 1 : 0);
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
const json = (v: unknown): string => JSON.stringify(v);
const parse = <T>(v: string): T => JSON.parse(v) as T;

/** Who wrote a row and its concurrency version: not part of the domain record, shown beside it. */
export type Stamp = { version: number; updatedBy: string | null };

// ---- integrations (the non-secret part; the vault holds ApiKey/ApiSecret) ----

export function integrationRow(i: Integration) {
  return {
    id: i.id,
    platform: i.platform,
    description: i.description,
    environment: i.environment,
    baseUrl: i.baseUrl,
    active: bool(i.active),
    suspendBySubscriptionStatus: bool(i.suspendBySubscriptionStatus),
    statusMap: json(i.statusMap),
    ispName: i.ispName ?? null,
    activeLicenses: i.activeLicenses ?? null,
    lastTestAt: i.lastTestAt ?? null,
    lastSyncAt: i.lastSyncAt ?? null,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

export function integrationOf(r: Selectable<IntegrationTable>): Integration {
  return {
    id: r.id,
    platform: r.platform as Integration['platform'],
    description: r.description,
    environment: r.environment as Integration['environment'],
    baseUrl: r.baseUrl,
    active: r.active === 1,
    suspendBySubscriptionStatus: r.suspendBySubscriptionStatus === 1,
    statusMap: parse(r.statusMap),
    ...(r.ispName !== null && { ispName: r.ispName }),
    ...(r.activeLicenses !== null && { activeLicenses: r.activeLicenses }),
    ...(r.lastTestAt !== null && { lastTestAt: r.lastTestAt }),
    ...(r.lastSyncAt !== null && { lastSyncAt: r.lastSyncAt }),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

// ---- products ----

export const productRow = (p: Product) => ({ ...p });
export const productOf = (r: Selectable<ProductTable>): Product => ({ ...r, status: r.status as Product['status'] });

// ---- packages ----

export function packageRow(p: Omit<Package, 'id'> & { id?: number }) {
  return {
    ...(p.id !== undefined && { id: p.id }),
    name: p.name,
    description: p.description,
    kind: p.kind,
    priceCents: p.priceCents,
    composition: json(p.composition),
    approvalBy: p.compositionApproval?.by ?? null,
    approvalAt: p.compositionApproval?.at ?? null,
    integrationId: p.integrationId,
    productCode: p.productCode,
    label: p.label,
    active: bool(p.active),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function packageOf(r: Selectable<PackageTable>): Package {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind as Package['kind'],
    priceCents: r.priceCents,
    composition: parse(r.composition),
    ...(r.approvalBy !== null && r.approvalAt !== null && { compositionApproval: { by: r.approvalBy, at: r.approvalAt } }),
    integrationId: r.integrationId,
    productCode: r.productCode,
    label: r.label,
    active: r.active === 1,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

// ---- plans and their default packages (S8, S11, S12) ----

export function planRow(p: Omit<Plan, 'id' | 'defaultPackages'> & { id?: number }) {
  return {
    ...(p.id !== undefined && { id: p.id }),
    name: p.name,
    priceCents: p.priceCents,
    lockPackages: bool(p.lockPackages),
    active: bool(p.active),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export const planPackageRows = (plan: Pick<Plan, 'id' | 'defaultPackages'>) =>
  plan.defaultPackages.map((d, position) => ({ planId: plan.id, packageId: d.packageId, mandatory: bool(d.mandatory), position }));

export function planOf(r: Selectable<PlanTable>, defaults: readonly Selectable<PlanPackageTable>[]): Plan {
  return {
    id: r.id,
    name: r.name,
    priceCents: r.priceCents,
    defaultPackages: defaults
      .filter((d) => d.planId === r.id)
      .sort((a, b) => a.position - b.position)
      .map((d) => ({ packageId: d.packageId, mandatory: d.mandatory === 1 })),
    lockPackages: r.lockPackages === 1,
    active: r.active === 1,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

// ---- customers (with their derived search columns) ----

export function customerRow(c: Omit<Customer, 'id'> & { id?: number }) {
  return {
    ...(c.id !== undefined && { id: c.id }),
    code: c.code ?? null,
    name: c.name,
    nameKey: nameKey(c.name),
    documentType: c.documentType,
    document: c.document,
    emails: json(c.emails),
    phones: json(c.phones),
    address: c.address ? json(c.address) : null,
    searchText: customerSearchText(c),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function customerOf(r: Pick<Selectable<CustomerTable>, 'id' | 'code' | 'name' | 'documentType' | 'document' | 'emails' | 'phones' | 'address' | 'createdAt' | 'updatedAt'>): Customer {
  return {
    id: r.id,
    ...(r.code !== null && { code: r.code }),
    name: r.name,
    documentType: r.documentType as Customer['documentType'],
    document: r.document,
    emails: parse(r.emails),
    phones: parse(r.phones),
    ...(r.address !== null && { address: parse(r.address) }),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

// ---- services ----

export const serviceRow = (s: Service) => ({ id: s.id, customerId: s.customerId, planId: s.planId, status: s.status, createdAt: s.createdAt, updatedAt: s.updatedAt });
export const serviceOf = (r: Selectable<ServiceTable>): Service => ({
  id: r.id,
  customerId: r.customerId,
  planId: r.planId,
  status: r.status as Service['status'],
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

// ---- links and what the platform confirmed ----

export function linkRow(l: Link) {
  return {
    id: l.id,
    serviceId: l.serviceId,
    packageId: l.packageId,
    password: l.password ?? null,
    contractIdentifier: l.contractIdentifier ?? null,
    label: l.label ?? null,
    removedAt: l.removedAt ?? null,
    observedState: l.observed.state,
    observed: json(l.observed),
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}

export function linkOf(r: Pick<Selectable<LinkTable>, 'id' | 'serviceId' | 'packageId' | 'password' | 'contractIdentifier' | 'label' | 'removedAt' | 'observed' | 'createdAt' | 'updatedAt'>): Link {
  return {
    id: r.id,
    serviceId: r.serviceId,
    packageId: r.packageId,
    ...(r.password !== null && { password: r.password }),
    ...(r.contractIdentifier !== null && { contractIdentifier: r.contractIdentifier }),
    ...(r.label !== null && { label: r.label }),
    ...(r.removedAt !== null && { removedAt: r.removedAt }),
    observed: parse(r.observed),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

// ---- history events ----

export function eventRow(e: Omit<HistoryEvent, 'id'> & { clerk?: string }) {
  return {
    at: e.at,
    actor: e.actor,
    clerk: e.clerk ?? null,
    integrationId: e.integrationId ?? null,
    kind: e.kind,
    subject: e.subject ?? null,
    outcome: e.outcome,
    message: e.message,
    platformErrorId: e.platformErrorId ?? null,
  };
}

export type StoredEvent = HistoryEvent & { id: number; clerk?: string };

export function eventOf(r: Selectable<EventTable>): StoredEvent {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor as HistoryEvent['actor'],
    ...(opt(r.clerk) !== undefined && { clerk: r.clerk! }),
    ...(r.integrationId !== null && { integrationId: r.integrationId }),
    kind: r.kind,
    ...(r.subject !== null && { subject: r.subject }),
    outcome: r.outcome as HistoryEvent['outcome'],
    message: r.message,
    ...(r.platformErrorId !== null && { platformErrorId: r.platformErrorId }),
  };
}

// ---- Cobrança (migration 0002-billing), as a backup holds its rows ----

type Billing<T extends 'licenceEvents' | 'productCosts' | 'chargingRules' | 'chargingClosings' | 'platformMonthLicences'> = WorkspaceRows[T][number];

export const licenceEventRow = (e: Billing<'licenceEvents'>) => ({ id: e.id, linkId: e.linkId, serviceId: e.serviceId, packageId: e.packageId, integrationId: e.integrationId, state: e.state, at: e.at });
export const licenceEventOf = (r: Selectable<LicenceEventTable>): Billing<'licenceEvents'> => licenceEventRow({ ...r, state: r.state as LicenceEventState });

export const productCostRow = (c: Billing<'productCosts'>) => ({
  id: c.id,
  integrationId: c.integrationId,
  productCode: c.productCode,
  costCents: c.costCents,
  validFrom: c.validFrom,
  createdAt: c.createdAt,
  createdBy: c.createdBy,
});
export const productCostOf = (r: Selectable<ProductCostTable>): Billing<'productCosts'> => productCostRow(r);

export const chargingRuleRow = (r: Billing<'chargingRules'>) => ({ integrationId: r.integrationId, rule: r.rule, updatedAt: r.updatedAt, updatedBy: r.updatedBy });
export const chargingRuleOf = (r: Selectable<ChargingRuleTable>): Billing<'chargingRules'> => chargingRuleRow({ ...r, rule: r.rule as ChargingRule });

/** The closing's lines are written back as the same JSON text they were read from (what went to the ERP). */
export const chargingClosingRow = (c: Billing<'chargingClosings'>) => ({
  competence: c.competence,
  closedAt: c.closedAt,
  closedBy: c.closedBy,
  dataHash: c.dataHash,
  totalCents: c.totalCents,
  lines: json(c.lines),
});
export const chargingClosingOf = (r: Selectable<ChargingClosingTable>): Billing<'chargingClosings'> => ({ ...r, lines: parse(r.lines) });

export const platformMonthLicenceRow = (l: Billing<'platformMonthLicences'>) => ({
  integrationId: l.integrationId,
  competence: l.competence,
  contractIdentifier: l.contractIdentifier,
  label: l.label,
  productCode: l.productCode,
  seenActive: bool(l.seenActive),
  lastStatus: l.lastStatus,
  lastSeenAt: l.lastSeenAt,
});
export const platformMonthLicenceOf = (r: Selectable<PlatformMonthLicenceTable>): Billing<'platformMonthLicences'> => ({
  ...r,
  seenActive: r.seenActive === 1,
  lastStatus: r.lastStatus as Billing<'platformMonthLicences'>['lastStatus'],
});
