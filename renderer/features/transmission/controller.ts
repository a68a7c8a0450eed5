/**
 * The sync controller (ARCHITECTURE, "Transmission is reconciliation"): reads the office's record,
 * asks the pure planner what the platform still needs, sends it to main's executor, and writes
 * each result back — observed state and history event in one transaction. Losing any step (crash,
 * reload, network) loses nothing: the next pass recomputes from what Dexie knows, and every
 * operation is idempotent on the platform.
 *
 * Triggers: a saved edit (debounced), an import, a reconnection, the daily schedule, "Transmitir
 * agora". A pass over the threshold (or with any cancellation) waits for the office's confirmation.
 */
import type { LinkResult, RunProgress } from '../../../shared/contract';
import {
  applyBlocked,
  applyResult,
  clearBlocked,
  desiredLicenceState,
  IN_FLIGHT,
  markInFlight,
  planReconcile,
  type Customer,
  type Integration,
  type Link,
  type LinkPlan,
  type ObservedState,
  type ReconcilePlan,
  type Service,
} from '../../../shared/domain';
import { offlineCause, offlineNext, useAppStatus } from '../../app/status-store';
import { call, subscribe } from '../../bridge';
import { db } from '../../db/db';
import { recordEvent } from '../../db/history';
import { count } from '../../ui/format';
import { onDesiredStateChanged } from '../customers/changes';
import { checkPlatform } from './drift';
import { beginSnapshot, patchObserved, rebuild, runChanged, type LinkFacts } from './link-states';
import { useTransmission, type Trigger } from './store';
import { confirmedVerbs, keyText, msUntilHour, planAction, stepsOf, summarize } from '../../../shared/domain/pass-summary';

/** Above this many links a pass shows a preview first (a CSV import that suspends 800 customers). */
export const PREVIEW_THRESHOLD = 50;
const DEBOUNCE_MS = 1500;
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 30 * 60_000;
const RUN_KEY = (integrationId: string) => `run:${integrationId}`;
export const SCHEDULE_KEY = 'schedule';

type RunRecord = { runId: string; lastSeq: number };
export type Schedule = { hour: number; lastRunAt?: string };

const same = (a: ObservedState, b: ObservedState) => JSON.stringify(a) === JSON.stringify(b);

type Snapshot = {
  plan: ReconcilePlan;
  links: Map<string, Link>;
  customerOfLink: (linkId: string) => Customer | undefined;
  lastEdit: (link: Link) => string;
  /** What the office wants for a link (S2 on its service's status), and its integration. */
  wantedOf: (link: Link) => Pick<LinkFacts, 'desired' | 'integrationId'>;
};

/** Reads the whole record and plans. Every input comes from Dexie, plus which vault entries exist. */
async function snapshot(): Promise<Snapshot> {
  const [integrations, products, packages, customers, services, links] = await Promise.all([
    db.integrations.toArray(),
    db.products.toArray(),
    db.packages.toArray(),
    db.customers.toArray(),
    db.services.toArray(),
    db.links.toArray(),
  ]);
  const configured = new Set<string>();
  await Promise.all(
    integrations.map(async (i) => {
      const r = await call('connection.describe', { integrationId: i.id });
      if (r.ok && r.data.configured) configured.add(i.id);
    }),
  );
  const plan = planReconcile({ integrations, hasCredentials: (id) => configured.has(id), products, packages, customers, services, links });
  const byId = new Map(links.map((l) => [l.id, l]));
  const serviceById = new Map<string, Service>(services.map((s) => [s.id, s]));
  const customerById = new Map<number, Customer>(customers.map((c) => [c.id, c]));
  const packageById = new Map(packages.map((p) => [p.id, p]));
  const customerOfLink = (linkId: string) => {
    const service = serviceById.get(byId.get(linkId)?.serviceId ?? '');
    return service ? customerById.get(service.customerId) : undefined;
  };
  const lastEdit = (link: Link) => {
    const service = serviceById.get(link.serviceId);
    const customer = service ? customerById.get(service.customerId) : undefined;
    return [link.updatedAt, service?.updatedAt ?? '', customer?.updatedAt ?? '', packageById.get(link.packageId)?.updatedAt ?? ''].sort().at(-1)!;
  };
  const integrationById = new Map<string, Integration>(integrations.map((i) => [i.id, i]));
  const wantedOf = (link: Link) => {
    const integration = integrationById.get(packageById.get(link.packageId)?.integrationId ?? '');
    const service = serviceById.get(link.serviceId);
    return { integrationId: integration?.id, desired: integration && service ? desiredLicenceState(service.status, integration) : undefined };
  };
  return { plan, links: byId, customerOfLink, lastEdit, wantedOf };
}

