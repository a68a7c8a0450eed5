/**
 * One LinkPlan against the platform: its steps in order, each mapped to one Platform call; the
 * first failure stops the link (a grant after a failed upsert would only 404). What the platform
 * confirmed is kept step by step, so a link that fails halfway still reports the part that landed.
 */
import { AppError } from '../../../shared/contract/result';
import type { LinkError, LinkResult } from '../../../shared/contract/runs';
import type { LinkPlan, Operation, OperationResult, PlatformLicenceState } from '../../../shared/domain/operation';
import type { Platform } from '../platform';
import type { Clock } from '../ports';

export type LinkContext = { runId: string; signal: AbortSignal; clock: Clock };

export async function performLink(platform: Platform, plan: LinkPlan, ctx: LinkContext): Promise<LinkResult> {
  const steps: OperationResult[] = [];
  for (const op of plan.steps) {
    if (ctx.signal.aborted) return linkResult(plan, ctx, 'canceled', steps);
    try {
      steps.push(await performStep(platform, op, ctx));
    } catch (err) {
      const error = linkError(err);
      if (error.code === 'CANCELED' || ctx.signal.aborted) return linkResult(plan, ctx, 'canceled', steps);
      steps.push(failedStep(op, error, ctx));
      return linkResult(plan, ctx, 'failed', steps, error);
    }
  }
  return linkResult(plan, ctx, 'converged', steps);
}

function linkResult(plan: LinkPlan, ctx: LinkContext, outcome: LinkResult['outcome'], steps: OperationResult[], error?: LinkError): LinkResult {
  return {
    runId: ctx.runId,
    linkId: plan.linkId,
    integrationId: plan.integrationId,
    key: plan.key,
    outcome,
    steps,
    ...(error ? { error } : {}),
    finishedAt: new Date(ctx.clock.now()).toISOString(),
  };
}

export function linkError(err: unknown): LinkError {
  if (err instanceof AppError) {
    const e: LinkError = { code: err.code, message: err.message, retryable: err.retryable };
    if (err.httpStatus !== undefined) e.httpStatus = err.httpStatus;
    if (err.platformErrorId !== undefined) e.platformErrorId = err.platformErrorId;
    if (err.fields) e.fields = err.fields;
    return e;
  }
  return { code: 'INTERNAL', message: 'Erro interno inesperado na transmissão. Tente novamente; se persistir, contate o suporte.', retryable: true };
}

async function performStep(platform: Platform, op: Operation, ctx: LinkContext): Promise<OperationResult> {
  const opts = { signal: ctx.signal };
  const ok = (observedState: PlatformLicenceState): OperationResult => ({
    key: op.key,
    linkId: op.linkId,
    kind: op.kind,
    last: op.last,
    at: new Date(ctx.clock.now()).toISOString(),
    ok: true,
    observedState,
    sentHash: op.hash,
  });
  switch (op.kind) {
    case 'upsert_subscriber': {
      const { subscriber } = await platform.upsertSubscriber(op.contractIdentifier, op.subscriber, opts);
      // The state of the step's licence as found in the subscriber the platform answered with.
      const licence = subscriber.licences.find((l) => l.label === op.label);
      return ok(licence ? licence.status : 'none');
    }
    case 'grant': {
      // A re-grant of a suspended licence stays suspended: report what the platform answered.
      const { licence } = await platform.grantLicence(op.contractIdentifier, op.label, op.productCode, opts);
      return ok(licence.status);
    }
    case 'suspend':
      try {
        return ok((await platform.setLicenceStatus(op.contractIdentifier, op.label, 'suspended', opts)).status);
      } catch (err) {
        // Nothing to suspend: the licence is not on the platform.
        if (err instanceof AppError && err.code === 'NOT_FOUND') return ok('none');
        throw err;
      }
    case 'reenable':
      return ok((await platform.setLicenceStatus(op.contractIdentifier, op.label, 'active', opts)).status);
    case 'cancel':
      // Campsoft: DELETE answering 404 means already gone, which is done too.
      await platform.cancelLicence(op.contractIdentifier, op.label, opts);
      return ok('canceled');
  }
}

function failedStep(op: Operation, error: LinkError, ctx: LinkContext): OperationResult {
  return {
    key: op.key,
    linkId: op.linkId,
    kind: op.kind,
    last: op.last,
    at: new Date(ctx.clock.now()).toISOString(),
    ok: false,
    error: {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.platformErrorId !== undefined ? { platformErrorId: error.platformErrorId } : {}),
    },
  };
}
