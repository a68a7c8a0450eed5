import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/host/sandbox';
import { AppError } from '../../../shared/contract/result';
import {
  contractOf,
  countingPlatform,
  cpfFor,
  duplicates,
  executorFor,
  INTEGRATION,
  newLinkPlan,
  licencePlan,
  platformFactory,
  subscriberOf,
} from './support';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.reset());

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('a run of new links', () => {
  it('creates every subscriber and licence exactly once and reports each link converged', async () => {
    const { executor, events } = executorFor(platformFactory(sandbox));
    const plans = range(0, 60).map((n) => newLinkPlan(n));
    const { runId, accepted, joined } = await executor.start({ integrationId: INTEGRATION, plans });
    expect([accepted, joined]).toEqual([60, false]);
    const final = await executor.settled(runId);

    expect(final).toMatchObject({ status: 'done', total: 60, done: 60, failed: 0, lastSeq: 60 });
    const stats = sandbox.stats();
    expect(stats.subscribers).toBe(60);
    expect(Object.keys(stats.subscriberCreations)).toHaveLength(60);
    expect(Object.keys(stats.licenceCreations)).toHaveLength(60);
    expect(duplicates(sandbox)).toEqual([]);
    for (const n of range(0, 60)) {
      const s = sandbox.store.subscribers.get(contractOf(n))!;
      expect([...s.licenses.values()].map((l) => [l.label, l.status])).toEqual([[`campsoft-leitura-${n % 7}`, 'active']]);
    }
    // One event per LinkPlan, numbered 1..60 without gaps, each with both steps confirmed.
    expect(events.results.map((e) => e.seq)).toEqual(range(1, 61));
    expect(new Set(events.results.map((e) => e.result.linkId)).size).toBe(60);
    expect(events.results.every((e) => e.result.outcome === 'converged' && e.result.steps.length === 2)).toBe(true);
    expect(events.progress.at(-1)).toMatchObject({ runId, status: 'done', done: 60, total: 60, failed: 0 });
  });

  it('uses one platform client (one token) for the whole run', async () => {
    const platformOf = platformFactory(sandbox);
    const { executor } = executorFor(platformOf);
    const { runId } = await executor.start({ integrationId: INTEGRATION, plans: range(0, 40).map((n) => newLinkPlan(n)) });
    await executor.settled(runId);
    expect(platformOf.created()).toBe(1);
    expect(sandbox.stats().requests['POST /authentication']).toBe(1);
  });

  it('never has more calls in flight than the run concurrency, and reaches it', async () => {
    sandbox.setKnobs({ latencyMs: 15 });
    let counting: ReturnType<typeof countingPlatform> | undefined;
    const { executor } = executorFor(async () => (counting = countingPlatform(await platformFactory(sandbox)(INTEGRATION))));
    const { runId } = await executor.start({ integrationId: INTEGRATION, plans: range(0, 40).map((n) => newLinkPlan(n)), concurrency: 5 });
    const final = await executor.settled(runId);
    expect(final).toMatchObject({ status: 'done', done: 40, concurrency: 5 });
    expect(counting!.maxInFlight()).toBe(5);
  });

  it('runs the steps of one link in order: a grant that fails still reports the subscriber it confirmed', async () => {
    const { executor } = executorFor(platformFactory(sandbox));
    const { runId } = await executor.start({ integrationId: INTEGRATION, plans: [newLinkPlan(1, { productCode: '0000404' })] });
    const final = await executor.settled(runId);
    const [{ result }] = final!.results;
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatchObject({ code: 'NOT_FOUND', retryable: false, httpStatus: 404 });
    expect(result.steps).toHaveLength(2);
    expect(sandbox.store.subscribers.has(contractOf(1))).toBe(true);
    expect(final).toMatchObject({ status: 'done', done: 1, failed: 1 });
  });
});

