/**
 * Each link's state, computed where the record and the engine live: the store's rows (desired state,
 * what the platform confirmed) and the engine's knowledge (the last pass's planned steps, the runs
 * sending now). One rule (shared/domain/link-state.ts) for every screen.
 *
 * The rows of every link are read once and kept until the record changes (`invalidate`, called on
 * every change notice of the tables they come from); 100k links read raw in ~0.5 s, so a status bar
 * that asks after every write-back batch does not re-read them each time.
 */
import { sql } from 'kysely';
import type { LinkStateRow } from '../../../shared/contract/link-states';
import { effectiveContractIdentifier, effectiveLabel } from '../../../shared/domain/defaults';
import { countLinkStates, linkState, linkStateDetail, type LinkStateCode, type LinkStateCounts } from '../../../shared/domain/link-state';
import type { ObservedState, ServiceStatus } from '../../../shared/domain/model';
import { desiredLicenceState } from '../../../shared/domain/status';
import { integrationOf } from '../store/rows';
import type { Store } from '../store/store';
import type { SyncEngine } from './engine';

/** The tables a link's state is read from: a change notice naming one of them drops the cache. */
export const LINK_STATE_TABLES = ['links', 'services', 'customers', 'packages', 'integrations'] as const;

type Fact = {
  linkId: string;
  serviceId: string;
  packageId: number;
  contractIdentifier: string | null;
  label: string | null;
  removedAt: string | null;
  /** JSON text (SQLite) or already parsed (a json column elsewhere) */
  observed: string | ObservedState;
  updatedAt: string;
  serviceStatus: ServiceStatus | null;
  customerId: number | null;
  customerName: string | null;
  customerCode: string | null;
  packageName: string | null;
  packageLabel: string | null;
  integrationId: string | null;
};

const FACTS_SQL = `SELECT l.id AS linkId, l.service_id AS serviceId, l.package_id AS packageId, l.contract_identifier AS contractIdentifier,
  l.label AS label, l.removed_at AS removedAt, l.observed AS observed, l.updated_at AS updatedAt, s.status AS serviceStatus,
  s.customer_id AS customerId, c.name AS customerName, c.code AS customerCode, p.name AS packageName, p.label AS packageLabel,
  p.integration_id AS integrationId
FROM links l LEFT JOIN services s ON s.id = l.service_id LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN packages p ON p.id = l.package_id`;

export type LinkStates = ReturnType<typeof createLinkStates>;

/** One collator: `localeCompare` with a locale builds one per call (seconds for 100k rows). */
const byName = new Intl.Collator('pt-BR');

export function createLinkStates(deps: { store: Store; engine: Pick<SyncEngine, 'pendingSteps' | 'state'> }) {
  const db = deps.store.db;
  let cached: Promise<{ facts: Fact[]; integrations: Map<string, ReturnType<typeof integrationOf>> }> | null = null;

  async function readFacts(): Promise<Fact[]> {
    const fast = deps.store.readFast((raw) => raw.prepare(FACTS_SQL).all() as unknown as Fact[]);
    if (fast) return fast;
    return (await sql.raw<Fact>(FACTS_SQL.replace(/ AS (\w+)/g, ' AS "$1"')).execute(db)).rows;
  }

  function load() {
    cached ??= (async () => {
      const [facts, integrations] = await Promise.all([readFacts(), db.selectFrom('integrations').selectAll().execute()]);
      facts.sort((a, b) => byName.compare(a.customerName ?? '', b.customerName ?? '') || (a.linkId < b.linkId ? -1 : a.linkId > b.linkId ? 1 : 0));
      return { facts, integrations: new Map(integrations.map((r) => [r.id, integrationOf(r)])) };
    })().catch((e: unknown) => {
      cached = null;
      throw e;
    });
    return cached;
  }

  function stateOf(f: Fact, integrations: Map<string, ReturnType<typeof integrationOf>>, live: Set<string>) {
    const integration = f.integrationId ? integrations.get(f.integrationId) : undefined;
    const desired = f.serviceStatus && integration ? desiredLicenceState(f.serviceStatus, integration) : undefined;
    const observed = typeof f.observed === 'string' ? (JSON.parse(f.observed) as ObservedState) : f.observed;
    return {
      observed,
      state: linkState({
        observed,
        removed: f.removedAt !== null,
        desired,
        planned: deps.engine.pendingSteps(f.linkId),
        runLive: f.integrationId !== null && live.has(f.integrationId),
      }),
    };
  }

  const liveRuns = () => new Set(deps.engine.state().runs.filter((r) => r.status === 'running').map((r) => r.integrationId));

  return {
    /** The record changed under these tables: the next read takes the rows again. */
    invalidate(tables: readonly string[]): void {
      if (tables.some((t) => (LINK_STATE_TABLES as readonly string[]).includes(t))) cached = null;
    },

    async counts(): Promise<{ counts: LinkStateCounts; total: number }> {
      const { facts, integrations } = await load();
      const live = liveRuns();
      return { counts: countLinkStates(facts.map((f) => stateOf(f, integrations, live).state)), total: facts.length };
    },

    async list(q: { state?: LinkStateCode; customerId?: number; linkIds?: string[]; offset: number; limit: number }): Promise<{ rows: LinkStateRow[]; total: number }> {
      const { facts, integrations } = await load();
      const live = liveRuns();
      const ids = q.linkIds ? new Set(q.linkIds) : null;
      const matching: LinkStateRow[] = [];
      let total = 0;
      for (const f of facts) {
        if (q.customerId !== undefined && f.customerId !== q.customerId) continue;
        if (ids && !ids.has(f.linkId)) continue;
        const { observed, state } = stateOf(f, integrations, live);
        if (q.state && state.code !== q.state) continue;
        total++;
        if (total <= q.offset || matching.length >= q.limit) continue;
        matching.push({
          linkId: f.linkId,
          customerId: f.customerId,
          customerName: f.customerName,
          customerCode: f.customerCode,
          serviceId: f.serviceId,
          serviceStatus: f.serviceStatus,
          packageId: f.packageId,
          packageName: f.packageName,
          integrationId: f.integrationId,
          contractIdentifier: effectiveContractIdentifier({ contractIdentifier: f.contractIdentifier ?? undefined }, { id: f.serviceId }),
          label: f.packageLabel !== null ? effectiveLabel({ label: f.label ?? undefined }, { label: f.packageLabel }) : f.label,
          removed: f.removedAt !== null,
          state: { ...state, detail: linkStateDetail(state) ?? null },
          confirmedAt: observed.confirmedAt ?? null,
          updatedAt: f.updatedAt,
        });
      }
      return { rows: matching, total };
    },
  };
}
