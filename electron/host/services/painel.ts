/**
 * The Painel's pictures in the host (shared/contract/painel.ts). Licences by product over the last
 * 12 months: each link's licence (integration, contract, label: the S10 defaults), its state now
 * (links.observed_state), and its transitions from the history since the oldest month — the
 * confirmed transmissions (readConfirmed) and the platform check's accepted states — folded into
 * its state at each month's end (shared/domain/painel.ts), months in São Paulo.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PainelFigures, PainelProduct } from '../../../shared/contract/painel';
import { effectiveContractIdentifier, effectiveLabel } from '../../../shared/domain/defaults';
import { countActiveAtMonthEnds, beforeMonth, lastMonths, officeMonth, PAINEL_TABLES, type LicenceTransition } from '../../../shared/domain/painel';
import { readConfirmed, type PassAction } from '../../../shared/domain/pass-summary';
import type { HandlerTable } from '../dispatch';
import type { Clock } from '../ports';
import type { Store } from '../store/store';
import { keptUntilChanged } from './kept';
import { platformHasLabels } from './platform-check';

export const PAINEL_MONTHS = 12;

/** What each confirmed action leaves the licence as, and what it was before (a cancellation is read as of an active one). */
const AFTER: Record<PassAction, { active: boolean; wasActive: boolean } | null> = {
  creations: { active: true, wasActive: false },
  reenables: { active: true, wasActive: false },
  suspensions: { active: false, wasActive: true },
  cancellations: { active: false, wasActive: true },
  updates: null,
};

const ACCEPTED = new RegExp(`a plataforma tem (${Object.values(platformHasLabels).join('|')}),`);

const NONE: LicenceTransition[] = [];
const licenceKey = (integrationId: string, contract: string, label: string) => `${integrationId}\u0000${contract}\u0000${label}`;

export type PainelService = ReturnType<typeof createPainelService>;

type LinkRow = { id: string; serviceId: string; contractIdentifier: string | null; label: string | null; observedState: string; createdAt: string; packageLabel: string; integrationId: string; productCode: string };
type EventRow = { id: number; at: string; kind: string; integrationId: string | null; subject: string | null; message: string };

// The SQLite fast path (100k links and their year of history through Kysely's builder and plugins
// took 1.5–2 s; plain statements a fraction of it): the same rows as the builder's reads below.
const LINKS_SQL = `SELECT l.id AS id, l.service_id AS serviceId, l.contract_identifier AS contractIdentifier, l.label AS label, l.observed_state AS observedState,
  l.created_at AS createdAt, p.label AS packageLabel, p.integration_id AS integrationId, p.product_code AS productCode
FROM links l JOIN packages p ON p.id = l.package_id WHERE l.id > ? ORDER BY l.id LIMIT ?`;
const TRANSITION_KINDS = ['transmission.converged', 'drift.accept'] as const;
const EVENTS_SQL = `SELECT id, at, kind, integration_id AS integrationId, subject, message FROM events
WHERE kind IN ('${TRANSITION_KINDS.join("', '")}') AND at >= ? AND (at > ? OR id > ?) ORDER BY at, id LIMIT ?`;
/** Rows read per step, the host's other commands running between steps. */
const CHUNK = 5_000;

