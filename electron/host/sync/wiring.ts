/**
 * The executor as the sync engine drives it: runs the engine started report their results and
 * progress to it (it writes them back to the store); other events go on to the screens.
 */
import type { EventPayload } from '../../../shared/contract';
import { createExecutor, type ExecutorDeps } from '../executor';
import type { Emit } from '../ports';
import type { SyncEngine } from './engine';

export function createEngineExecutor(deps: Omit<ExecutorDeps, 'emit'> & { forward: Emit }) {
  const engineRuns = new Set<string>();
  let engine: Pick<SyncEngine, 'onRunResult' | 'onRunProgress'> | undefined;
  const executor = createExecutor({
    ...deps,
    emit: (event, payload) => {
      const runId = (payload as { runId?: string }).runId;
      if (engine && runId !== undefined && engineRuns.has(runId)) {
        if (event === 'run.result') {
          const r = payload as EventPayload<'run.result'>;
          engine.onRunResult(r.integrationId, r.result);
          return;
        }
        if (event === 'run.progress') engine.onRunProgress(payload as EventPayload<'run.progress'>);
      }
      deps.forward(event, payload);
    },
  });
  return {
    executor,
    /** the engine's `startRun` */
    async startRun(input: Parameters<typeof executor.start>[0]) {
      const r = await executor.start(input);
      engineRuns.add(r.runId);
      return r;
    },
    attach(next: Pick<SyncEngine, 'onRunResult' | 'onRunProgress'>) {
      engine = next;
    },
  };
}
