/**
 * Transmission runs (ARCHITECTURE, "Transmission is reconciliation"): the renderer sends the
 * LinkPlans its planner computed, main performs them and pushes one `run.result` per finished
 * LinkPlan. Results are kept in main with a sequence number: a renderer that reloads calls
 * `run.state` with the last seq it wrote to Dexie and gets every result it missed.
 *
 * A second `run.start` for an integration whose run is still going JOINS that run (same runId,
 * `joined: true`) instead of being refused: a link not started yet takes the newer plan; a link in
 * flight runs the newer plan right after; a link that already converged in this run with exactly
 * the same steps (keys and hashes) is not redone (it does not count in `accepted`).
 */
import { z } from 'zod';
import { LinkPlan, OperationResult } from '../domain/operation';

const IntegrationId = z.string().min(1).max(200);
const RunId = z.string().min(1).max(100);

/**
 * running → done (every accepted link finished, converged or failed) | canceled (run.cancel) |
 * halted (stopped early by an error that would fail every link: credentials refused, platform
 * unreachable; `error` says which). Links not started stay pending for the next pass.
 */
export const RunStatus = z.enum(['running', 'done', 'canceled', 'halted']);
export type RunStatus = z.infer<typeof RunStatus>;

/** The error the platform client gave up with (pt-BR message, says what to do). */
export const LinkError = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  httpStatus: z.number().optional(),
  platformErrorId: z.string().optional(),
  fields: z.record(z.string(), z.string()).optional(),
});
export type LinkError = z.infer<typeof LinkError>;

/**
 * One finished LinkPlan. `converged`: every step confirmed. `failed`: a step failed after the
 * client's retries; the steps after it were not sent (`error.retryable` tells whether the next pass
 * may succeed by itself). `canceled`: the run was cancelled or halted while the link was in flight.
 * In every case `steps` holds what the platform confirmed, in order, and the step that failed:
 * the renderer writes those into the link's observed state.
 */
export const LinkResult = z.object({
  runId: RunId,
  linkId: z.string(),
  integrationId: z.string(),
  key: z.string(),
  outcome: z.enum(['converged', 'failed', 'canceled']),
  steps: z.array(OperationResult),
  error: LinkError.optional(),
  finishedAt: z.string(),
});
export type LinkResult = z.infer<typeof LinkResult>;

export const SequencedResult = z.object({ seq: z.number().int().positive(), result: LinkResult });
export type SequencedResult = z.infer<typeof SequencedResult>;

export const RunStartInput = z
  .object({
    integrationId: IntegrationId,
    plans: z.array(LinkPlan).max(100_000),
    /** Links in flight at once; default 16 (main's setting), 1..64. */
    concurrency: z.number().int().min(1).max(64).optional(),
  })
  .strict();
export type RunStartInput = z.infer<typeof RunStartInput>;

export const RunProgress = z.object({
  runId: RunId,
  integrationId: z.string(),
  status: RunStatus,
  /** LinkPlans accepted so far (a joined pass adds to it). */
  total: z.number().int(),
  /** LinkPlans finished, converged or failed; `done / total` is the progress bar. */
  done: z.number().int(),
  /** Of `done`, those that failed. */
  failed: z.number().int(),
  /** In flight when the run was cancelled or halted (their result says `canceled`). */
  canceled: z.number().int(),
  /** Accepted but never started because the run was cancelled or halted. */
  notStarted: z.number().int(),
  /** The seq of the newest result; results 1..lastSeq exist. */
  lastSeq: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  finishedAt: z.string().optional(),
});
export type RunProgress = z.infer<typeof RunProgress>;

export const RunStateInput = z.union([
  z.object({ runId: RunId, afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
  z.object({ integrationId: IntegrationId, afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
]);
export type RunStateInput = { runId?: string; integrationId?: string; afterSeq?: number; limit?: number };

export const RunState = RunProgress.extend({
  concurrency: z.number().int(),
  startedAt: z.string(),
  /** Results with seq > afterSeq, oldest first, at most `limit` (default 1000). */
  results: z.array(SequencedResult),
  /** More results after these: ask again with afterSeq = the last seq received. */
  more: z.boolean(),
});
export type RunState = z.infer<typeof RunState>;

export const runEvents = {
  /** One per finished LinkPlan. */
  'run.result': z.object({ runId: RunId, integrationId: z.string(), seq: z.number().int().positive(), result: LinkResult }),
  /** At most every 100 ms while running, and always on a status change and at the end. */
  'run.progress': RunProgress,
};
