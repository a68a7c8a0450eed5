/**
 * The transmission executor (ARCHITECTURE, "Transmission is reconciliation"): runs the LinkPlans the
 * renderer's planner computed, against one Platform per run (hence one shared token), with bounded
 * concurrency; the steps of one link in order, different links in parallel. The client retries
 * transient failures; when it gives up, the link is reported failed (with `retryable`) and the run
 * moves on: the next pass recomputes the plan and tries again. One `run.result` event per finished
 * LinkPlan carries what the platform confirmed, so the renderer can write Dexie in one transaction.
 *
 * Every result is also kept in memory with a sequence number, so a renderer that reloads asks
 * `run.state` with the last seq it wrote and gets what it missed.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { AppError } from '../../shared/contract/result';
import type { LinkResult, RunProgress, RunStartInput, RunState, RunStateInput, RunStatus } from '../../shared/contract/runs';
import type { LinkPlan } from '../../shared/domain/operation';
import { performLink } from './executor/link';
import type { Platform } from './platform';
import type { Clock, Emit, Logger } from './ports';

/**
 * 16 links in flight: at Campsoft-like latencies (~40 ms) that is ~400 requests/s at most, well
 * under what an HTTP/1.1 API with keep-alive serves to one client, and ≥ 10× a serial run.
 */
export const DEFAULT_CONCURRENCY = 16;
export const MAX_CONCURRENCY = 64;
/** Results handed out by one run.state call; the renderer asks again from `lastSeq`. */
export const DEFAULT_STATE_LIMIT = 1000;

/** Codes that will fail every link of the run the same way: stop instead of hammering the platform. */
const RUN_WIDE_CODES = new Set(['UNAUTHORIZED', 'TLS', 'INSECURE_URL', 'UNKNOWN_ROUTE']);
/** Codes of a platform that does not answer (after the client's own retries). */
const TRANSPORT_CODES = new Set(['NETWORK', 'TIMEOUT', 'PLATFORM_UNAVAILABLE', 'RATE_LIMITED']);

export type ExecutorDeps = {
  /** The vault-backed platform of an integration (integrations.platformOf). Called once per run. */
  platformOf(integrationId: string): Promise<Platform>;
  emit: Emit;
  logger: Logger;
  clock: Clock;
  /** Links in flight per run, unless run.start asks otherwise; default DEFAULT_CONCURRENCY. */
  concurrency?: number;
  /** Finished runs kept for run.state (newest kept); default 10. */
  keepFinishedRuns?: number;
  /**
   * Links failing in a row for transport reasons (after the client's retries) before the run halts:
   * the platform is down or the network is gone, the rest would only churn. Default 4 × concurrency.
   */
  haltAfterTransportFailures?: number;
  /**
   * Why the integration's platform is known not to answer right now (the host's network watch), or
   * null. A run is not started against it: its links stay pending and go when it answers again.
   */
  platformDown?: (integrationId: string) => { code: string; message: string } | null;
  /** Minimum interval between two run.progress events of a run; default 100 ms (the last is always sent). */
  progressIntervalMs?: number;
  newRunId?: () => string;
};

type Run = {
  runId: string;
  integrationId: string;
  platform: Platform;
  concurrency: number;
  status: RunStatus;
  error?: { code: string; message: string };
  startedAt: number;
  finishedAt?: number;
  total: number;
  done: number;
  failed: number;
  canceledLinks: number;
  notStarted: number;
  controller: AbortController;
  /** Pending links in arrival order; the plan of a pending link is replaced by a newer one. */
  order: string[];
  pending: Map<string, LinkPlan>;
  /** Links in flight, and the newer plan that arrived for them meanwhile (run after). */
  running: Map<string, { followUp?: LinkPlan }>;
  /** Steps hash of the last plan of each link that converged in this run: an identical plan is not redone. */
  converged: Map<string, string>;
  workers: number;
  transportFailuresInARow: number;
  results: { seq: number; result: LinkResult }[];
  lastProgressAt: number;
  settled: Promise<void>;
  settle: () => void;
};

