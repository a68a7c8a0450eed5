/**
 * The sync engine (ARCHITECTURE, "Transmission is reconciliation, run by the host"). It reads the
 * office's record from the store, asks the pure planner what the platform still needs, claims the
 * links it will send, hands them to the executor, and writes each result back (observed state and
 * history event in one transaction). It runs wherever the host runs, window or not.
 *
 * Losing any step (crash, kill, network) loses nothing: a link is marked in flight before it is
 * sent, so the next pass redoes its whole idempotent sequence; claims expire; every platform call
 * is idempotent.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { LinkResult, RunProgress } from '../../../shared/contract/runs';
import type { PreviewInfo, PreviewRow, SyncState, SyncTrigger } from '../../../shared/contract/sync';
import type { Schedule } from '../../../shared/contract/workspace';
import type { ObservedState } from '../../../shared/domain/model';
import type { LinkPlan, OperationKind } from '../../../shared/domain/operation';
import { confirmedMessage, msUntilHour, planAction, stepsOf, summarize, type PassSummary } from '../../../shared/domain/pass-summary';

export { msUntilHour };
import { applyBlocked, applyResult, clearBlocked, IN_FLIGHT, markInFlight } from '../../../shared/domain/planner';
import { customerSubject } from '../../../shared/domain/subjects';
import { count } from '../../../shared/domain/text';
import type { Clock, Logger } from '../ports';
import type { Mutate } from '../services/mutation';
import type { Store } from '../store/store';
import { recordLicenceState } from '../store/licence-events';
import { readSnapshot, type Snapshot } from './snapshot';

/** Above this many links a pass shows a preview first (a CSV import that suspends 800 customers). */
export const PREVIEW_THRESHOLD = 50;
/** Another desk's writes to links pause this long before this desk plans again (engine.othersChanged). */
export const REPLAN_QUIET_MS = 1_000;
const POSTPONED = 'Transmissão adiada: as alterações continuam pendentes. Use "Transmitir agora" quando quiser enviá-las.';
/** Failures that say nothing about the link: the platform was not reached or did not answer. */
const UNREACHED = new Set(['NETWORK', 'TIMEOUT']);
export const SCHEDULE_KEY = 'schedule';
/** settings row: which desk took the daily routine last, and when (see takeRoutineLease) */
export const ROUTINE_LEASE_KEY = 'routine.lease';
const DEFAULT_SCHEDULE: Schedule = { hour: 4 };

export type Timers = {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};
const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type SyncEngineDeps = {
  store: Store;
  mutate: Mutate;
  clock: Clock;
  logger: Logger;
  /** this host's claim name: one per desk (data folder) */
  hostId: string;
  /** the executor's run.start */
  startRun(input: { integrationId: string; plans: LinkPlan[] }): Promise<{ runId: string; accepted: number; joined: boolean }>;
  /** whether the desk's vault holds the integration's ApiKey/ApiSecret: a desk without them never claims a send */
  hasCredentials(integrationId: string): Promise<boolean>;
  /** the platform answers (network watch) */
  online(): boolean;
  /** pushed to every screen */
  emitState(state: SyncState): void;
  /** the daily routine's steps besides the pass, per active integration (products S4, platform check) */
  daily?: { syncProducts?(integrationId: string): Promise<void>; checkPlatform?(integrationId: string): Promise<void> };
  timers?: Timers;
  debounceMs?: number;
  /** a claim lasts this long unless renewed; a desk that dies leaves it to expire */
  leaseMs?: number;
  /** while this desk holds claims it renews them this often; default a third of the lease */
  renewMs?: number;
  /**
   * Links claimed per transaction while a pass is sent, the next slice claimed while the run still
   * has half of one to do, so that desks sharing the office's server share a pass (one desk claiming
   * every link at once leaves the others nothing). Default: 100 on PostgreSQL; 0 (all at once) on the
   * embedded file, which one desk alone uses.
   */
  claimSlice?: number;
  /**
   * Whether another desk of the office, seen lately, holds the credentials (desks.canTransmit). A desk
   * without an integration's credentials then leaves its links to that desk — no claim, no block, no
   * "sem credenciais" in the shared history —; when no desk can send them, they are blocked as before.
   */
  othersCanTransmit?(): Promise<boolean>;
  /** the daily routine's lease: one desk of the office runs it, the others skip that day's; default 30 min */
  routineLeaseMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** the first pass waits this long after start, so the screens are served first; default 2 s */
  startDelayMs?: number;
};

type Preview = { info: PreviewInfo; plans: LinkPlan[]; rows: PreviewRow[] };
type Incoming = { integrationId: string; result: LinkResult };

export type SyncEngine = ReturnType<typeof createSyncEngine>;