export function createPainelService(deps: { store: Store; clock: Clock; runLive?: () => boolean; chunk?: number }) {
  const { db } = deps.store;
  const chunkSize = deps.chunk ?? CHUNK;
  const kept = keptUntilChanged<PainelFigures>({ tables: PAINEL_TABLES, clock: deps.clock, ...(deps.runLive && { runLive: deps.runLive }) });

  /** One chunk of links after `after` (by id), with their package. */
  async function linksAfter(after: string): Promise<LinkRow[]> {
    return (
      deps.store.readFast((raw) => raw.prepare(LINKS_SQL).all(after, chunkSize) as unknown as LinkRow[]) ??
      (await db
        .selectFrom('links')
        .innerJoin('packages', 'packages.id', 'links.packageId')
        .select(['links.id', 'links.serviceId', 'links.contractIdentifier', 'links.label', 'links.observedState', 'links.createdAt', 'packages.label as packageLabel', 'packages.integrationId', 'packages.productCode'])
        .where('links.id', '>', after)
        .orderBy('links.id')
        .limit(chunkSize)
        .execute())
    );
  }

  /** One chunk of the transition events since `from`, after the cursor, oldest first (the (at, id) index). */
  async function eventsAfter(from: string, c: { at: string; id: number }): Promise<EventRow[]> {
    return (
      // from the later of `from` and the cursor's time: a range on the (at, id) index, not a scan from `from` for every chunk
      deps.store.readFast((raw) => raw.prepare(EVENTS_SQL).all(c.at > from ? c.at : from, c.at, c.id, chunkSize) as unknown as EventRow[]) ??
      (await db
        .selectFrom('events')
        .select(['id', 'at', 'kind', 'integrationId', 'subject', 'message'])
        .where('kind', 'in', TRANSITION_KINDS)
        .where('at', '>=', c.at > from ? c.at : from)
        .where((eb) => eb.or([eb('at', '>', c.at), eb('id', '>', c.id)]))
        .orderBy('at')
        .orderBy('id')
        .limit(chunkSize)
        .execute())
    );
  }

  /**
   * The links with their package, and the transition events since `from` (oldest first), in chunks
   * with the host's other commands running between them (one read of 100k links and a year of
   * history held the host's thread for about a second: the first screen's `app.info` waited).
   */
  async function read(from: string): Promise<{ links: LinkRow[]; events: EventRow[] }> {
    const links: LinkRow[] = [];
    for (let after = ''; ; ) {
      const chunk = await linksAfter(after);
      for (const l of chunk) links.push(l);
      if (chunk.length < chunkSize) break;
      after = chunk[chunk.length - 1]!.id;
      await nextTurn();
    }
    const events: EventRow[] = [];
    for (let cursor = { at: '', id: 0 }; ; ) {
      await nextTurn();
      const chunk = await eventsAfter(from, cursor);
      for (const e of chunk) events.push(e);
      if (chunk.length < chunkSize) break;
      const last = chunk[chunk.length - 1]!;
      cursor = { at: last.at, id: last.id };
    }
    return { links, events };
  }

  /** Each licence's transitions, oldest first, by licence key. */
  function transitions(rows: readonly EventRow[]): Map<string, LicenceTransition[]> {
    const byLicence = new Map<string, LicenceTransition[]>();
    const add = (key: string, t: LicenceTransition) => {
      const list = byLicence.get(key);
      if (list) list.push(t);
      else byLicence.set(key, [t]);
    };
    for (const r of rows) {
      if (!r.integrationId) continue;
      const month = officeMonth(r.at);
      if (r.kind === 'transmission.converged') {
        const confirmed = readConfirmed(r.message);
        const after = confirmed && AFTER[confirmed.action];
        if (confirmed && after) add(licenceKey(r.integrationId, confirmed.contractIdentifier, confirmed.label), { month, ...after });
      } else {
        // drift.accept: subject licenca:<contract>/<label>; the office's record took what the platform has
        const subject = r.subject?.startsWith('licenca:') ? r.subject.slice('licenca:'.length) : null;
        const slash = subject?.lastIndexOf('/') ?? -1;
        const has = ACCEPTED.exec(r.message)?.[1];
        if (!subject || slash < 0 || !has) continue;
        const active = has === platformHasLabels.active;
        add(licenceKey(r.integrationId, subject.slice(0, slash), subject.slice(slash + 1)), { month, active, wasActive: !active });
      }
    }
    return byLicence;
  }

  async function products(): Promise<PainelProduct[]> {
    const rows = await db
      .selectFrom('products')
      .innerJoin('integrations', 'integrations.id', 'products.integrationId')
      .select(['products.integrationId', 'products.code', 'products.name', 'integrations.description'])
      .execute();
    const several = new Set(rows.map((r) => r.integrationId)).size > 1;
    return rows.map((r) => ({ key: `${r.integrationId}:${r.code}`, integrationId: r.integrationId, productCode: r.code, name: several ? `${r.name} · ${r.description}` : r.name }));
  }

  async function compute(): Promise<PainelFigures> {
    const months = lastMonths(deps.clock.now(), PAINEL_MONTHS);
    const [{ links, events }, known] = await Promise.all([read(beforeMonth(months[0]!)), products()]);
    const moves = transitions(events);

    const activeByMonth: Record<string, number[]> = {};
    const countsOf = (integrationId: string, productCode: string) => (activeByMonth[`${integrationId}:${productCode}`] ??= months.map(() => 0));
    for (const l of links) {
      const contract = effectiveContractIdentifier({ contractIdentifier: l.contractIdentifier ?? undefined }, { id: l.serviceId });
      const label = effectiveLabel({ label: l.label ?? undefined }, { label: l.packageLabel });
      const key = licenceKey(l.integrationId, contract, label);
      countActiveAtMonthEnds(months, { createdMonth: officeMonth(l.createdAt), activeNow: l.observedState === 'active', transitions: moves.get(key) ?? NONE }, countsOf(l.integrationId, l.productCode));
      moves.delete(key);
    }
    // A licence cancelled on the platform loses its link (the engine deletes it): its months still
    // count, by the package whose label it carries (a label typed over the package's is not known).
    if (moves.size > 0) {
      const byLabel = new Map((await db.selectFrom('packages').select(['integrationId', 'label', 'productCode']).execute()).map((p) => [`${p.integrationId}\u0000${p.label}`, p]));
      for (const [key, transitions] of moves) {
        const [integrationId, , label] = key.split('\u0000');
        const pkg = byLabel.get(`${integrationId}\u0000${label}`);
        if (pkg) countActiveAtMonthEnds(months, { createdMonth: '', activeNow: false, transitions }, countsOf(pkg.integrationId, pkg.productCode));
      }
    }

    const debt = await db
      .selectFrom('links')
      .innerJoin('services', 'services.id', 'links.serviceId')
      .innerJoin('packages', 'packages.id', 'links.packageId')
      .select(['packages.integrationId', 'packages.productCode', 'links.observedState', (eb) => eb.fn.countAll().as('n')])
      .where('services.status', '=', 'suspenso_debito')
      .where('links.removedAt', 'is', null)
      .where('links.observedState', 'in', ['active', 'suspended'])
      .groupBy(['packages.integrationId', 'packages.productCode', 'links.observedState'])
      .execute();
    const suspended = new Map<string, { productKey: string; suspended: number; stillActive: number }>();
    for (const r of debt) {
      const productKey = `${r.integrationId}:${r.productCode}`;
      const row = suspended.get(productKey) ?? { productKey, suspended: 0, stillActive: 0 };
      if (r.observedState === 'suspended') row.suspended += Number(r.n);
      else row.stillActive += Number(r.n);
      suspended.set(productKey, row);
    }

    // Products a link names but the catalogue no longer lists still get a line (by their code).
    const listed = new Set(known.map((p) => p.key));
    for (const key of [...Object.keys(activeByMonth), ...suspended.keys()]) {
      if (listed.has(key)) continue;
      const [integrationId, ...code] = key.split(':');
      known.push({ key, integrationId: integrationId!, productCode: code.join(':'), name: `Produto ${code.join(':')}` });
      listed.add(key);
    }
    const used = known.filter((p) => activeByMonth[p.key] || suspended.has(p.key)).sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));
    return { months, products: used, activeByMonth, suspendedForDebt: [...suspended.values()] };
  }

  return {
    invalidate: kept.invalidate,
    /** Computed once per change, again when the month turns; while a run sends, at most every few seconds (kept.ts). */
    figures: (): Promise<PainelFigures> => kept.get(officeMonth(deps.clock.now()), compute),
  };
}

export function painelHandlers(p: PainelService): Pick<HandlerTable, 'painel.figures'> {
  return { 'painel.figures': () => p.figures() };
}
