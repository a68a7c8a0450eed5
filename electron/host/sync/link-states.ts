/**
 * Each link's state, computed where the record and the engine live: the store's rows (desired state,
 * what the platform confirmed) and the engine's knowledge (the last pass's planned steps, the runs
 * sending now). One rule (shared/domain/link-state.ts) for every screen.
 *
 * The rows of every link are read once, parsed, and kept until the record changes (`invalidate`,
 * called on every change notice of the tables they come from): reading and parsing 100k links takes
 * 1–2 s on these machines, the states from kept rows a tenth of that, and a status bar asks after
 * every change.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
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
  planId: number | null;
  customerId: number | null;
  customerName: string | null;
  customerCode: string | null;
  packageName: string | null;
  packageLabel: string | null;
  integrationId: string | null;
};

const FACTS_SELECT = `SELECT l.id AS linkId, l.service_id AS serviceId, l.package_id AS packageId, l.contract_identifier AS contractIdentifier,
  l.label AS label, l.removed_at AS removedAt, l.observed AS observed, l.updated_at AS updatedAt, s.status AS serviceStatus, s.plan_id AS planId,
  s.customer_id AS customerId, c.name AS customerName, c.code AS customerCode, p.name AS packageName, p.label AS packageLabel,
  p.integration_id AS integrationId
FROM links l LEFT JOIN services s ON s.id = l.service_id LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN packages p ON p.id = l.package_id`;
const FACTS_CHUNK_SQL = `${FACTS_SELECT} WHERE l.id > ? ORDER BY l.id LIMIT ?`;
/** The same for Kysely's dialects, whose identifiers are quoted. */
const FACTS_SELECT_QUOTED = FACTS_SELECT.replace(/ AS (\w+)/g, ' AS "$1"');

/**
 * The rows are read in chunks by link id, the host's other commands running between them: one read
 * of 100k links held the host's thread for 1–2 s, and the first screen's `app.info` waited behind it.
 */
const CHUNK = 5_000;

type Parsed = Omit<Fact, 'observed'> & { observed: ObservedState };
type Facts = { facts: Parsed[]; sorted: Parsed[] | null; integrations: Map<string, ReturnType<typeof integrationOf>> };

/** While a run is live, the rows are read again at most this often. */
const REREAD_MS = 1500;

export type LinkStates = ReturnType<typeof createLinkStates>;

/** One collator: `localeCompare` with a locale builds one per call (seconds for 100k rows). */
const byName = new Intl.Collator('pt-BR');

export function createLinkStates(deps: { store: Store; engine: Pick<SyncEngine, 'pendingSteps' | 'state'>; chunk?: number }) {
  const db = deps.store.db;
  const chunkSize = deps.chunk ?? CHUNK;
  let cached: Promise<Facts> | null = null;
  let stale = false;
  let readAt = 0;

  /** One chunk after `after`, parsed. */
  async function readChunk(after: string): Promise<Parsed[]> {
    const rows =
      deps.store.readFast((raw) => raw.prepare(FACTS_CHUNK_SQL).all(after, chunkSize) as unknown as Fact[]) ??
      (await sql<Fact>`${sql.raw(FACTS_SELECT_QUOTED)} WHERE l.id > ${after} ORDER BY l.id LIMIT ${chunkSize}`.execute(db)).rows;
    return rows.map((f) => ({ ...f, observed: typeof f.observed === 'string' ? (JSON.parse(f.observed) as ObservedState) : f.observed }));
  }

  async function readFacts(): Promise<Parsed[]> {
    const facts: Parsed[] = [];
    for (let after = ''; ; ) {
      const chunk = await readChunk(after);
      for (const f of chunk) facts.push(f);
      if (chunk.length < chunkSize) return facts;
      after = chunk[chunk.length - 1].linkId;
      await nextTurn();
    }
  }

  /**
   * The rows, parsed once. While a run sends, write-backs change `links` many times a second: the
   * rows are then re-read at most every REREAD_MS (the counts lag a send by that much at most); when
   * no run is live every change is read at once.
   */
  function load(): Promise<Facts> {
    const live = liveRuns().size > 0;
    if (cached && (!stale || (live && Date.now() - readAt < REREAD_MS))) return cached;
    stale = false;
    readAt = Date.now();
    const reading = (async () => {
      const [facts, integrations] = await Promise.all([readFacts(), db.selectFrom('integrations').selectAll().execute()]);
      return { facts, sorted: null, integrations: new Map(integrations.map((r) => [r.id, integrationOf(r)])) } as Facts;
    })();
    cached = reading;
    reading.catch(() => {
      if (cached === reading) cached = null;
    });
    return reading;
  }

  /** By customer name for the lists; only when a list asks. */
  function sortedOf(f: Facts): Parsed[] {
    f.sorted ??= [...f.facts].sort((a, b) => byName.compare(a.customerName ?? '', b.customerName ?? '') || (a.linkId < b.linkId ? -1 : a.linkId > b.linkId ? 1 : 0));
    return f.sorted;
  }

  function stateOf(f: Parsed, integrations: Map<string, ReturnType<typeof integrationOf>>, live: Set<string>) {
    const integration = f.integrationId ? integrations.get(f.integrationId) : undefined;
    const desired = f.serviceStatus && integration ? desiredLicenceState(f.serviceStatus, integration) : undefined;
    const observed = f.observed;
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
      if (tables.some((t) => (LINK_STATE_TABLES as readonly string[]).includes(t))) stale = true;
    },

    async counts(): Promise<{ counts: LinkStateCounts; total: number }> {
      const { facts, integrations } = await load();
      const live = liveRuns();
      return { counts: countLinkStates(facts.map((f) => stateOf(f, integrations, live).state)), total: facts.length };
    },

    async list(q: { state?: LinkStateCode; customerId?: number; integrationId?: string; planId?: number; linkIds?: string[]; offset: number; limit: number }): Promise<{ rows: LinkStateRow[]; total: number }> {
      const loaded = await load();
      const { integrations } = loaded;
      const live = liveRuns();
      const ids = q.linkIds ? new Set(q.linkIds) : null;
      const matching: LinkStateRow[] = [];
      let total = 0;
      for (const f of sortedOf(loaded)) {
        if (q.customerId !== undefined && f.customerId !== q.customerId) continue;
        if (q.integrationId !== undefined && f.integrationId !== q.integrationId) continue;
        if (q.planId !== undefined && f.planId !== q.planId) continue;
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