export type Executor = ReturnType<typeof createExecutor>;

export function createExecutor(deps: ExecutorDeps) {
  const defaultConcurrency = clampConcurrency(deps.concurrency ?? DEFAULT_CONCURRENCY);
  const keepFinished = deps.keepFinishedRuns ?? 10;
  const progressInterval = deps.progressIntervalMs ?? 100;
  const newRunId = deps.newRunId ?? randomUUID;
  const runs = new Map<string, Run>();
  /** The run of each integration that still accepts plans. */
  const active = new Map<string, Run>();
  let disposed = false;

  async function start(input: RunStartInput): Promise<{ runId: string; accepted: number; joined: boolean }> {
    if (disposed) throw new AppError('SHUTTING_DOWN', 'O aplicativo está fechando; a transmissão será feita na próxima abertura.', { retryable: true });
    const { integrationId } = input;
    const foreign = input.plans.find((p) => p.integrationId !== integrationId);
    if (foreign) {
      throw new AppError('VALIDATION', 'Há vínculos de outra integração nesta transmissão. Transmita cada integração separadamente.', {
        fields: { plans: `linkId ${foreign.linkId} pertence a outra integração` },
      });
    }
    const platform = await deps.platformOf(integrationId);
    const down = deps.platformDown?.(integrationId);
    if (down) throw new AppError(down.code, `${down.message} Os vínculos continuam pendentes e serão enviados quando a plataforma voltar a responder.`, { retryable: true });

    const current = active.get(integrationId);
    if (current && current.status === 'running') {
      // A second pass while one runs (an edit saved meanwhile): join it instead of refusing, so
      // the office's newer desired state is not held back until the long run ends.
      const accepted = join(current, input.plans);
      deps.logger.info('run.joined', { runId: current.runId, integrationId, links: input.plans.length, accepted });
      return { runId: current.runId, accepted, joined: true };
    }

    const settleBox: { fn: () => void } = { fn: () => {} };
    const run: Run = {
      runId: newRunId(),
      integrationId,
      platform,
      concurrency: clampConcurrency(input.concurrency ?? defaultConcurrency),
      status: 'running',
      startedAt: deps.clock.now(),
      total: 0,
      done: 0,
      failed: 0,
      canceledLinks: 0,
      notStarted: 0,
      controller: new AbortController(),
      order: [],
      pending: new Map(),
      running: new Map(),
      converged: new Map(),
      workers: 0,
      transportFailuresInARow: 0,
      results: [],
      lastProgressAt: -Infinity,
      settled: new Promise<void>((resolve) => (settleBox.fn = resolve)),
      settle: () => settleBox.fn(),
    };
    // Each call in flight listens to the run's signal (the HTTP request, the token wait, the backoff).
    setMaxListeners(10 + 4 * run.concurrency, run.controller.signal);
    runs.set(run.runId, run);
    active.set(integrationId, run);
    deps.logger.info('run.start', { runId: run.runId, integrationId, links: input.plans.length, concurrency: run.concurrency });
    const accepted = join(run, input.plans);
    if (run.workers === 0) finish(run, 'done');
    return { runId: run.runId, accepted, joined: false };
  }

  /** Adds plans to a running run; returns how many will run. */
  function join(run: Run, plans: LinkPlan[]): number {
    let accepted = 0;
    for (const plan of plans) {
      const inFlight = run.running.get(plan.linkId);
      if (inFlight) {
        if (!inFlight.followUp) run.total++;
        inFlight.followUp = plan;
        accepted++;
      } else if (run.pending.has(plan.linkId)) {
        run.pending.set(plan.linkId, plan); // newer desired state wins; same place in line
        accepted++;
      } else if (run.converged.get(plan.linkId) === stepsHash(plan)) {
        // Already confirmed in this run, exactly so: the renderer planned before writing the result.
      } else {
        run.order.push(plan.linkId);
        run.pending.set(plan.linkId, plan);
        run.total++;
        accepted++;
      }
    }
    const wanted = Math.min(run.concurrency, run.running.size + run.pending.size) - run.workers;
    for (let i = 0; i < wanted; i++) spawnWorker(run);
    emitProgress(run, true);
    return accepted;
  }

  function take(run: Run): LinkPlan | undefined {
    while (run.order.length > 0) {
      const linkId = run.order.shift()!;
      const plan = run.pending.get(linkId);
      if (plan) {
        run.pending.delete(linkId);
        return plan;
      }
    }
    return undefined;
  }

  function spawnWorker(run: Run): void {
    run.workers++;
    void (async () => {
      try {
        for (let plan = take(run); plan && run.status === 'running'; plan = take(run)) {
          let slot: { followUp?: LinkPlan } = {};
          run.running.set(plan.linkId, slot);
          const outcome = await performLink(run.platform, plan, { runId: run.runId, signal: run.controller.signal, clock: deps.clock });
          slot = run.running.get(plan.linkId) ?? slot;
          run.running.delete(plan.linkId);
          record(run, plan, outcome);
          if (slot.followUp) {
            if (run.status === 'running') {
              run.order.unshift(plan.linkId);
              run.pending.set(plan.linkId, slot.followUp);
            } else run.notStarted++;
          }
        }
      } catch (err) {
        // performLink turns every platform error into a result; reaching here is a bug of ours.
        deps.logger.error('run.worker_crashed', { runId: run.runId, error: err instanceof Error ? err.name : 'unknown' });
        halt(run, { code: 'INTERNAL', message: 'Erro interno na transmissão. Tente novamente; se persistir, contate o suporte.' });
      } finally {
        run.workers--;
        if (run.workers === 0) finish(run, run.status === 'running' ? 'done' : run.status);
      }
    })();
  }

  function record(run: Run, plan: LinkPlan, result: LinkResult): void {
    if (result.outcome === 'converged') {
      run.done++;
      run.transportFailuresInARow = 0;
      run.converged.set(plan.linkId, stepsHash(plan));
    } else if (result.outcome === 'failed') {
      run.done++;
      run.failed++;
      run.converged.delete(plan.linkId);
      const code = result.error?.code ?? 'INTERNAL';
      // Contract ids are fine in logs; the error message may quote personal data, so only its code.
      deps.logger.warn('run.link_failed', { runId: run.runId, linkId: plan.linkId, key: plan.key, code, httpStatus: result.error?.httpStatus, retryable: result.error?.retryable });
      if (RUN_WIDE_CODES.has(code)) halt(run, { code, message: result.error!.message });
      else if (TRANSPORT_CODES.has(code)) {
        run.transportFailuresInARow++;
        const limit = deps.haltAfterTransportFailures ?? 4 * run.concurrency;
        if (run.transportFailuresInARow >= limit) halt(run, { code, message: result.error!.message });
      } else run.transportFailuresInARow = 0;
    } else {
      run.canceledLinks++;
    }
    const seq = run.results.length + 1;
    run.results.push({ seq, result });
    deps.emit('run.result', { runId: run.runId, integrationId: run.integrationId, seq, result });
    emitProgress(run, false);
  }

  /** Stops the run early: pending links are not started, in-flight requests are aborted. */
  function halt(run: Run, error: { code: string; message: string }): void {
    if (run.status !== 'running') return;
    run.status = 'halted';
    run.error = {
      code: error.code,
      message: `Transmissão interrompida: ${error.message} Os vínculos não enviados continuam pendentes para a próxima transmissão.`,
    };
    stopPending(run);
    deps.logger.warn('run.halted', { runId: run.runId, integrationId: run.integrationId, code: error.code });
  }

  function stopPending(run: Run): void {
    run.notStarted += run.pending.size;
    for (const slot of run.running.values()) {
      if (!slot.followUp) continue;
      run.notStarted++;
      slot.followUp = undefined;
    }
    run.pending.clear();
    run.order = [];
    if (active.get(run.integrationId) === run) active.delete(run.integrationId);
    run.controller.abort();
    emitProgress(run, true);
  }

  function finish(run: Run, status: RunStatus): void {
    if (run.finishedAt !== undefined) return;
    run.status = status;
    run.finishedAt = deps.clock.now();
    if (active.get(run.integrationId) === run) active.delete(run.integrationId);
    deps.logger.info('run.finish', {
      runId: run.runId,
      integrationId: run.integrationId,
      status,
      total: run.total,
      done: run.done,
      failed: run.failed,
      ms: run.finishedAt - run.startedAt,
    });
    emitProgress(run, true);
    forgetOldRuns();
    run.settle();
  }

  function forgetOldRuns(): void {
    const finished = [...runs.values()].filter((r) => r.finishedAt !== undefined);
    for (const r of finished.slice(0, Math.max(0, finished.length - keepFinished))) runs.delete(r.runId);
  }

  function progressOf(run: Run): RunProgress {
    return {
      runId: run.runId,
      integrationId: run.integrationId,
      status: run.status,
      total: run.total,
      done: run.done,
      failed: run.failed,
      canceled: run.canceledLinks,
      notStarted: run.notStarted,
      lastSeq: run.results.length,
      ...(run.error ? { error: run.error } : {}),
      ...(run.finishedAt !== undefined ? { finishedAt: iso(run.finishedAt) } : {}),
    };
  }

  function emitProgress(run: Run, force: boolean): void {
    const now = deps.clock.now();
    if (!force && now - run.lastProgressAt < progressInterval) return;
    run.lastProgressAt = now;
    deps.emit('run.progress', progressOf(run));
  }

  function cancel(runId: string): { canceled: boolean } {
    const run = runs.get(runId);
    if (!run || run.status !== 'running') return { canceled: false };
    run.status = 'canceled';
    deps.logger.info('run.cancel', { runId, integrationId: run.integrationId, pending: run.pending.size, inFlight: run.running.size });
    stopPending(run);
    return { canceled: true };
  }

  function find(input: RunStateInput): Run | undefined {
    if (input.runId !== undefined) return runs.get(input.runId);
    let latest: Run | undefined;
    for (const r of runs.values()) if (r.integrationId === input.integrationId && (!latest || r.startedAt >= latest.startedAt)) latest = r;
    return latest;
  }

  function state(input: RunStateInput): RunState | null {
    const run = find(input);
    if (!run) return null;
    const after = Math.max(0, input.afterSeq ?? 0);
    const limit = input.limit ?? DEFAULT_STATE_LIMIT;
    const results = run.results.slice(after, after + limit);
    return {
      ...progressOf(run),
      concurrency: run.concurrency,
      startedAt: iso(run.startedAt),
      results,
      more: after + limit < run.results.length,
    };
  }

  /**
   * The integration's platform stopped answering (the network watch saw it): its run stops now
   * instead of waiting out every request's timeout and retries; in-flight requests are aborted, and
   * the links stay pending for the pass that starts when the platform answers again.
   */
  function haltIntegration(integrationId: string, error: { code: string; message: string }): boolean {
    const run = active.get(integrationId);
    if (!run || run.status !== 'running') return false;
    halt(run, error);
    return true;
  }

  return {
    start,
    cancel,
    state,
    haltIntegration,
    /** Resolves when the run has settled (in-flight requests included); for tests, the bench and dispose. */
    async settled(runId: string): Promise<RunState | null> {
      const run = runs.get(runId);
      if (run) await run.settled;
      return state({ runId });
    },
    /** App quit: cancel every run and wait for in-flight requests to be aborted. */
    async dispose(): Promise<void> {
      disposed = true;
      const live = [...runs.values()].filter((r) => r.finishedAt === undefined);
      for (const r of live) cancel(r.runId);
      await Promise.all(live.map((r) => r.settled));
    },
  };
}

function clampConcurrency(n: number): number {
  return Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(n)));
}

/** What a plan would send: its steps' keys and hashes (the planner's stable identity of each operation). */
function stepsHash(plan: LinkPlan): string {
  return plan.steps.map((s) => `${s.kind}:${s.key}:${s.hash}`).join('|');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