/**
 * Writes what the planner learned without the network: blocks, unblocks, adoptions, removals.
 * Returns the observed states it wrote (linkId → state).
 */
async function recordBookkeeping(s: Snapshot): Promise<Map<string, ObservedState>> {
  const { plan, links } = s;
  const updates: { key: string; changes: { observed: ObservedState } }[] = [];
  const newlyBlocked: { link: Link; reason: string }[] = [];
  for (const b of plan.blocked) {
    const link = links.get(b.linkId)!;
    const next = applyBlocked(link, b.reason);
    if (!same(next, link.observed)) {
      updates.push({ key: link.id, changes: { observed: next } });
      if (link.observed.blockedReason !== b.reason) newlyBlocked.push({ link, reason: b.reason });
    }
  }
  for (const id of plan.unblocked) {
    const link = links.get(id)!;
    updates.push({ key: id, changes: { observed: clearBlocked(link) } });
  }
  for (const a of plan.adopted) updates.push({ key: a.linkId, changes: { observed: a.observed } });
  const written = new Map(updates.map((u) => [u.key, u.changes.observed]));
  if (updates.length === 0 && plan.removable.length === 0) return written;
  await db.transaction('rw', [db.links, db.events], async () => {
    if (updates.length) await db.links.bulkUpdate(updates);
    if (plan.removable.length) await db.links.bulkDelete(plan.removable);
    for (const { link, reason } of newlyBlocked) {
      const customer = s.customerOfLink(link.id);
      await recordEvent({
        actor: 'system',
        kind: 'transmission.blocked',
        // The customer's id, not their name: the LGPD export/erasure finds the events by it.
        subject: customer ? `cliente:${customer.id}` : undefined,
        outcome: 'error',
        message: `Não transmitido (${customer?.name ?? 'cliente'}): ${reason}`,
      });
    }
  });
  return written;
}

/** Every link's facts as this pass sees them, after its bookkeeping: the states and counts come from these. */
function recordStates(s: Snapshot, written: Map<string, ObservedState>, gen: number): void {
  const planned = new Map(s.plan.plans.map((p) => [p.linkId, stepsOf(p)]));
  const removed = new Set(s.plan.removable);
  const all: LinkFacts[] = [];
  for (const link of s.links.values()) {
    if (removed.has(link.id)) continue;
    all.push({ id: link.id, observed: written.get(link.id) ?? link.observed, removed: link.removedAt !== undefined, planned: planned.get(link.id), ...s.wantedOf(link) });
  }
  rebuild(all, gen);
}

/**
 * Automatic passes leave alone a link whose last answer was a permanent refusal (a 409, say) until
 * something about it is edited: resending the same data would only be refused again.
 * "Transmitir agora" and "Tentar novamente" send them anyway.
 */
function worthSending(s: Snapshot, plan: LinkPlan, trigger: Trigger): boolean {
  if (trigger === 'manual' || trigger === 'retry') return true;
  const link = s.links.get(plan.linkId);
  const error = link?.observed.error;
  if (!link || link.observed.state !== 'error' || !error || error.retryable || !error.at) return true;
  return s.lastEdit(link) > error.at;
}

/** Recomputes the pending list without sending anything (e.g. right after a run ends). */
export const refreshPending = () => requestPass('after-run', new Set());

let passing: Promise<void> | null = null;
let again: Trigger | null = null;

/** One reconcile pass. Passes never overlap: a trigger during a pass runs one more pass after it. */
export function requestPass(trigger: Trigger, only?: ReadonlySet<string>): Promise<void> {
  if (passing) {
    again = trigger;
    return passing;
  }
  passing = (async () => {
    useTransmission.setState({ passing: true });
    try {
      await pass(trigger, only);
    } catch (err) {
      useTransmission.setState({ notice: `A transmissão não pôde ser calculada: ${(err as Error).message}` });
    } finally {
      passing = null;
      useTransmission.setState({ passing: false });
    }
    if (again) {
      const next = again;
      again = null;
      await requestPass(next);
    }
  })();
  return passing;
}

