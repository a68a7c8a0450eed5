/**
 * What an import would change, computed before anything is written: the counts the office
 * confirms, and the rows the apply step writes. Pure: the existing rows come in as arrays (the
 * host reads them from its store; the renderer from Dexie, with its own customer rows).
 *
 * A new service and a plan migration follow the same rules as when the clerk does them one by one
 * (shared/domain/plan-rules.ts): S8/S11 a new service gets its plan's MANDATORY default packages
 * (the optional ones are the clerk's choice, and an import has no clerk choosing); S8 a service that
 * migrates gets the new plan's defaults it lacks; S12 a migration to a plan with Travar Pacotes
 * lists the links that plan does not allow, and the office decides, for all of them, keep or remove.
 */
import type { Customer, Integration, Link, Package, Plan, Service } from '../domain/model';
import { lockedPlanReason, migrationPlan, packagesAttachedToNewService } from '../domain/plan-rules';
import { desiredLicenceState } from '../domain/status';
import { planNameKey, type ImportRow } from './validate';

/** Plan in the file → a new plan of that name, or an existing plan. */
export type PlanChoice = { kind: 'create' } | { kind: 'existing'; planId: number };
export type PlanResolution = Record<string, PlanChoice>;

export type ExistingLink = Pick<Link, 'id' | 'serviceId' | 'packageId' | 'removedAt'>;

/** The records an import is compared with: at least those of the file's documents and services. */
export type Existing<C extends Customer = Customer> = {
  customers: C[];
  services: Service[];
  links: ExistingLink[];
  plans: Plan[];
  packages: Package[];
  integrations: Integration[];
};

export type ServiceWrite = {
  id: string;
  customerDocument: string;
  /** set when the plan already exists; otherwise the plan created with `newPlanName` */
  planId?: number;
  newPlanName?: string;
  status: Service['status'];
  createdAt: string;
  isNew: boolean;
};

export type LinkWrite = { serviceId: string; packageId: number };

/** S12: a live link of a migrating service that its new, locked plan does not allow. */
export type LockedLink = { linkId: string; serviceId: string; packageId: number; planId: number };

export type ImportCounts = {
  newCustomers: number;
  changedCustomers: number;
  newServices: number;
  statusChanges: number;
  planChanges: number;
  customerChanges: number;
  newPlans: number;
  newLinks: number;
  /** services with packages whose licences the status changes will suspend / re-enable / cancel */
  suspensions: number;
  reenables: number;
  cancellations: number;
  /** S12: links on migrating services that the new plan, with Travar Pacotes, does not allow */
  lockedLinks: number;
};

export type ImportDiff<C extends Customer = Customer> = {
  counts: ImportCounts;
  customersToAdd: Omit<Customer, 'id'>[];
  customersToUpdate: C[];
  plansToCreate: string[];
  services: ServiceWrite[];
  links: LinkWrite[];
  lockedLinks: LockedLink[];
  /** S12: why, per locked plan, in the words the clerk reads elsewhere */
  lockedReasons: string[];
};

/**
 * Default choice: what the office chose in an earlier import, else an existing plan with the same
 * name (ignoring case and accents), else create it. Remembering keeps a re-import a no-op.
 */
export function defaultPlanResolution(planNames: string[], plans: Pick<Plan, 'id' | 'name'>[], remembered: Record<string, number> = {}): PlanResolution {
  const ids = new Set(plans.map((p) => p.id));
  const byKey = new Map(plans.map((p) => [planNameKey(p.name), p.id]));
  const out: PlanResolution = {};
  for (const name of planNames) {
    const key = planNameKey(name);
    const id = remembered[key] !== undefined && ids.has(remembered[key]) ? remembered[key] : byKey.get(key);
    out[name] = id === undefined ? { kind: 'create' } : { kind: 'existing', planId: id };
  }
  return out;
}

const sameList = <T>(a: T[], b: T[], key: (t: T) => string) => a.length === b.length && a.every((x, i) => key(x) === key(b[i]));
const phoneKey = (p: { ddd: string; number: string; mobile: boolean }) => `${p.ddd}${p.number}${p.mobile}`;

