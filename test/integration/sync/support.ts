/**
 * The host's sync engine wired as in the host, on a real store and against the real sandbox over
 * HTTP: executor results and progress go to the engine, nothing through a renderer.
 */
import { createSyncEngine, type SyncEngineDeps, type Timers } from '../../../electron/host/sync/engine';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../electron/host/sandbox';
import type { SyncState } from '../../../shared/contract/sync';
import type { RunProgress } from '../../../shared/contract/runs';
import { openTestStore, type TestStore } from '../../store/support';
import { createEngineExecutor } from '../../../electron/host/sync/wiring';
import { capturingLogger, platformFactory } from '../executor/support';

export type Desk = {
  t: TestStore;
  engine: ReturnType<typeof createSyncEngine>;
  states: SyncState[];
  progress: RunProgress[];
  executor: ReturnType<typeof createEngineExecutor>['executor'];
  dispose(): Promise<void>;
};

export async function startDesk(sandbox: Sandbox, opts: { t?: TestStore; hostId?: string; timers?: Timers; online?: () => boolean; extra?: Partial<SyncEngineDeps> } = {}): Promise<Desk> {
  const t = opts.t ?? (await openTestStore());
  const states: SyncState[] = [];
  const progress: RunProgress[] = [];
  const { executor, startRun, attach } = createEngineExecutor({
    platformOf: platformFactory(sandbox),
    logger: capturingLogger(),
    clock: { now: () => Date.now() },
    forward: () => undefined,
  });
  const engine = createSyncEngine({
    store: t.store,
    mutate: t.mutate,
    clock: t.clock,
    logger: capturingLogger(),
    hostId: opts.hostId ?? 'desk-a',
    startRun,
    hasCredentials: async () => true,
    online: opts.online ?? (() => true),
    emitState: (s) => states.push(s),
    debounceMs: 10,
    startDelayMs: 0,
    retryBaseMs: 60_000,
    ...(opts.timers && { timers: opts.timers }),
    ...opts.extra,
  });
  attach({ onRunResult: engine.onRunResult, onRunProgress: (p) => (progress.push(p), engine.onRunProgress(p)) });
  return {
    t,
    engine,
    states,
    progress,
    executor,
    async dispose() {
      await engine.dispose();
      await executor.dispose();
      if (!opts.t) await t.close();
    },
  };
}

export async function sandboxFor(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ ...options });
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. Never asserts on speed. */
export async function until(check: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function observedStates(t: TestStore): Promise<Record<string, number>> {
  const rows = await t.store.db.selectFrom('links').select('observedState').execute();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.observedState] = (out[r.observedState] ?? 0) + 1;
  return out;
}