export function createSyncEngine(deps: SyncEngineDeps) {
  const db = deps.store.db;
  const timers = deps.timers ?? realTimers;
  const debounceMs = deps.debounceMs ?? 1500;
  const leaseMs = deps.leaseMs ?? 15 * 60_000;
  const renewMs = deps.renewMs ?? Math.floor(leaseMs / 3);
  const claimSlice = deps.claimSlice ?? (deps.store.engine === 'postgres' ? 100 : 0);
  const routineLeaseMs = deps.routineLeaseMs ?? 30 * 60_000;
  const retryBase = deps.retryBaseMs ?? 60_000;
  const retryMax = deps.retryMaxMs ?? 30 * 60_000;
  const iso = (ms = deps.clock.now()) => new Date(ms).toISOString();

  // ---- state shown to the office ----
  let pendingSteps = new Map<string, OperationKind[]>();
  let pendingSummary: PassSummary = summarize([]);
  let preview: Preview | null = null;
  /**
   * What the office confirmed in a preview and is not done yet (link → its action): a run halted by
   * the network, or a claim lost to another desk, is sent when it can be, without asking again.
   */
  const confirmed = new Map<string, string>();
  const signature = (p: LinkPlan) => stepsOf(p).join(',');
  /**
   * What the office confirmed of a link is its action (a creation, a suspension…), not the exact
   * steps: a send interrupted mid-way (a desk that died, its claim taken over) plans the same
   * creation with other steps, and is the same decision.
   */
  const confirmedAs = (p: LinkPlan) => planAction(stepsOf(p));
  /**
   * What the office postponed with "Adiar" (link → its steps): automatic passes do not ask again
   * for exactly that; "Transmitir agora", a retry, or a change to those links does.
   */
  const postponed = new Map<string, string>();
  let notice: string | null = null;
  let lastPassAt: string | null = null;
  let schedule: Schedule = DEFAULT_SCHEDULE;
  const runs = new Map<string, RunProgress>();

  // ---- pass scheduling: passes never overlap; requests made meanwhile merge ----
  let passing: Promise<void> | null = null;
  /** the strongest whole-record trigger waiting, if any */
  let waitingAll: SyncTrigger | null = null;
  /** links the office asked to retry: sent even after a permanent refusal; never dropped, never widened */
  const waitingRetry = new Set<string>();
  let debounce: unknown;
  /** Another desk changed the record: plan again, send nothing (see `othersChanged`). */
  let waitingReplan = false;
  let replanTimer: unknown;
  let retryTimer: unknown;
  let retryDelay = retryBase;
  let scheduleTimer: unknown;
  /** a pass found links under another desk's live claim: look again when the first claim expires */
  let takeoverTimer: unknown;
  let takeoverAt = Infinity;
  let renewTimer: unknown = null;
  let disposed = false;

  /**
   * Sliced claims (claimSlice > 0), per integration: the plans this desk will claim next, in order,
   * how many of its claimed links still await an answer, the claim in progress, and the run it fed last.
   */
  type Feed = { backlog: Map<string, LinkPlan>; outstanding: number; busy: Promise<number> | null; runId: string | null };
  const feeds = new Map<string, Feed>();

  // ---- results written back in batches ----
  const queue: Incoming[] = [];
  let flushing: Promise<void> | null = null;

  function state(): SyncState {
    return {
      passing: passing !== null,
      pending: pendingSummary,
      preview: preview?.info ?? null,
      notice,
      runs: [...runs.values()],
      schedule,
      lastPassAt,
    };
  }
  const publish = () => deps.emitState(state());

  /** Manual beats schedule beats the rest: a manual click also resends permanent errors. */
  const RANK: Record<SyncTrigger, number> = { manual: 5, schedule: 4, import: 3, reconnect: 3, edit: 2, start: 2, 'auto-retry': 1, 'after-run': 0, retry: 0 };

  function request(trigger: SyncTrigger, linkIds?: readonly string[]): Promise<void> {
    if (trigger === 'retry') for (const id of linkIds ?? []) waitingRetry.add(id);
    else if (waitingAll === null || RANK[trigger] > RANK[waitingAll]) waitingAll = trigger;
    return drain();
  }

  /** A saved edit: one pass after the clerk pauses (debounced). */
  function desiredStateChanged(reason: 'edit' | 'import'): void {
    if (disposed) return;
    if (reason === 'import') {
      void request('import');
      return;
    }
    timers.clearTimeout(debounce);
    debounce = timers.setTimeout(() => void request('edit'), debounceMs);
  }

  /**
   * Another desk's committed change to what links need (it sent them, edited a customer…): this
   * desk's plan — each link's "Pendente", the counts — is computed again once that desk's writes
   * pause (REPLAN_QUIET_MS; a pass elsewhere writes results many times a second). Nothing is sent
   * and no preview opens or closes: that desk's office decided its own sends.
   */
  function othersChanged(): void {
    if (disposed) return;
    timers.clearTimeout(replanTimer);
    replanTimer = timers.setTimeout(() => {
      waitingReplan = true;
      void drain();
    }, REPLAN_QUIET_MS);
  }

  function drain(): Promise<void> {
    if (passing) return passing;
    if (disposed || (waitingAll === null && waitingRetry.size === 0 && !waitingReplan)) return Promise.resolve();
    const trigger = waitingAll;
    const retry = new Set(waitingRetry);
    const planOnly = trigger === null && retry.size === 0;
    waitingAll = null;
    waitingRetry.clear();
    waitingReplan = false;
    passing = (async () => {
      publish();
      try {
        await pass(trigger, retry, planOnly);
      } catch (err) {
        notice = `A transmissão não pôde ser calculada: ${err instanceof Error ? err.message : String(err)}`;
        deps.logger.error('sync: pass failed', { error: err instanceof Error ? err.message : String(err) });
      } finally {
        passing = null;
        lastPassAt = iso();
        publish();
      }
    })().then(drain);
    return passing;
  }

  /**
   * Automatic passes leave alone a link whose last answer was a permanent refusal (a 409, say) until
   * something about it is edited: resending the same data would only be refused again.
   */
  function worthSending(s: Snapshot, plan: LinkPlan, trigger: SyncTrigger | null): boolean {
    if (trigger === null) return false;
    if (trigger === 'manual') return true;
    const link = s.links.get(plan.linkId);
    const error = link?.observed.error;
    if (!link || link.observed.state !== 'error' || !error || error.retryable || !error.at) return true;
    return s.lastEdit(link) > error.at;
  }

  async function credentialsOf(integrationIds: Iterable<string>): Promise<Set<string>> {
    const ok = new Set<string>();
    for (const id of integrationIds) if (await deps.hasCredentials(id)) ok.add(id);
    return ok;
  }

  async function pass(trigger: SyncTrigger | null, retry: ReadonlySet<string>, planOnly = false): Promise<void> {
    const integrationIds = (await db.selectFrom('integrations').select('id').execute()).map((r) => r.id);
    const configured = await credentialsOf(integrationIds);
    // Without an integration's credentials, this desk plans its links as the desk that has them would
    // (nothing blocked in the shared record) and sends none of them, when such a desk is there.
    const othersSend = configured.size < integrationIds.length && (await deps.othersCanTransmit?.()) === true;
    const s = await readSnapshot(deps.store, (id) => othersSend || configured.has(id));
    await recordBookkeeping(s);
    // A link under a live claim is being sent by a run, here or at another desk ("Enviando"): not again.
    const claimed = await claimedLinks();
    const inFlight = (p: LinkPlan) => claimed.has(p.linkId);
    armTakeover(s.plan.plans, claimed);
    pendingSteps = new Map(s.plan.plans.map((p) => [p.linkId, stepsOf(p)]));
    for (const id of confirmed.keys()) if (!pendingSteps.has(id)) confirmed.delete(id);
    for (const id of postponed.keys()) if (!pendingSteps.has(id)) postponed.delete(id);
    if (trigger === 'manual') postponed.clear();
    pendingSummary = summarize(s.plan.plans);
    const leftToOthers = s.plan.plans.filter((p) => !configured.has(p.integrationId)).length;
    const candidates = s.plan.plans.filter((p) => configured.has(p.integrationId) && !inFlight(p) && (worthSending(s, p, trigger) || retry.has(p.linkId)));
    notice = leftToOthers > 0 ? `${count(leftToOthers, 'vínculo pendente', 'vínculos pendentes')} de integrações sem credenciais nesta mesa: outra mesa do escritório que tem as credenciais os transmite.` : null;
    if (planOnly) return;
    // An open preview always shows what would be sent now, never a stale list.
    const agreed = candidates.filter((p) => confirmed.get(p.linkId) === confirmedAs(p));
    const rest = candidates.filter((p) => confirmed.get(p.linkId) !== confirmedAs(p));
    if (preview) preview = rest.length > 0 ? makePreview(s, rest, preview.info.trigger) : null;
    if (candidates.length === 0) return;
    if (!deps.online()) {
      notice = `Sem resposta da plataforma: ${count(candidates.length, 'vínculo aguardando', 'vínculos aguardando')}. A transmissão recomeça sozinha quando ela voltar a responder.`;
      return;
    }
    // The daily routine is the office's standing order: it sends by itself (the nightly suspensions
    // for debt happen with no window open); only cancellations still wait for a person's confirmation.
    if (trigger === 'schedule') {
      const cancels = new Set(rest.filter((p) => planAction(stepsOf(p)) === 'cancellations'));
      const others = candidates.filter((p) => !cancels.has(p));
      if (cancels.size) preview = makePreview(s, [...cancels], trigger);
      if (others.length) await send(others);
      return;
    }
    if (rest.length > PREVIEW_THRESHOLD || summarize(rest).cancellations > 0) {
      const askedAlready = trigger !== null && rest.every((p) => postponed.get(p.linkId) === signature(p));
      if (askedAlready) {
        notice = POSTPONED;
        if (agreed.length) await send(agreed);
        return;
      }
      preview = makePreview(s, rest, trigger ?? 'retry');
      if (agreed.length) await send(agreed);
      return;
    }
    await send(candidates);
  }

  /**
   * A pass while a preview is open makes it again from what would be sent now. The same links with
   * the same steps keep the open preview's id: the clerk's "Adiar" or "Confirmar", sent for that id,
   * still lands (a new id for the same list made the click miss, and the dialog stay). A different
   * list is a new preview, to be decided again.
   */
  function makePreview(s: Snapshot, plans: LinkPlan[], trigger: SyncTrigger): Preview {
    const rows = plans.map((p) => ({ linkId: p.linkId, name: s.customerOfLink(p.linkId)?.name ?? '—', packageName: s.packageOfLink(p.linkId)?.name ?? '—', steps: stepsOf(p) }))
      // by customer, as every list of the office reads
      .sort((x, y) => byName.compare(x.name, y.name) || byName.compare(x.packageName, y.packageName));
    const info = preview && samePlans(preview.plans, plans) ? preview.info : { id: randomUUID(), trigger, createdAt: iso(), summary: summarize(plans) };
    return { info, plans, rows };
  }

  function samePlans(shown: readonly LinkPlan[], now: readonly LinkPlan[]): boolean {
    if (shown.length !== now.length) return false;
    const steps = new Map(shown.map((p) => [p.linkId, signature(p)]));
    return now.every((p) => steps.get(p.linkId) === signature(p));
  }

  /** Writes what the planner learned without the network: blocks, unblocks, adoptions, removals. */
  async function recordBookkeeping(s: Snapshot): Promise<void> {
    const { plan, links } = s;
    const updates: { id: string; observed: ObservedState; confirmed?: boolean }[] = [];
    const newlyBlocked: { linkId: string; reason: string }[] = [];
    for (const b of plan.blocked) {
      const link = links.get(b.linkId)!;
      const next = applyBlocked(link, b.reason);
      if (JSON.stringify(next) !== JSON.stringify(link.observed)) {
        updates.push({ id: link.id, observed: next });
        if (link.observed.blockedReason !== b.reason) newlyBlocked.push(b);
      }
    }
    for (const id of plan.unblocked) updates.push({ id, observed: clearBlocked(links.get(id)!) });
    for (const a of plan.adopted) updates.push({ id: a.linkId, observed: a.observed, confirmed: true });
    if (updates.length === 0 && plan.removable.length === 0) return;
    // In transactions of BOOKKEEPING_CHUNK rows, the host's other commands running between them: an
    // office of 100k links whose integration lost its credentials blocks them all in one pass, and one
    // transaction of 100k writes held the host for ~14 s after its start.
    for (let i = 0; i < updates.length; i += BOOKKEEPING_CHUNK) {
      if (i > 0) await nextTurn();
      const chunk = updates.slice(i, i + BOOKKEEPING_CHUNK);
      await deps.mutate(
        async (m) => {
          for (const u of chunk) await writeObserved(m.tx, u.id, u.observed, u.confirmed ? m.at : undefined);
          m.changed('links');
        },
        { actor: 'system' },
      );
    }
    if (plan.removable.length === 0 && newlyBlocked.length === 0) return;
    await deps.mutate(
      async (m) => {
        for (let i = 0; i < plan.removable.length; i += 500) await m.tx.deleteFrom('links').where('id', 'in', plan.removable.slice(i, i + 500)).execute();
        for (const [reason, ids] of groupBy(newlyBlocked, (b) => b.reason)) {
          // Many links blocked for one reason (an integration without credentials, inactive, a product
          // gone) is one fact of the integration: one event, not one per customer.
          if (ids.length > BLOCKED_EVENTS_PER_CUSTOMER) {
            m.record({ kind: 'transmission.blocked', outcome: 'error', message: `Não transmitidos ${count(ids.length, 'vínculo', 'vínculos')}: ${reason}` });
            continue;
          }
          // One event per customer: a customer with two services blocked for one reason is one line of the history.
          for (const same of groupBy(ids, (b) => String(s.customerOfLink(b.linkId)?.id ?? `link:${b.linkId}`)).values()) {
            const customer = s.customerOfLink(same[0]!.linkId);
            const name = customer?.name ?? 'cliente';
            m.record({
              kind: 'transmission.blocked',
              // The customer's id, not their name: the LGPD export/erasure finds the events by it.
              ...(customer && { subject: customerSubject(customer.id) }),
              outcome: 'error',
              message: same.length === 1 ? `Não transmitido (${name}): ${reason}` : `Não transmitidos ${count(same.length, 'vínculo', 'vínculos')} (${name}): ${reason}`,
            });
          }
        }
        if (plan.removable.length) m.changed('links');
      },
      { actor: 'system' },
    );
  }

  /** Links claimed by a live claim of any host (this one included): link → who, until when. */
  async function claimedLinks(): Promise<Map<string, { by: string | null; until: string }>> {
    const rows = await db.selectFrom('links').select(['id', 'claimedBy', 'claimedUntil']).where('claimedUntil', '>', iso()).execute();
    return new Map(rows.map((r) => [r.id, { by: r.claimedBy, until: r.claimedUntil! }]));
  }

  /**
   * Links the pass needs that another desk holds: when the first of those claims expires (that desk
   * died mid-pass, say), a pass here takes them over; a desk alive has answered them by then.
   */
  function armTakeover(plans: readonly LinkPlan[], claimed: ReadonlyMap<string, { by: string | null; until: string }>): void {
    let first = Infinity;
    for (const p of plans) {
      const c = claimed.get(p.linkId);
      if (c && c.by !== deps.hostId) first = Math.min(first, Date.parse(c.until));
    }
    if (first === Infinity || first >= takeoverAt || disposed) return;
    timers.clearTimeout(takeoverTimer);
    takeoverAt = first;
    takeoverTimer = timers.setTimeout(() => {
      takeoverAt = Infinity;
      void request('after-run');
    }, Math.max(0, first - deps.clock.now()) + 250);
  }

  /**
   * Claims the links (those no live claim holds) and marks them in flight, in one transaction; only
   * what was claimed is sent. One UPDATE … WHERE unclaimed: on PostgreSQL a second desk's update of
   * the same rows waits and re-checks the condition, so a link is claimed once.
   */
  async function claim(plans: LinkPlan[]): Promise<LinkPlan[]> {
    const now = iso();
    const until = iso(deps.clock.now() + leaseMs);
    const claimed = new Set<string>();
    await deps.mutate(
      async (m) => {
        for (let i = 0; i < plans.length; i += 500) {
          const ids = plans.slice(i, i + 500).map((p) => p.linkId);
          const rows = await m.tx
            .updateTable('links')
            .set({ claimedBy: deps.hostId, claimedUntil: until })
            .where('id', 'in', ids)
            .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<=', now)]))
            .returning(['id', 'observed'])
            .execute();
          for (const r of rows) {
            claimed.add(r.id);
            await writeObserved(m.tx, r.id, markInFlight({ observed: JSON.parse(r.observed) as ObservedState }));
          }
        }
        m.changed('links');
      },
      { actor: 'system' },
    );
    if (claimed.size > 0) armRenewal();
    // drift fixes have no row of their own
    return plans.filter((p) => claimed.has(p.linkId) || p.linkId.startsWith('drift:'));
  }

  /**
   * A desk alive keeps what it claimed however long the platform takes to answer (a slow or retried
   * send outlasting the lease would otherwise be taken over and sent twice): while it holds claims,
   * every `renewMs` they are extended by a lease from now. No notice: nothing the screens show changed.
   * A desk that dies stops renewing, and its claims expire for the others to take over.
   */
  function armRenewal(): void {
    if (disposed || renewTimer !== null) return;
    renewTimer = timers.setTimeout(() => {
      renewTimer = null;
      void renewClaims()
        .then((holds) => holds && armRenewal())
        .catch((err: unknown) => {
          // the office server away, say: try again at the next beat; the claims hold until they expire
          deps.logger.warn('sync: claims not renewed', { error: err instanceof Error ? err.message : String(err) });
          armRenewal();
        });
    }, renewMs);
  }

  /**
   * Extends this desk's claims by a lease from now; answers whether it still holds any (if not,
   * renewal stops until the next claim). On PostgreSQL the rows another transaction holds are skipped (SKIP
   * LOCKED): they are this desk's results being written, which release those claims anyway, and
   * waiting on them could deadlock.
   */
  async function renewClaims(): Promise<boolean> {
    const until = iso(deps.clock.now() + leaseMs);
    return deps.mutate(
      async (m) => {
        const mine = m.tx.selectFrom('links').select('id').where('claimedBy', '=', deps.hostId);
        const held = m.engine === 'postgres' ? mine.forUpdate().skipLocked() : mine;
        const r = await m.tx.updateTable('links').set({ claimedUntil: until }).where('id', 'in', held).executeTakeFirst();
        if (r.numUpdatedRows > 0n) return true;
        // every claim skipped as locked, or none left: renew again while any is still held
        return (await m.tx.selectFrom('links').select('id').where('claimedBy', '=', deps.hostId).limit(1).execute()).length > 0;
      },
      { actor: 'system' },
    );
  }

  /** How many links this desk claimed and handed to a run now (sliced: the first slices). */
  async function send(plans: LinkPlan[]): Promise<number> {
    let sent = 0;
    for (const [integrationId, group] of groupBy(plans, (p) => p.integrationId)) {
      if (claimSlice > 0) {
        sent += await feed(integrationId, group);
        continue;
      }
      const live = await claim(group);
      if (live.length === 0) continue;
      if (await startClaimed(integrationId, live)) sent += live.length;
    }
    return sent;
  }

  /** Hands claimed links to a run; null when it could not start (the claims are given back). */
  async function startClaimed(integrationId: string, live: LinkPlan[]): Promise<string | null> {
    try {
      return (await deps.startRun({ integrationId, plans: live })).runId;
    } catch (err) {
      // Nothing reached the platform: release the claims and put the links back as they were.
      const message = err instanceof Error ? err.message : String(err);
      await release(live.map((p) => p.linkId), true);
      await deps.mutate(async (m) => m.record({ integrationId, kind: 'transmission.start', outcome: 'error', message: `Transmissão não iniciada: ${message}` }), { actor: 'system' });
      notice = message;
      return null;
    }
  }

  function feedOf(integrationId: string): Feed {
    let f = feeds.get(integrationId);
    if (!f) feeds.set(integrationId, (f = { backlog: new Map(), outstanding: 0, busy: null, runId: null }));
    return f;
  }

  /** Adds plans to the integration's backlog and claims slices of it while the run is short of work; one claim at a time. */
  function feed(integrationId: string, more: readonly LinkPlan[] = []): Promise<number> {
    const f = feedOf(integrationId);
    // a newer plan of a link waiting keeps its place in line
    for (const p of more) f.backlog.set(p.linkId, p);
    const next = (f.busy ?? Promise.resolve(0)).then(() => topUp(integrationId, f));
    f.busy = next;
    void next.finally(() => {
      if (f.busy === next) f.busy = null;
    }).catch(() => {});
    return next;
  }

  async function topUp(integrationId: string, f: Feed): Promise<number> {
    let sent = 0;
    while (!disposed && f.backlog.size > 0 && f.outstanding <= claimSlice / 2) {
      const slice: LinkPlan[] = [];
      for (const p of f.backlog.values()) {
        slice.push(p);
        if (slice.length === claimSlice) break;
      }
      for (const p of slice) f.backlog.delete(p.linkId);
      // what another desk claimed first is that desk's to send
      const live = await claim(slice);
      if (live.length === 0) continue;
      f.outstanding += live.length;
      const runId = await startClaimed(integrationId, live);
      if (runId === null) {
        f.outstanding -= live.length;
        f.backlog.clear();
        break;
      }
      f.runId = runId;
      sent += live.length;
    }
    return sent;
  }

  /** Drops this host's claims on these links; `unmark` also removes the in-flight mark (nothing was sent). */
  async function release(linkIds: readonly string[], unmark: boolean): Promise<void> {
    await deps.mutate(
      async (m) => {
        for (let i = 0; i < linkIds.length; i += 500) {
          const ids = linkIds.slice(i, i + 500);
          if (unmark) {
            const rows = await m.tx.selectFrom('links').select(['id', 'observed']).where('id', 'in', ids).where('claimedBy', '=', deps.hostId).execute();
            for (const r of rows) {
              const o = JSON.parse(r.observed) as ObservedState;
              if (o.error?.code === IN_FLIGHT) {
                const { error: _e, ...rest } = o;
                await writeObserved(m.tx, r.id, rest);
              }
            }
          }
          await m.tx.updateTable('links').set({ claimedBy: null, claimedUntil: null }).where('id', 'in', ids).where('claimedBy', '=', deps.hostId).execute();
        }
        m.changed('links');
      },
      { actor: 'system' },
    );
  }

  // ---- results ----

  function onRunResult(integrationId: string, result: LinkResult): void {
    const f = feeds.get(integrationId);
    if (f) {
      f.outstanding = Math.max(0, f.outstanding - 1);
      if (f.backlog.size > 0 && !f.busy && f.outstanding <= claimSlice / 2) void feed(integrationId);
    }
    queue.push({ integrationId, result });
    flushing ??= new Promise<void>((resolve) => timers.setTimeout(resolve, 100))
      .then(async () => {
        while (queue.length) await writeResults(queue.splice(0, 500));
      })
      .catch((err: unknown) => deps.logger.error('sync: results not written', { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        flushing = null;
      });
  }

  async function writeResults(items: Incoming[]): Promise<void> {
    await deps.mutate(
      async (m) => {
        for (const { result } of items) {
          const row = await m.tx.selectFrom('links').select(['id', 'observed', 'serviceId']).where('id', '=', result.linkId).executeTakeFirst();
          let observed: ObservedState = row ? (JSON.parse(row.observed) as ObservedState) : { state: 'none' };
          // The platform was not reached, or did not answer: nothing is known of that step, so the link
          // is not an Erro but a send to redo ("aguardando a Campsoft"); the steps it confirmed count.
          const unreached = result.outcome === 'failed' && result.steps.some((st) => !st.ok && UNREACHED.has(st.error.code));
          for (const step of result.steps) if (step.ok || !unreached) observed = applyResult({ observed }, step);
          if (unreached) observed = markInFlight({ observed });
          if (observed.state === 'error' && observed.error) observed = { ...observed, error: { ...observed.error, at: result.finishedAt } };
          if (row) {
            await writeObserved(m.tx, row.id, observed, result.finishedAt, (JSON.parse(row.observed) as ObservedState).state);
            await m.tx.updateTable('links').set({ claimedBy: null, claimedUntil: null }).where('id', '=', row.id).where('claimedBy', '=', deps.hostId).execute();
          }
          const customer = row
            ? await m.tx
                .selectFrom('services')
                .innerJoin('customers', 'customers.id', 'services.customerId')
                .select(['customers.id', 'customers.name'])
                .where('services.id', '=', row.serviceId)
                .executeTakeFirst()
            : undefined;
          const who = customer?.name ?? (result.linkId.startsWith('drift:') ? 'licença desconhecida do escritório' : 'vínculo removido');
          const failed = result.steps.find((s) => !s.ok);
          m.record({
            integrationId: result.integrationId,
            kind: `transmission.${result.outcome}`,
            ...(customer && { subject: customerSubject(customer.id) }),
            outcome: result.outcome === 'converged' ? 'ok' : result.outcome === 'failed' && !unreached ? 'error' : 'info',
            message:
              result.outcome === 'converged'
                ? confirmedMessage(planAction(result.steps.map((s) => s.kind)), who, result.key)
                : unreached
                  ? `Transmissão interrompida para ${who}: ${result.error?.message ?? (failed && !failed.ok ? failed.error.message : 'a plataforma não respondeu')} Será refeita quando a plataforma responder.`
                  : result.outcome === 'failed'
                  ? `Falha ao transmitir ${who}: ${result.error?.message ?? (failed && !failed.ok ? failed.error.message : 'erro desconhecido')}`
                  : `Transmissão interrompida para ${who}: será refeita na próxima passagem.`,
            ...(result.error?.platformErrorId && { platformErrorId: result.error.platformErrorId }),
          });
        }
        m.changed('links');
      },
      { actor: 'integration' },
    );
  }

  function onRunProgress(p: RunProgress): void {
    runs.set(p.integrationId, p);
    publish();
    if (p.status === 'running') return;
    void (async () => {
      // Let the last results land, then give back what the run did not start, and refresh.
      await (flushing ?? Promise.resolve());
      const f = feeds.get(p.integrationId);
      if (f) {
        await (f.busy ?? Promise.resolve());
        // The slices go on: this run ran dry before the next one was claimed, or a newer run carries them.
        if (p.status === 'done' && !disposed && (f.runId !== p.runId || f.backlog.size > 0)) {
          if (f.runId === p.runId) {
            f.outstanding = 0;
            await feed(p.integrationId);
          }
          if (f.runId !== p.runId) return;
        }
        // halted or canceled: what was not claimed yet waits for the next pass
        f.backlog.clear();
        f.outstanding = 0;
      }
      const leftover = await db.selectFrom('links').select('id').where('claimedBy', '=', deps.hostId).execute();
      if (leftover.length) await release(leftover.map((r) => r.id), false);
      timers.clearTimeout(retryTimer);
      if (p.failed > 0 || p.status === 'halted') {
        retryTimer = timers.setTimeout(() => void request('auto-retry'), retryDelay);
        retryDelay = Math.min(retryDelay * 2, retryMax);
      } else retryDelay = retryBase;
      await request('after-run');
    })().catch((err: unknown) => deps.logger.error('sync: after run', { error: err instanceof Error ? err.message : String(err) }));
  }

  // ---- the daily routine ----

  async function readSchedule(): Promise<Schedule> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', SCHEDULE_KEY).executeTakeFirst();
    return row ? { ...DEFAULT_SCHEDULE, ...(JSON.parse(row.value) as Schedule) } : DEFAULT_SCHEDULE;
  }

  async function writeSchedule(next: Schedule, event?: string): Promise<void> {
    await deps.mutate(
      async (m) => {
        await m.tx
          .insertInto('settings')
          .values({ key: SCHEDULE_KEY, value: JSON.stringify(next), updatedAt: m.at })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(next), updatedAt: m.at }))
          .execute();
        if (event) m.record({ kind: 'schedule.run', outcome: 'info', message: event });
        m.changed('settings');
      },
      { actor: 'system' },
    );
    schedule = next;
    publish();
  }

  /**
   * For every active integration: sync the products (S4) and check the platform against the office;
   * then a pass. Each lands in the history as the system's doing.
   */
  async function runDaily(): Promise<void> {
    if (!(await takeRoutineLease())) {
      // another desk of the office runs today's routine
      schedule = await readSchedule();
      publish();
      return;
    }
    const active = await db.selectFrom('integrations').select('id').where('active', '=', 1).execute();
    for (const { id } of active) {
      if (!(await deps.hasCredentials(id))) continue;
      try {
        await deps.daily?.syncProducts?.(id);
        await deps.daily?.checkPlatform?.(id);
      } catch (err) {
        deps.logger.warn('sync: daily step failed', { integrationId: id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    await writeSchedule({ ...(await readSchedule()), lastRunAt: iso() }, 'Rotina diária: produtos sincronizados, plataforma conferida e transmissão recalculada.');
    await request('schedule');
  }

  /**
   * The routine runs once per office: a desk takes the lease (a settings row) only when the last one
   * taken is older than routineLeaseMs — one conditional upsert, so of two desks whose hour arrives
   * together one gets it —, and not when the routine ran within that time already (a timer that fired late).
   */
  async function takeRoutineLease(): Promise<boolean> {
    const now = iso();
    const value = JSON.stringify({ desk: deps.hostId, at: now });
    const taken = await db
      .insertInto('settings')
      .values({ key: ROUTINE_LEASE_KEY, value, updatedAt: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: now }).where('settings.updatedAt', '<=', iso(deps.clock.now() - routineLeaseMs)))
      .returning('key')
      .executeTakeFirst();
    if (!taken) return false;
    const last = (await readSchedule()).lastRunAt;
    return !last || deps.clock.now() - Date.parse(last) >= routineLeaseMs;
  }

  function armSchedule(): void {
    timers.clearTimeout(scheduleTimer);
    if (disposed) return;
    scheduleTimer = timers.setTimeout(() => void runDaily().finally(armSchedule), msUntilHour(schedule.hour, new Date(deps.clock.now())));
  }

  return {
    state,
    request,
    desiredStateChanged,
    othersChanged,
    onRunResult,
    onRunProgress,
    runDaily,
    /** Sends these plans now (claimed first), without a preview: fixes the office chose row by row. */
    sendPlans: (plans: LinkPlan[]) => send(plans),
    /** The steps the last pass found for a link: its "Pendente". */
    pendingSteps: (linkId: string) => pendingSteps.get(linkId),

    previewRows(previewId: string, offset: number, limit: number): { rows: PreviewRow[]; total: number } {
      if (!preview || preview.info.id !== previewId) return { rows: [], total: 0 };
      return { rows: preview.rows.slice(offset, offset + limit), total: preview.rows.length };
    },
    /** The office confirmed the preview: send exactly what it showed. */
    async confirm(previewId: string): Promise<number> {
      if (!preview || preview.info.id !== previewId) return 0;
      const { plans } = preview;
      preview = null;
      for (const p of plans) confirmed.set(p.linkId, confirmedAs(p));
      publish();
      const sent = await send(plans);
      publish();
      return sent;
    },
    dismiss(previewId: string): boolean {
      if (!preview || preview.info.id !== previewId) return false;
      for (const p of preview.plans) postponed.set(p.linkId, signature(p));
      preview = null;
      notice = POSTPONED;
      publish();
      return true;
    },
    /** The schedule setting changed (Configurações): re-arm the routine at its new hour. */
    async scheduleChanged(): Promise<void> {
      schedule = await readSchedule();
      armSchedule();
      publish();
    },

    /** At start: drop this desk's claims of a previous life, arm the routine, run it if it is late. */
    async start(): Promise<void> {
      await db.updateTable('links').set({ claimedBy: null, claimedUntil: null }).where('claimedBy', '=', deps.hostId).execute();
      schedule = await readSchedule();
      // "On start and daily": at start only when the routine has not run in the last 20 hours.
      const stale = !schedule.lastRunAt || deps.clock.now() - Date.parse(schedule.lastRunAt) > 20 * 3600_000;
      const any = await db.selectFrom('integrations').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      armSchedule();
      await new Promise<void>((resolve) => timers.setTimeout(resolve, deps.startDelayMs ?? 2000));
      if (disposed) return;
      if (stale && Number(any?.n ?? 0) > 0) await runDaily();
      else await request('start');
    },

    async dispose(): Promise<void> {
      disposed = true;
      timers.clearTimeout(debounce);
      timers.clearTimeout(replanTimer);
      timers.clearTimeout(retryTimer);
      timers.clearTimeout(scheduleTimer);
      timers.clearTimeout(takeoverTimer);
      timers.clearTimeout(renewTimer);
      for (const f of feeds.values()) f.backlog.clear();
      await passing;
      await flushing;
    },
  };
}

/** One collator for the preview's order (a locale per `localeCompare` call costs seconds for 100k rows). */
const byName = new Intl.Collator('pt-BR', { numeric: true });
/** Rows of bookkeeping written per transaction. */
const BOOKKEEPING_CHUNK = 2_000;
/** Up to this many links newly blocked for one reason get an event per customer; more get one. */
const BLOCKED_EVENTS_PER_CUSTOMER = 50;

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/**
 * `at` given: a state the platform confirmed, recorded in licence_events when it changed (Cobrança);
 * `before` (the row's state until now) spares the look-up when nothing changed (most results of a pass).
 */
async function writeObserved(tx: Parameters<Parameters<Mutate>[0]>[0]['tx'], id: string, observed: ObservedState, at?: string, before?: string): Promise<void> {
  await tx.updateTable('links').set({ observed: JSON.stringify(observed), observedState: observed.state }).where('id', '=', id).execute();
  if (at !== undefined && before !== observed.state) await recordLicenceState(tx, id, observed.state, at);
}