async function pass(trigger: Trigger, only?: ReadonlySet<string>) {
  const gen = beginSnapshot();
  const s = await snapshot();
  recordStates(s, await recordBookkeeping(s), gen);
  // Links already in a run that is still going are being handled there ("Enviando"): not again.
  const running = new Set(Object.values(useTransmission.getState().runs).filter((r) => r.status === 'running').map((r) => r.integrationId));
  const inRun = (p: LinkPlan) => running.has(p.integrationId) && s.links.get(p.linkId)?.observed.error?.code === IN_FLIGHT;
  const candidates = s.plan.plans.filter((p) => !inRun(p) && worthSending(s, p, trigger));
  const names = (plans: LinkPlan[]) => Object.fromEntries(plans.map((p) => [p.linkId, s.customerOfLink(p.linkId)?.name ?? '—']));
  // An open preview always shows what would be sent now, never a stale list.
  const open = useTransmission.getState().preview;
  useTransmission.setState({
    notice: null,
    preview: open && candidates.length > 0 ? { ...open, plans: candidates, summary: summarize(candidates), names: names(candidates) } : null,
  });
  const plans = candidates.filter((p) => !only || only.has(p.linkId));
  if (!useAppStatus.getState().online) {
    // said even by a pass that sends nothing (after a run stopped): what waits, and why
    if (candidates.length > 0) useTransmission.setState({ notice: `${offlineCause(useAppStatus.getState())}: ${count(candidates.length, 'vínculo aguardando', 'vínculos aguardando')}. ${offlineNext(useAppStatus.getState())}` });
    return;
  }
  if (plans.length === 0) return;
  const summary = summarize(plans);
  if (plans.length > PREVIEW_THRESHOLD || summary.cancellations > 0) {
    useTransmission.setState({ preview: { plans, summary, trigger, names: names(plans) } });
    return;
  }
  await send(plans);
}

/** The office confirmed the preview: send exactly what it showed. */
export async function confirmPreview() {
  const preview = useTransmission.getState().preview;
  if (!preview) return;
  useTransmission.setState({ preview: null });
  await send(preview.plans);
}

export function dismissPreview() {
  useTransmission.setState({ preview: null, notice: 'Transmissão adiada: as alterações continuam pendentes. Use "Transmitir agora" quando quiser enviá-las.' });
}

async function send(plans: LinkPlan[]) {
  const byIntegration = new Map<string, LinkPlan[]>();
  for (const p of plans) byIntegration.set(p.integrationId, [...(byIntegration.get(p.integrationId) ?? []), p]);
  for (const [integrationId, group] of byIntegration) {
    const before = new Map<string, ObservedState>();
    const marked: { id: string; observed: ObservedState }[] = [];
    // Being started: its links marked in flight read as Enviando, not as an interrupted send.
    setStarting(integrationId, true);
    try {
      // Marked before sending: a crash from here on reads as "state unknown" and the next pass redoes it.
      await db.transaction('rw', [db.links], async () => {
        const rows = await db.links.bulkGet(group.map((p) => p.linkId));
        const updates = rows.filter((l): l is Link => !!l).map((l) => {
          before.set(l.id, l.observed);
          const observed = markInFlight(l);
          marked.push({ id: l.id, observed });
          return { key: l.id, changes: { observed } };
        });
        await db.links.bulkUpdate(updates);
      });
      patchObserved(marked);
      // A link deleted since the plan was made (an LGPD erasure, say) is not sent; drift-fix plans have no row.
      const live = group.filter((p) => before.has(p.linkId) || p.linkId.startsWith('drift:'));
      if (live.length === 0) continue;
      const r = await call('run.start', { integrationId, plans: live });
      if (!r.ok) {
        // Nothing reached the platform: put the links back as they were.
        await db.transaction('rw', [db.links, db.events], async () => {
          await db.links.bulkUpdate([...before].map(([key, observed]) => ({ key, changes: { observed } })));
          await recordEvent({ actor: 'system', integrationId, kind: 'transmission.start', outcome: 'error', message: `Transmissão não iniciada: ${r.message}` });
        });
        patchObserved([...before].map(([id, observed]) => ({ id, observed })));
        useTransmission.setState({ notice: r.message });
        continue;
      }
      // The run's first progress may come after this answer: it is running from now on.
      useTransmission.setState((st) =>
        st.runs[integrationId]?.runId === r.data.runId
          ? {}
          : { runs: { ...st.runs, [integrationId]: { runId: r.data.runId, integrationId, status: 'running', total: r.data.accepted, done: 0, failed: 0, canceled: 0, notStarted: 0, lastSeq: 0 } } },
      );
      const previous = (await db.settings.get(RUN_KEY(integrationId)))?.value as RunRecord | undefined;
      if (!(r.data.joined && previous?.runId === r.data.runId)) {
        await db.settings.put({ key: RUN_KEY(integrationId), value: { runId: r.data.runId, lastSeq: 0 } satisfies RunRecord });
      }
    } finally {
      setStarting(integrationId, false);
    }
  }
}

