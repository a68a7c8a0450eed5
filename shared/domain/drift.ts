/**
 * "Conferir com a plataforma": the office's record (desired state of each link, and the observed
 * state the planner trusts) × what the platform really holds (GET /subscribers) → the differences,
 * and what fixes each one. Pure: no I/O, no clock.
 *
 * The same rules as the planner, imported, never restated: S10 effective contract_identifier and
 * label, the platform key, and S2 desiredLicenceState. What "should be on the platform" follows the
 * planner's targets: desired `suspended` and `not_provisioned` are both "held" (an existing licence
 * is suspended, none is created), so a delinquent customer who was never provisioned having no
 * licence is not a difference.
 */
import { effectiveContractIdentifier, effectiveLabel, linkKey } from './defaults';
import type { Customer, Integration, LicenceState, Link, ObservedLicenceState, ObservedState, Package, Service } from './model';
import { licenceStepHash, type LinkPlan } from './operation';
import { licenceSeen } from './licence';
import { desiredLicenceState } from './status';

/** What the platform answered for one contract (personal data left out, except the name). */
export type PlatformSubscriberView = {
  contractIdentifier: string;
  name: string;
  licences: { label: string; productCode: string; status: 'active' | 'suspended' | 'canceled' }[];
};

/** The licence of a key as the platform holds it; 'none' = no such licence (or no such subscriber). */
export type PlatformHas = 'active' | 'suspended' | 'canceled' | 'none';

export const DriftKind = ['paying_for_nothing', 'missing_on_platform', 'state_mismatch', 'unknown_to_office'] as const;
export type DriftKind = (typeof DriftKind)[number];

export type DriftRow = {
  kind: DriftKind;
  integrationId: string;
  contractIdentifier: string;
  label: string;
  /** The office's customer name when there is a link, else the platform subscriber's. */
  customerName: string;
  /** What the office wants (desired licence state); null when no link of the office has this key. */
  officeWants: LicenceState | null;
  /** What the office's record says the platform has (observed state); null without a link. */
  officeRecord: ObservedLicenceState | null;
  platformHas: PlatformHas;
  /** The platform licence's product, when it has one. */
  productCode?: string;
  /** The link that owns the key (live first), when the office has one. */
  linkId?: string;
  serviceId?: string;
  /** Removed links of the same key that still claim a licence: the fix corrects them too. */
  relatedLinkIds: string[];
  /**
   * The next transmission pass already acts on this row by itself (the office's record agrees with
   * the platform, or reads as unknown after an error). Fixing it only starts that pass sooner.
   */
  pending: boolean;
  /** S9: the link is blocked and will not be transmitted until the customer's record is fixed. */
  blockedReason?: string;
};

export type DriftInput = {
  integration: Integration;
  links: readonly Link[];
  services: readonly Service[];
  packages: readonly Package[];
  customers: readonly Pick<Customer, 'id' | 'name'>[];
  platform: readonly PlatformSubscriberView[];
};

export type DriftReport = {
  rows: DriftRow[];
  counts: {
    /** Licences the platform holds active in the subscriber list. */
    platformActive: number;
    /** Live links of this integration whose desired state is active (one per key). */
    officeShouldBeActive: number;
  };
};

type Owner = {
  link: Link;
  service: Service;
  contractIdentifier: string;
  label: string;
  desired: LicenceState;
  related: Link[];
};

/** How the office's record reads, in the planner's terms ('unknown' after an error or an interrupted run). */
const recordReads = licenceSeen;

/** Prefer a live link, then one the platform knows, then the oldest (the planner blocks the others as a conflict). */
function better(a: Link, b: Link): boolean {
  const live = (l: Link) => (l.removedAt === undefined ? 0 : 1);
  const known = (l: Link) => (recordReads(l.observed) === 'absent' ? 1 : 0);
  if (live(a) !== live(b)) return live(a) < live(b);
  if (known(a) !== known(b)) return known(a) < known(b);
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.id < b.id;
}

/** The difference between what the office wants and what the platform has; null when they agree. */
function kindOf(desired: LicenceState, has: PlatformHas, record: ReturnType<typeof recordReads>): DriftKind | null {
  const gone = has === 'none' || has === 'canceled';
  if (has === 'active') return desired === 'active' ? null : 'paying_for_nothing';
  if (desired === 'active') return gone ? 'missing_on_platform' : 'state_mismatch';
  if (desired === 'canceled') return gone ? null : 'state_mismatch';
  // held: a suspended licence is right; no licence is right too, unless the office believes it has one
  if (has === 'suspended') return null;
  return record === 'active' || record === 'suspended' ? 'missing_on_platform' : null;
}