export const emptyCounts = (): ImportCounts => ({
  newCustomers: 0,
  changedCustomers: 0,
  newServices: 0,
  statusChanges: 0,
  planChanges: 0,
  customerChanges: 0,
  newPlans: 0,
  newLinks: 0,
  suspensions: 0,
  reenables: 0,
  cancellations: 0,
  lockedLinks: 0,
});

export function hasChanges(counts: ImportCounts): boolean {
  return Object.values(counts).some((n) => n > 0);
}

export function computeDiff<C extends Customer>(rows: ImportRow[], resolution: PlanResolution, existing: Existing<C>, now: string): ImportDiff<C> {
  const counts = emptyCounts();

  // One customer per document: its first line gives the name; e-mails and phones of all its lines add up.
  type Gathered = Pick<Customer, 'name' | 'documentType' | 'document' | 'emails' | 'phones'> & { code?: string };
  const fileCustomers = new Map<string, Gathered>();
  for (const r of rows) {
    const c = fileCustomers.get(r.document);
    if (!c) {
      fileCustomers.set(r.document, { name: r.name, code: r.customerCode, documentType: r.documentType, document: r.document, emails: [...r.emails], phones: [...r.phones] });
      continue;
    }
    c.code ??= r.customerCode;
    for (const e of r.emails) if (!c.emails.includes(e)) c.emails.push(e);
    for (const p of r.phones) if (!c.phones.some((q) => q.ddd === p.ddd && q.number === p.number)) c.phones.push(p);
  }

  const customersByDocument = new Map(existing.customers.map((c) => [c.document, c]));
  const customersToAdd: Omit<Customer, 'id'>[] = [];
  const customersToUpdate: C[] = [];
  for (const c of fileCustomers.values()) {
    const old = customersByDocument.get(c.document);
    if (!old) {
      const row: Omit<Customer, 'id'> = { ...c, createdAt: now, updatedAt: now };
      if (row.code === undefined) delete row.code;
      customersToAdd.push(row);
      counts.newCustomers++;
      continue;
    }
    // The ERP is the record for what it exports; an empty cell never erases what the office typed.
    const next = {
      name: c.name,
      code: c.code ?? old.code,
      documentType: c.documentType,
      emails: c.emails.length > 0 ? c.emails : old.emails,
      phones: c.phones.length > 0 ? c.phones : old.phones,
    };
    const changed =
      next.name !== old.name ||
      next.code !== old.code ||
      next.documentType !== old.documentType ||
      !sameList(next.emails, old.emails, (e) => e) ||
      !sameList(next.phones, old.phones, phoneKey);
    if (!changed) continue;
    const row = { ...old, ...next, updatedAt: now } as C;
    if (row.code === undefined) delete row.code;
    customersToUpdate.push(row);
    counts.changedCustomers++;
  }

  const plansById = new Map(existing.plans.map((p) => [p.id, p]));
  const plansToCreate = new Set<string>();
  const planChoices = new Map<string, { planId?: number; newPlanName?: string }>();
  const planOf = (name: string): { planId?: number; newPlanName?: string } => {
    let plan = planChoices.get(name);
    if (!plan) {
      const choice = resolution[name];
      plan = choice?.kind === 'existing' && plansById.has(choice.planId) ? { planId: choice.planId } : { newPlanName: name };
      if (plan.newPlanName !== undefined) plansToCreate.add(name);
      planChoices.set(name, plan);
    }
    return plan;
  };

  const servicesById = new Map(existing.services.map((s) => [s.id, s]));
  const liveLinksByService = new Map<string, ExistingLink[]>();
  for (const l of existing.links) {
    if (l.removedAt !== undefined) continue;
    const list = liveLinksByService.get(l.serviceId);
    if (list) list.push(l);
    else liveLinksByService.set(l.serviceId, [l]);
  }
  const integrationOfPackage = new Map<number, Integration>();
  const integrationsById = new Map(existing.integrations.map((i) => [i.id, i]));
  for (const p of existing.packages) {
    // an inactive package is never attached by default (as when a service is added by hand)
    if (!p.active) continue;
    const integration = integrationsById.get(p.integrationId);
    if (integration) integrationOfPackage.set(p.id, integration);
  }
  const customerIdByDocument = new Map(existing.customers.map((c) => [c.document, c.id]));
  // S8/S11, per plan (a file has a handful of plans for thousands of services).
  const attachedByPlan = new Map<number, number[]>();
  const attachedToNewService = (plan: Plan) => {
    let ids = attachedByPlan.get(plan.id);
    if (!ids) attachedByPlan.set(plan.id, (ids = packagesAttachedToNewService(plan).filter((id) => integrationOfPackage.has(id))));
    return ids;
  };

  const services: ServiceWrite[] = [];
  const links: LinkWrite[] = [];
  const lockedLinks: LockedLink[] = [];
  const lockedPlans = new Set<Plan>();
  for (const r of rows) {
    const plan = planOf(r.planName);
    const target = plan.planId === undefined ? undefined : plansById.get(plan.planId);
    const old = servicesById.get(r.serviceId);
    if (!old) {
      services.push({ id: r.serviceId, customerDocument: r.document, planId: plan.planId, newPlanName: plan.newPlanName, status: r.status, createdAt: now, isNew: true });
      counts.newServices++;
      // S8/S11: the plan's mandatory default packages; a plan created now has none.
      if (target) for (const packageId of attachedToNewService(target)) links.push({ serviceId: r.serviceId, packageId });
      continue;
    }

    const statusChanged = old.status !== r.status;
    const planChanged = plan.planId !== old.planId;
    const customerChanged = customerIdByDocument.get(r.document) !== old.customerId;
    if (!statusChanged && !planChanged && !customerChanged) continue;
    services.push({ id: r.serviceId, customerDocument: r.document, planId: plan.planId, newPlanName: plan.newPlanName, status: r.status, createdAt: old.createdAt, isNew: false });
    if (customerChanged) counts.customerChanges++;
    const live = liveLinksByService.get(r.serviceId) ?? [];
    if (planChanged) {
      counts.planChanges++;
      const from = plansById.get(old.planId);
      if (target && from) {
        const change = migrationPlan(from, target, live);
        // S8: the new plan's default packages the service does not have yet.
        for (const packageId of change.add) if (integrationOfPackage.has(packageId)) links.push({ serviceId: r.serviceId, packageId });
        // S12: what the new plan, locked, does not allow: the office decides before anything is written.
        for (const l of change.notAllowed) lockedLinks.push({ linkId: l.id, serviceId: r.serviceId, packageId: l.packageId, planId: target.id });
        if (change.notAllowed.length > 0) lockedPlans.add(target);
      }
    }
    if (statusChanged) {
      counts.statusChanges++;
      // S2: what the platform will be told, per integration of the service's packages.
      let suspends = false;
      let reenables = false;
      let cancels = false;
      for (const link of live) {
        const integration = integrationOfPackage.get(link.packageId);
        if (!integration) continue;
        const before = desiredLicenceState(old.status, integration);
        const after = desiredLicenceState(r.status, integration);
        if (before === after) continue;
        if (after === 'suspended') suspends = true;
        else if (after === 'canceled') cancels = true;
        else if (after === 'active' && before === 'suspended') reenables = true;
      }
      if (suspends) counts.suspensions++;
      if (reenables) counts.reenables++;
      if (cancels) counts.cancellations++;
    }
  }

  counts.newPlans = plansToCreate.size;
  counts.newLinks = links.length;
  counts.lockedLinks = lockedLinks.length;
  return {
    counts,
    customersToAdd,
    customersToUpdate,
    plansToCreate: [...plansToCreate],
    services,
    links,
    lockedLinks,
    lockedReasons: [...lockedPlans].map((p) => lockedPlanReason(p.name)),
  };
}