function setStarting(integrationId: string, on: boolean) {
  useTransmission.setState((s) => {
    if (on) return { starting: [...s.starting, integrationId] };
    const i = s.starting.indexOf(integrationId);
    return i < 0 ? {} : { starting: [...s.starting.slice(0, i), ...s.starting.slice(i + 1)] };
  });
  // started and already over (or refused): its links marked in flight are no longer being sent
  if (!on && useTransmission.getState().runs[integrationId]?.status !== 'running') runChanged(integrationId);
}

type Incoming = { integrationId: string; runId: string; seq: number; result: LinkResult };

/** Each result: the link's observed state and its history event, in one transaction (batched). */
export async function writeResults(items: Incoming[]) {
  if (items.length === 0) return;
  const written: { id: string; observed: ObservedState; converged: boolean }[] = [];
  await db.transaction('rw', [db.links, db.events, db.settings, db.services, db.customers], async () => {
    written.length = 0; // a retried transaction starts over
    const lastSeq = new Map<string, Incoming>();
    for (const item of items) {
      const { result } = item;
      const link = await db.links.get(result.linkId);
      let observed = link?.observed ?? { state: 'none' as const };
      for (const step of result.steps) observed = applyResult({ observed }, step);
      if (observed.state === 'error' && observed.error) observed = { ...observed, error: { ...observed.error, at: result.finishedAt } };
      if (link) {
        await db.links.update(link.id, { observed });
        written.push({ id: link.id, observed, converged: result.outcome === 'converged' });
      }
      const service = link ? await db.services.get(link.serviceId) : undefined;
      const customer = service ? await db.customers.get(service.customerId) : undefined;
      const who = customer?.name ?? (result.linkId.startsWith('drift:') ? 'licença desconhecida do escritório' : 'vínculo removido');
      const action = confirmedVerbs[planAction(result.steps.map((s) => s.kind))];
      const failed = result.steps.find((s) => !s.ok);
      await recordEvent({
        actor: 'integration',
        integrationId: result.integrationId,
        kind: `transmission.${result.outcome}`,
        subject: customer ? `cliente:${customer.id}` : who,
        outcome: result.outcome === 'converged' ? 'ok' : result.outcome === 'failed' ? 'error' : 'info',
        message:
          result.outcome === 'converged'
            ? `${action}: ${who} (${keyText(result.key)}).`
            : result.outcome === 'failed'
              ? `Falha ao transmitir ${who}: ${result.error?.message ?? (failed && !failed.ok ? failed.error.message : 'erro desconhecido')}`
              : `Transmissão interrompida para ${who}: será refeita na próxima passagem.`,
        platformErrorId: result.error?.platformErrorId,
      });
      const prev = lastSeq.get(item.integrationId);
      if (!prev || prev.seq < item.seq) lastSeq.set(item.integrationId, item);
    }
    for (const [integrationId, item] of lastSeq) {
      const record = (await db.settings.get(RUN_KEY(integrationId)))?.value as RunRecord | undefined;
      if (!record || record.runId !== item.runId || record.lastSeq < item.seq) {
        await db.settings.put({ key: RUN_KEY(integrationId), value: { runId: item.runId, lastSeq: Math.max(item.seq, record?.runId === item.runId ? record.lastSeq : 0) } });
      }
    }
  });
  // committed: the states and counts move with the record, not a pass later
  patchObserved(written);
}

const queue: Incoming[] = [];
let flushing: Promise<void> | null = null;

function enqueue(item: Incoming) {
  queue.push(item);
  flushing ??= new Promise<void>((resolve) => setTimeout(resolve, 150))
    .then(async () => {
      while (queue.length) {
        const batch = queue.splice(0, 500);
        await writeResults(batch);
      }
    })
    .finally(() => {
      flushing = null;
    });
}

/** After a reload: the results main kept while nobody listened. */
async function recoverRuns() {
  const records = await db.settings.where('key').startsWith('run:').toArray();
  for (const { key, value } of records) {
    const record = value as RunRecord;
    const integrationId = key.slice('run:'.length);
    let afterSeq = record.lastSeq;
    for (;;) {
      const r = await call('run.state', { runId: record.runId, afterSeq });
      if (!r.ok) break;
      if (!r.data) {
        // Main restarted: its memory of the run is gone; the in-flight marks make the next pass redo it.
        await db.settings.delete(key);
        break;
      }
      await writeResults(r.data.results.map((x) => ({ integrationId, runId: record.runId, seq: x.seq, result: x.result })));
      if (r.data.status === 'running') useTransmission.setState((s) => ({ runs: { ...s.runs, [integrationId]: r.data! } }));
      if (!r.data.more) break;
      afterSeq = r.data.results.at(-1)!.seq;
    }
  }
}