describe('cancellation', () => {
  it('aborts the requests in flight, starts nothing more, and reports the run canceled', async () => {
    sandbox.setKnobs({ latencyMs: 40 });
    const { executor, events } = executorFor(platformFactory(sandbox));
    const { runId } = await executor.start({ integrationId: INTEGRATION, plans: range(0, 100).map((n) => newLinkPlan(n)), concurrency: 4 });
    await until(() => events.results.length >= 4);
    const requests = () => Object.values(sandbox.stats().requests).reduce((a, b) => a + b, 0);
    expect(executor.cancel(runId)).toEqual({ canceled: true });
    const requestsAtCancel = requests();
    expect(executor.state({ runId })!.status).toBe('canceled');
    const final = (await executor.settled(runId))!;
    const subscribersAtSettle = sandbox.stats().subscribers;
    const eventsAtSettle = events.results.length;

    expect(final.status).toBe('canceled');
    expect(final.finishedAt).toBeDefined();
    expect(final.done).toBeLessThan(20);
    expect(final.notStarted).toBeGreaterThan(70);
    expect(final.done + final.canceled + final.notStarted).toBe(100);
    // The links in flight were cut: they report canceled, with only the steps the platform confirmed.
    const canceled = events.results.filter((e) => e.result.outcome === 'canceled');
    expect(canceled.length).toBe(final.canceled);
    expect(canceled.every((e) => e.result.steps.every((s) => s.ok))).toBe(true);
    // No new link starts after the cancel. (A request aborted mid-flight may still land on the platform,
    // as over any network; it is idempotent, and the next pass sends it again.)
    await new Promise((r) => setTimeout(r, 150));
    // Only the (at most 4) requests already on the wire reach the server after the cancel.
    expect(requests()).toBeLessThanOrEqual(requestsAtCancel + 4);
    expect(sandbox.stats().subscribers).toBeLessThanOrEqual(subscribersAtSettle + 4);
    expect(subscribersAtSettle).toBeLessThan(20);
    expect(events.results.length).toBe(eventsAtSettle);
    expect(events.progress.at(-1)).toMatchObject({ status: 'canceled', finishedAt: final.finishedAt });
    expect(executor.cancel(runId)).toEqual({ canceled: false });
    expect(executor.cancel('no-such-run')).toEqual({ canceled: false });
  });
});

describe('faults', () => {
  it('with 5xx, timeouts, a rate limit and short tokens, every link converges or is reported failed, and a second pass of the failed ones converges without duplicates', async () => {
    sandbox.setKnobs({ latencyMs: 2, errorRate: 0.1, timeoutRate: 0.05, rateLimitPerSecond: 120, tokenLifetimeSeconds: 2 });
    // Two attempts per call (instead of four) so that some links do fail and the second pass matters.
    const { executor } = executorFor(platformFactory(sandbox, { timeoutMs: 150, maxAttempts: 2 }));
    const plans = range(0, 300).map((n) => newLinkPlan(n));
    const first = await executor.start({ integrationId: INTEGRATION, plans });
    const firstState = (await executor.settled(first.runId))!;
    const firstResults = executor.state({ runId: first.runId, limit: 5000 })!.results.map((r) => r.result);

    expect(firstState).toMatchObject({ status: 'done', total: 300, done: 300 });
    expect(firstResults).toHaveLength(300);
    const failed = firstResults.filter((r) => r.outcome === 'failed');
    expect(failed.length).toBe(firstState.failed);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.error!.retryable && ['PLATFORM_UNAVAILABLE', 'TIMEOUT', 'RATE_LIMITED'].includes(r.error!.code))).toBe(true);
    expect(firstResults.filter((r) => r.outcome === 'converged').every((r) => r.steps.length === 2 && r.steps.every((s) => s.ok))).toBe(true);

    // The next pass: the planner would send exactly the links not yet confirmed.
    let pending = failed.map((r) => plans.find((p) => p.linkId === r.linkId)!);
    for (let pass = 2; pending.length > 0 && pass <= 6; pass++) {
      const { runId } = await executor.start({ integrationId: INTEGRATION, plans: pending });
      await executor.settled(runId);
      const again = executor.state({ runId, limit: 5000 })!.results.map((r) => r.result);
      pending = again.filter((r) => r.outcome !== 'converged').map((r) => plans.find((p) => p.linkId === r.linkId)!);
    }
    expect(pending).toEqual([]);

    sandbox.setKnobs({ errorRate: 0, timeoutRate: 0 });
    for (const n of range(0, 300)) expect(sandbox.store.subscribers.get(contractOf(n))?.licenses.get(`campsoft-leitura-${n % 7}`)?.status).toBe('active');
    expect(duplicates(sandbox)).toEqual([]);
    const statuses = sandbox.stats().statuses;
    expect(statuses['503']).toBeGreaterThan(0);
    expect(statuses['429']).toBeGreaterThan(0);
  });

  it('halts the run when the platform refuses the credentials, instead of failing every link one by one', async () => {
    const { executor } = executorFor(platformFactory(sandbox, { apiSecret: 'wrong' }));
    const { runId } = await executor.start({ integrationId: INTEGRATION, plans: range(0, 200).map((n) => newLinkPlan(n)), concurrency: 4 });
    const final = (await executor.settled(runId))!;
    expect(final.status).toBe('halted');
    expect(final.error?.code).toBe('UNAUTHORIZED');
    expect(final.error?.message).toMatch(/ApiKey\/ApiSecret/);
    expect(final.notStarted).toBeGreaterThan(190);
    expect(sandbox.stats().requests['POST /authentication']).toBeLessThanOrEqual(8);
  });

  it('reports a conflict as a permanent failure of that link only, and never logs personal data', async () => {
    const { executor, logger } = executorFor(platformFactory(sandbox));
    // Contract 2 reuses the CPF of contract 1: Campsoft answers 409 for it.
    const clash = newLinkPlan(2);
    const step = clash.steps[0];
    if (step.kind !== 'upsert_subscriber') throw new Error('first step is the subscriber');
    step.subscriber = { ...step.subscriber, document: { type: 'cpf', number: cpfFor(1) } };
    const { runId } = await executor.start({ integrationId: INTEGRATION, plans: [newLinkPlan(1), clash, newLinkPlan(3)], concurrency: 1 });
    const final = (await executor.settled(runId))!;
    expect(final).toMatchObject({ status: 'done', done: 3, failed: 1 });
    const failed = final.results.find((r) => r.result.outcome === 'failed')!.result;
    expect(failed.linkId).toBe('link-2');
    expect(failed.error).toMatchObject({ code: 'CONFLICT', retryable: false, httpStatus: 409 });
    expect(failed.steps).toMatchObject([{ ok: false, kind: 'upsert_subscriber', error: { code: 'CONFLICT' } }]);

    const log = logger.lines.join('\n');
    expect(log).toContain('ctr-2');
    for (const n of [1, 2, 3]) {
      const s = subscriberOf(n);
      for (const secret of [s.name, s.email, s.document.number, s.phone.number]) expect(log).not.toContain(secret);
    }
  });
});