export function computeDrift(input: DriftInput): DriftReport {
  const { integration } = input;
  const packages = new Map(input.packages.map((p) => [p.id, p]));
  const services = new Map(input.services.map((s) => [s.id, s]));
  const customers = new Map(input.customers.map((c) => [c.id, c]));

  // The office's links of this integration, one owner per platform key.
  const owners = new Map<string, Owner>();
  for (const link of input.links) {
    const pkg = packages.get(link.packageId);
    const service = services.get(link.serviceId);
    if (pkg === undefined || service === undefined || pkg.integrationId !== integration.id) continue;
    const contractIdentifier = effectiveContractIdentifier(link, service);
    const label = effectiveLabel(link, pkg);
    if (contractIdentifier === '' || label === '') continue;
    const key = linkKey(integration.id, contractIdentifier, label);
    const desired = link.removedAt !== undefined ? 'canceled' : desiredLicenceState(service.status, integration);
    const current = owners.get(key);
    if (current === undefined) {
      owners.set(key, { link, service, contractIdentifier, label, desired, related: [] });
    } else if (better(link, current.link)) {
      owners.set(key, { link, service, contractIdentifier, label, desired, related: [current.link, ...current.related] });
    } else {
      current.related.push(link);
    }
  }

  // The platform's licences by key (a canceled licence stays listed: it counts as none).
  const licences = new Map<string, { subscriber: PlatformSubscriberView; licence: PlatformSubscriberView['licences'][number] }>();
  let platformActive = 0;
  for (const subscriber of input.platform) {
    for (const licence of subscriber.licences) {
      if (licence.status === 'active') platformActive++;
      licences.set(linkKey(integration.id, subscriber.contractIdentifier, licence.label), { subscriber, licence });
    }
  }

  const rows: DriftRow[] = [];
  let officeShouldBeActive = 0;
  for (const [key, o] of owners) {
    if (o.link.removedAt === undefined && o.desired === 'active') officeShouldBeActive++;
    const found = licences.get(key);
    const has: PlatformHas = found?.licence.status ?? 'none';
    const record = recordReads(o.link.observed);
    const kind = kindOf(o.desired, has, record);
    if (kind === null) continue;
    const claims = (l: Link) => recordReads(l.observed) !== 'absent';
    const related = o.related.filter((l) => l.removedAt !== undefined && claims(l)).map((l) => l.id);
    const recordAgrees = record === 'unknown' || (record === 'absent' ? has === 'none' || has === 'canceled' : record === has);
    const row: DriftRow = {
      kind,
      integrationId: integration.id,
      contractIdentifier: o.contractIdentifier,
      label: o.label,
      customerName: customers.get(o.service.customerId)?.name ?? found?.subscriber.name ?? '',
      officeWants: o.desired,
      officeRecord: o.link.observed.state,
      platformHas: has,
      linkId: o.link.id,
      serviceId: o.service.id,
      relatedLinkIds: related,
      pending: recordAgrees && related.length === 0 && o.link.observed.state !== 'blocked',
    };
    if (found) row.productCode = found.licence.productCode;
    if (o.link.observed.blockedReason !== undefined) row.blockedReason = o.link.observed.blockedReason;
    rows.push(row);
  }

  for (const [key, { subscriber, licence }] of licences) {
    if (owners.has(key) || licence.status === 'canceled') continue;
    rows.push({
      kind: 'unknown_to_office',
      integrationId: integration.id,
      contractIdentifier: subscriber.contractIdentifier,
      label: licence.label,
      customerName: subscriber.name,
      officeWants: null,
      officeRecord: null,
      platformHas: licence.status,
      productCode: licence.productCode,
      relatedLinkIds: [],
      pending: false,
    });
  }

  const order: Record<DriftKind, number> = { paying_for_nothing: 0, unknown_to_office: 1, state_mismatch: 2, missing_on_platform: 3 };
  rows.sort(
    (a, b) =>
      order[a.kind] - order[b.kind] ||
      a.customerName.localeCompare(b.customerName, 'pt-BR') ||
      a.contractIdentifier.localeCompare(b.contractIdentifier) ||
      a.label.localeCompare(b.label),
  );
  return { rows, counts: { platformActive, officeShouldBeActive } };
}

/**
 * The fix of a row with a link: the office's record takes what the platform really has, so the next
 * planner pass plans the steps from there (e.g. observed active + desired suspended → suspend;
 * observed none + desired active → upsert + grant). The hash of what was last sent is kept while a
 * licence exists (it still says what the office sent); with no licence it goes, as the planner
 * resends everything from 'absent'. An error or in-flight mark goes: the state is known now.
 */
export function observedFromPlatform(observed: ObservedState, has: PlatformHas): ObservedState {
  const next: ObservedState = { state: has };
  if ((has === 'active' || has === 'suspended') && observed.sentHash !== undefined) next.sentHash = observed.sentHash;
  if (observed.confirmedAt !== undefined) next.confirmedAt = observed.confirmedAt;
  if (observed.blockedReason !== undefined) next.blockedReason = observed.blockedReason;
  return next;
}

/** The link id of a cancellation the office sends for a licence it has no link for. */
export const DRIFT_LINK_PREFIX = 'drift:';

export function driftLinkId(contractIdentifier: string, label: string): string {
  return `${DRIFT_LINK_PREFIX}${contractIdentifier}:${label}`;
}

/** The fix of `unknown_to_office` rows: one plan per licence, with one `cancel` step. */
export function cancelPlans(integrationId: string, rows: readonly Pick<DriftRow, 'contractIdentifier' | 'label'>[]): LinkPlan[] {
  return rows.map(({ contractIdentifier, label }) => {
    const key = linkKey(integrationId, contractIdentifier, label);
    const linkId = driftLinkId(contractIdentifier, label);
    return {
      linkId,
      integrationId,
      key,
      steps: [
        {
          kind: 'cancel',
          key: `${key}#cancel`,
          integrationId,
          linkId,
          contractIdentifier,
          label,
          last: true,
          hash: licenceStepHash('cancel', contractIdentifier, label),
        },
      ],
    };
  });
}