/**
 * The daily routine (and at start): for every active integration, sync the products (S4) and
 * check the platform against the office (Conferir com a plataforma); then a transmission pass.
 * Each lands in the history as the system's doing.
 */
export async function runScheduledJobs() {
  const integrations = (await db.integrations.toArray()).filter((i) => i.active);
  for (const i of integrations) {
    // S4 in the host's record: products.sync fetches, applies and records (a failure too).
    const r = await call('products.sync', { integrationId: i.id });
    if (r.ok) await checkPlatform(i.id, 'system');
  }
  const schedule = ((await db.settings.get(SCHEDULE_KEY))?.value as Schedule | undefined) ?? { hour: 4 };
  await db.transaction('rw', [db.settings, db.events], async () => {
    await db.settings.put({ key: SCHEDULE_KEY, value: { ...schedule, lastRunAt: new Date().toISOString() } });
    await recordEvent({ actor: 'system', kind: 'schedule.run', outcome: 'info', message: 'Rotina diária: produtos sincronizados, plataforma conferida e transmissão recalculada.' });
  });
  await requestPass('schedule');
}

let scheduleTimer: ReturnType<typeof setTimeout> | undefined;

/** (Re)arms the daily routine at the configured hour (default 04:00, as HubSoft's daily mapping). */
async function armSchedule() {
  clearTimeout(scheduleTimer);
  const schedule = ((await db.settings.get(SCHEDULE_KEY))?.value as Schedule | undefined) ?? { hour: 4 };
  scheduleTimer = setTimeout(() => void runScheduledJobs().finally(armSchedule), msUntilHour(schedule.hour));
}

export async function setScheduleHour(hour: number) {
  const schedule = ((await db.settings.get(SCHEDULE_KEY))?.value as Schedule | undefined) ?? { hour: 4 };
  await db.settings.put({ key: SCHEDULE_KEY, value: { ...schedule, hour } satisfies Schedule });
  await armSchedule();
}

export { msUntilHour };

/** Wires every trigger; called once when the app starts. Returns a function that unwires them. */
export function startTransmission(): () => void {
  const offs: (() => void)[] = [];
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = RETRY_BASE_MS;

  offs.push(
    onDesiredStateChanged(() => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void requestPass('edit'), DEBOUNCE_MS);
    }),
  );
  offs.push(subscribe('run.result', (e) => enqueue({ integrationId: e.integrationId, runId: e.runId, seq: e.seq, result: e.result })));
  offs.push(
    subscribe('run.progress', (p: RunProgress) => {
      const was = useTransmission.getState().runs[p.integrationId];
      useTransmission.setState((s) => ({ runs: { ...s.runs, [p.integrationId]: p } }));
      if (p.status === 'running') {
        if (was?.runId !== p.runId || was.status !== 'running') runChanged(p.integrationId);
        return;
      }
      if (p.status === 'halted' && p.error) useTransmission.setState({ notice: p.error.message });
      // Let the last results land; then links still marked in flight are no longer being sent
      // (Pendente, to be redone), and the next pass recomputes; retryable failures retry later.
      void (flushing ?? Promise.resolve()).then(() => {
        runChanged(p.integrationId);
        return refreshPending();
      });
      clearTimeout(retryTimer);
      if (p.failed > 0 || p.status === 'halted') {
        retryTimer = setTimeout(() => void requestPass('auto-retry'), retryDelay);
        retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
      } else retryDelay = RETRY_BASE_MS;
    }),
  );
  let wasOnline = useAppStatus.getState().online;
  offs.push(
    useAppStatus.subscribe((s) => {
      if (s.online && !wasOnline) void requestPass('reconnect');
      wasOnline = s.online;
    }),
  );

  void (async () => {
    await recoverRuns();
    // "On start and daily": at start only when the daily routine has not run in the last 20 hours.
    const schedule = (await db.settings.get(SCHEDULE_KEY))?.value as Schedule | undefined;
    const stale = !schedule?.lastRunAt || Date.now() - Date.parse(schedule.lastRunAt) > 20 * 3600_000;
    if (stale && (await db.integrations.count()) > 0) await runScheduledJobs();
    else await requestPass('start');
    void armSchedule();
  })();

  return () => {
    offs.forEach((off) => off());
    clearTimeout(debounce);
    clearTimeout(retryTimer);
    clearTimeout(scheduleTimer);
  };
}
