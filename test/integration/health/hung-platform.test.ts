import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/host/dispatch';
import { createHost, type Host } from '../../../electron/host/host';
import { systemClock, type HostPorts } from '../../../electron/host/ports';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, sandboxAdminHeaders } from '../../../electron/host/sandbox';
import { createDevelopmentCipher } from '../../../electron/host/vault';
import { toFailure, type Failure, type NetworkStatus, type RunProgress } from '../../../shared/contract';
import { licenceStepHash, type LinkPlan } from '../../../shared/domain/operation';

/**
 * Issue 9, "a hanging server is not seen": the platform accepts connections and never answers
 * (the sandbox's paused knob). Through the whole host (vault, watch, client, executor), with the
 * per-request timeout shortened to 400 ms: the first timed-out attempt — not the last retry — turns
 * the platform "not answering", the run stops instead of waiting out every retry, no run starts
 * while it lasts, and the probe brings it back when the platform answers again.
 */
const INTEGRATION = 'int-hung';
const TIMEOUT_MS = 400;

const statuses: NetworkStatus[] = [];
const progress: RunProgress[] = [];
let host: Host;
let origin: string;
const ADMIN_TOKEN = 'hung-platform-admin';

function ports(): HostPorts {
  return {
    host: 'web',
    version: '0.0.0-test',
    platform: 'linux',
    dataDir: mkdtempSync(join(tmpdir(), 'hung-platform-')),
    cipher: createDevelopmentCipher(mkdtempSync(join(tmpdir(), 'hung-platform-key-'))),
    secureStorage: () => 'available',
    isOnline: () => true,
    openExternal: async () => undefined,
    emit: (event, payload) => {
      if (event === 'network.status') statuses.push(payload as NetworkStatus);
      if (event === 'run.progress') progress.push(payload as RunProgress);
    },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: systemClock,
    requestTimeoutMs: TIMEOUT_MS,
    sandboxAdminToken: ADMIN_TOKEN,
  };
}

/** An executor call as a Result, as the old run.* commands answered. */
async function call<T>(fn: () => Promise<T>): Promise<{ ok: true; data: T } | (Failure & { ok: false })> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    return toFailure(err) as Failure & { ok: false };
  }
}

const knobs = (k: Record<string, unknown>) => fetch(`${origin}/__sandbox/knobs`, { method: 'POST', body: JSON.stringify(k), headers: { ...sandboxAdminHeaders(ADMIN_TOKEN), Connection: 'close' } });

function suspendPlan(n: number): LinkPlan {
  const contractIdentifier = `ctr-hung-${n}`;
  const label = 'campsoft-leitura-1';
  const key = `${INTEGRATION}/${contractIdentifier}/${label}`;
  return {
    linkId: `link-${n}`,
    integrationId: INTEGRATION,
    key,
    steps: [{ kind: 'suspend', key: `${key}#suspend`, integrationId: INTEGRATION, linkId: `link-${n}`, contractIdentifier, label, last: true, hash: licenceStepHash('suspend', contractIdentifier, label) }],
  };
}

beforeAll(async () => {
  host = await createHost(ports());
  const saved = await dispatch(host.handlers, 'connection.save', { integrationId: INTEGRATION, draft: { environment: 'sandbox', apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET } });
  expect(saved.ok).toBe(true);
  expect((await dispatch(host.handlers, 'connection.test', { integrationId: INTEGRATION })).ok).toBe(true);
  const info = await dispatch(host.handlers, 'sandbox.info', {});
  origin = new URL((info as { ok: true; data: { url: string } }).data.url).origin;
  await knobs({ latencyMs: 0, jitterMs: 0 });
}, 30_000);

afterAll(async () => {
  await knobs({ paused: false }).catch(() => undefined);
  await host.dispose();
});

describe('a platform that accepts connections and never answers', () => {
  it('is "not answering" from the first timed-out attempt, stops the run, refuses new runs, and is back when it answers', async () => {
    await knobs({ paused: true });
    const started = Date.now();
    const run = await call(() => host.executor.start({ integrationId: INTEGRATION, plans: [suspendPlan(1), suspendPlan(2)] }));
    expect(run.ok).toBe(true);
    const runId = (run as { ok: true; data: { runId: string } }).data.runId;

    // The client would try 4 times (4 × 400 ms plus backoff); the watch speaks after the first.
    await expect.poll(() => statuses.at(-1)?.online, { timeout: 10_000, interval: 20 }).toBe(false);
    const down = statuses.at(-1)!;
    expect(down.platforms).toEqual([expect.objectContaining({ integrationId: INTEGRATION, state: 'not_answering', since: expect.any(String), lastAnswerAt: expect.any(String) })]);
    // the last answer is the successful test before the pause
    expect(Date.parse(down.platforms![0].lastAnswerAt!)).toBeLessThanOrEqual(started);

    // The run stopped at once, with a reason that says what happened; nothing was confirmed.
    await expect.poll(() => progress.find((p) => p.runId === runId && p.status !== 'running')?.status, { timeout: 5_000 }).toBe('halted');
    const halted = progress.find((p) => p.runId === runId && p.status === 'halted')!;
    expect(halted.error?.message).toMatch(/^Transmissão interrompida: A Campsoft aceita a conexão mas não responde no tempo limite\./);
    const state = await call(async () => host.executor.state({ runId }));
    const results = (state as { ok: true; data: { results: { result: { outcome: string } }[] } }).data.results;
    expect(results.map((r) => r.result.outcome).filter((o) => o === 'converged')).toEqual([]);

    // While it does not answer, no run starts: the links stay pending.
    const refused = await call(() => host.executor.start({ integrationId: INTEGRATION, plans: [suspendPlan(3)] }));
    expect(refused).toMatchObject({ ok: false, code: 'TIMEOUT', retryable: true });
    expect((refused as { message: string }).message).toMatch(/não responde no tempo limite\. Os vínculos continuam pendentes e serão enviados quando a plataforma voltar a responder\./);
    // app.info tells a window opened now the same thing
    const info = await dispatch(host.handlers, 'app.info', {});
    expect(info).toMatchObject({ ok: true, data: { online: false, network: { platforms: [expect.objectContaining({ state: 'not_answering' })] } } });

    // It answers again: the probe (every 3 s) sees it, and the office is told.
    await knobs({ paused: false });
    await expect.poll(() => statuses.at(-1)?.online, { timeout: 15_000, interval: 50 }).toBe(true);
    expect(statuses.at(-1)!.platforms).toEqual([]);
    const again = await call(() => host.executor.start({ integrationId: INTEGRATION, plans: [suspendPlan(3)] }));
    expect(again.ok).toBe(true);
  }, 40_000);
});