describe('licence steps', () => {
  it('suspends, re-enables and cancels, and treats a licence already gone as done', async () => {
    const { executor } = executorFor(platformFactory(sandbox));
    const create = await executor.start({ integrationId: INTEGRATION, plans: [newLinkPlan(1), newLinkPlan(2)] });
    await executor.settled(create.runId);
    const label1 = 'campsoft-leitura-1';

    const s = await executor.start({ integrationId: INTEGRATION, plans: [licencePlan('suspend', 1), licencePlan('cancel', 2), licencePlan('suspend', 9)] });
    const suspended = (await executor.settled(s.runId))!.results.map((r) => [r.result.linkId, r.result.outcome, r.result.steps.map((st) => (st.ok ? st.observedState : st.error.code))]);
    expect(suspended.sort()).toEqual([
      ['link-1', 'converged', ['suspended']],
      ['link-2', 'converged', ['canceled']],
      // Nothing to suspend on a contract the platform does not know.
      ['link-9', 'converged', ['none']],
    ]);
    expect(sandbox.store.subscribers.get(contractOf(1))!.licenses.get(label1)!.status).toBe('suspended');

    const r = await executor.start({ integrationId: INTEGRATION, plans: [licencePlan('reenable', 1), licencePlan('cancel', 2)] });
    const again = (await executor.settled(r.runId))!.results.map((x) => [x.result.linkId, x.result.outcome, x.result.steps.map((st) => (st.ok ? st.observedState : st.error.code))]);
    expect(again.sort()).toEqual([
      ['link-1', 'converged', ['active']],
      ['link-2', 'converged', ['canceled']],
    ]);
    expect(sandbox.store.subscribers.get(contractOf(1))!.licenses.get(label1)!.status).toBe('active');
  });
});

