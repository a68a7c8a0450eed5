import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/host/sandbox';

const opened: Sandbox[] = [];
async function open(options: Parameters<typeof startSandbox>[0] = {}) {
  const sandbox = await startSandbox(options);
  opened.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function json(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

describe('the sandbox as a server for tests and the web host', () => {
  it('listens on loopback on a free port and serves the API under /svas/v1', async () => {
    const sandbox = await open();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/svas\/v1$/);
    const answer = await json(`${sandbox.url}/authentication`, { method: 'POST', body: JSON.stringify({ ApiKey: 'sandbox-key', ApiSecret: 'sandbox-secret' }) });
    expect(answer.status).toBe(200);
  });

  it('flips knobs over HTTP and reports what it served at /__sandbox/stats', async () => {
    const sandbox = await open();
    const set = await json(`${sandbox.origin}/__sandbox/knobs`, { method: 'POST', body: JSON.stringify({ failNext: 1, latencyMs: 5 }) });
    expect(set.body).toMatchObject({ failNext: 1, latencyMs: 5 });
    const failed = await fetch(`${sandbox.url}/isps`);
    expect(failed.status).toBe(503);
    const stats = await json(`${sandbox.origin}/__sandbox/stats`);
    expect(stats.body.requests['GET /isps']).toBe(1);
    expect(stats.body.statuses['503']).toBe(1);
  });

  it('refuses unknown or out-of-range knobs with VALIDATION', async () => {
    const sandbox = await open();
    const answer = await json(`${sandbox.origin}/__sandbox/knobs`, { method: 'POST', body: JSON.stringify({ errorRate: 2, speed: 'fast' }) });
    expect(answer.status).toBe(422);
    expect(answer.body.error_id).toBe('VALIDATION');
  });

  it('forgets subscribers and counters on reset', async () => {
    const sandbox = await open();
    sandbox.store.upsertSubscriber('c1', {
      name: 'Maria',
      document: { type: 'cpf', number: '52998224725' },
      email: { data: 'm@example.com' },
      phone: { ddi: '55', ddd: '11', number: '912345678', mobile: true },
      login: 'm@example.com',
      password: '52998224725',
    });
    expect(sandbox.stats().subscribers).toBe(1);
    await fetch(`${sandbox.origin}/__sandbox/reset`, { method: 'POST' });
    expect(sandbox.stats()).toMatchObject({ subscribers: 0, subscriberCreations: {} });
  });

  it('closes promptly even while it holds requests unanswered', async () => {
    const sandbox = await open({ timeoutRate: 1 });
    const held = fetch(`${sandbox.url}/isps`).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await held).toBeInstanceOf(Error);
  });

  it('generates a large catalogue for benchmarks', async () => {
    const sandbox = await open({ products: 1_000 });
    expect(sandbox.store.listProducts('active', 1, 500).meta.total).toBe(1_000);
  });
});