describe('run.state', () => {
  it('gives a renderer that reloaded the results it missed, by seq, in pages', async () => {
    const { executor, events } = executorFor(platformFactory(sandbox));
    const { runId } = await executor.start({ integrationId: INTEGRATION, plans: range(0, 30).map((n) => newLinkPlan(n)) });
    await executor.settled(runId);

    // The renderer wrote up to seq 10 before reloading.
    const page = executor.state({ runId, afterSeq: 10, limit: 15 })!;
    expect(page.results.map((r) => r.seq)).toEqual(range(11, 26));
    expect(page.more).toBe(true);
    const rest = executor.state({ integrationId: INTEGRATION, afterSeq: 25 })!;
    expect(rest.runId).toBe(runId);
    expect(rest.results.map((r) => r.seq)).toEqual(range(26, 31));
    expect(rest.more).toBe(false);
    // Exactly what was pushed, nothing lost, nothing different.
    expect([...page.results, ...rest.results]).toEqual(events.results.slice(10).map(({ seq, result }) => ({ seq, result })));
    expect(rest).toMatchObject({ status: 'done', total: 30, done: 30, failed: 0, lastSeq: 30 });
    expect(Date.parse(rest.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(rest.startedAt));

    expect(executor.state({ runId: 'unknown' })).toBeNull();
    expect(executor.state({ integrationId: 'another-integration' })).toBeNull();
  });
});

describe('a second run.start for the same integration', () => {
  it('joins the running run: pending links take the newer plan, converged identical ones are not redone, new ones are added', async () => {
    sandbox.setKnobs({ latencyMs: 20 });
    const { executor, events } = executorFor(platformFactory(sandbox));
    const first = await executor.start({ integrationId: INTEGRATION, plans: range(0, 20).map((n) => newLinkPlan(n)), concurrency: 2 });
    await until(() => events.results.some((e) => e.result.linkId === 'link-0'));

    // link-0 already converged exactly so; link-19 is still waiting (its name was corrected); link-20..24 are new.
    const second = await executor.start({
      integrationId: INTEGRATION,
      plans: [newLinkPlan(0), newLinkPlan(19, { name: 'Nome Corrigido' }), ...range(20, 25).map((n) => newLinkPlan(n))],
    });
    expect(second).toEqual({ runId: first.runId, accepted: 6, joined: true });

    const final = (await executor.settled(first.runId))!;
    expect(final).toMatchObject({ status: 'done', total: 25, done: 25, failed: 0 });
    expect(events.results.filter((e) => e.result.linkId === 'link-0')).toHaveLength(1);
    expect(events.results.filter((e) => e.result.linkId === 'link-19')).toHaveLength(1);
    expect(sandbox.store.subscribers.get(contractOf(19))!.name).toBe('Nome Corrigido');
    expect(sandbox.stats().subscribers).toBe(25);
    expect(duplicates(sandbox)).toEqual([]);

    // Once the run is over, the next start is a new run.
    const third = await executor.start({ integrationId: INTEGRATION, plans: [newLinkPlan(30)] });
    expect(third.joined).toBe(false);
    expect(third.runId).not.toBe(first.runId);
    await executor.settled(third.runId);
  });

  it('runs a newer plan for a link in flight right after it, so the last desired state wins', async () => {
    sandbox.setKnobs({ latencyMs: 40 });
    const { executor, events } = executorFor(platformFactory(sandbox));
    const first = await executor.start({ integrationId: INTEGRATION, plans: [newLinkPlan(1)] });
    await until(() => sandbox.stats().requests['PUT /subscribers/:contract_identifier'] === 1);
    const second = await executor.start({ integrationId: INTEGRATION, plans: [newLinkPlan(1, { name: 'Segunda Versão' })] });
    expect(second).toMatchObject({ runId: first.runId, accepted: 1, joined: true });
    const final = (await executor.settled(first.runId))!;
    expect(final).toMatchObject({ status: 'done', total: 2, done: 2 });
    expect(events.results.map((e) => e.result.linkId)).toEqual(['link-1', 'link-1']);
    expect(sandbox.store.subscribers.get(contractOf(1))!.name).toBe('Segunda Versão');
    expect(duplicates(sandbox)).toEqual([]);
  });

  it('refuses plans of another integration, and an integration without credentials, as data with a pt-BR message', async () => {
    const { executor } = executorFor(platformFactory(sandbox));
    const foreign = { ...newLinkPlan(1), integrationId: 'other' };
    await expect(executor.start({ integrationId: INTEGRATION, plans: [foreign] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/outra integração/) });
    const unconfigured = executorFor(async () => {
      throw new AppError('NOT_CONFIGURED', 'Esta integração não tem credenciais salvas.');
    }).executor;
    await expect(unconfigured.start({ integrationId: INTEGRATION, plans: [newLinkPlan(1)] })).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
    expect(unconfigured.state({ integrationId: INTEGRATION })).toBeNull();
    expect(sandbox.stats().subscribers).toBe(0);
  });
});
