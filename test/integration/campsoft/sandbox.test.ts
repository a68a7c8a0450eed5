import { afterEach, describe, expect, it } from 'vitest';
import { sandboxAdminHeaders, startSandbox, type Sandbox } from '../../../electron/host/sandbox';

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
    const set = await json(`${sandbox.origin}/__sandbox/knobs`, { method: 'POST', headers: sandboxAdminHeaders(sandbox), body: JSON.stringify({ failNext: 1, latencyMs: 5 }) });
    expect(set.body).toMatchObject({ failNext: 1, latencyMs: 5 });
    const failed = await fetch(`${sandbox.url}/isps`);
    expect(failed.status).toBe(503);
    const stats = await json(`${sandbox.origin}/__sandbox/stats`, { headers: sandboxAdminHeaders(sandbox) });
    expect(stats.body.requests['GET /isps']).toBe(1);
    expect(stats.body.statuses['503']).toBe(1);
  });

  it('refuses unknown or out-of-range knobs with VALIDATION', async () => {
    const sandbox = await open();
    const answer = await json(`${sandbox.origin}/__sandbox/knobs`, { method: 'POST', headers: sandboxAdminHeaders(sandbox), body: JSON.stringify({ errorRate: 2, speed: 'fast' }) });
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
    await fetch(`${sandbox.origin}/__sandbox/reset`, { method: 'POST', headers: sandboxAdminHeaders(sandbox) });
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

const auth = { method: 'POST', body: JSON.stringify({ ApiKey: 'sandbox-key', ApiSecret: 'sandbox-secret' }) };
const maria = {
  name: 'Maria da Silva',
  document: { type: 'cpf', number: '52998224725' },
  email: { data: 'maria@example.com' },
  phone: { ddi: '55', ddd: '11', number: '912345678', mobile: true },
  login: 'maria@example.com',
  password: '52998224725',
};

async function tokenOf(sandbox: Sandbox): Promise<string> {
  return (await json(`${sandbox.url}/authentication`, auth)).body.AccessToken as string;
}

function bearer(token: string, method = 'GET', body?: unknown): RequestInit {
  return { method, headers: { Authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) };
}

describe('the strict profile: the least a server following CAMPSOFT_API.md may do', () => {
  it('answers a subscriber with only the promised fields, keeping contract_identifier in the list only', async () => {
    const sandbox = await open({ profile: 'strict' });
    const token = await tokenOf(sandbox);
    const promised = ['name', 'document', 'email', 'phone', 'login', 'licenses'];
    const created = await json(`${sandbox.url}/subscribers/c-1`, bearer(token, 'PUT', maria));
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual([...promised].sort());
    const read = await json(`${sandbox.url}/subscribers/c-1`, bearer(token));
    expect(Object.keys(read.body).sort()).toEqual([...promised].sort());
    const list = await json(`${sandbox.url}/subscribers?page=1&per_page=10`, bearer(token));
    expect(Object.keys(list.body.data[0]).sort()).toEqual(['contract_identifier', ...promised].sort());

    // The default profile is generous: status and timestamps too.
    const generous = await open();
    const other = await json(`${generous.url}/subscribers/c-1`, bearer(await tokenOf(generous), 'PUT', maria));
    expect(other.body).toMatchObject({ contract_identifier: 'c-1', status: 'active', updated_at: expect.any(String) });
  });

  it('serves at most 50 per page, and meta says so', async () => {
    const sandbox = await open({ profile: 'strict', products: 120 });
    const token = await tokenOf(sandbox);
    const page1 = await json(`${sandbox.url}/products?status=active&page=1&per_page=100`, bearer(token));
    expect(page1.body.meta).toEqual({ page: 1, per_page: 50, total: 120 });
    expect(page1.body.data).toHaveLength(50);
    const page3 = await json(`${sandbox.url}/products?status=active&page=3&per_page=100`, bearer(token));
    expect(page3.body.data).toHaveLength(20);
    const generous = await open({ products: 120 });
    const whole = await json(`${generous.url}/products?status=active&page=1&per_page=100`, bearer(await tokenOf(generous)));
    expect(whole.body.meta).toEqual({ page: 1, per_page: 100, total: 120 });
  });

  it('issues tokens of 20 s and limits to 40 requests per second, then 429 with Retry-After', async () => {
    let now = Date.parse('2026-12-01T12:00:00.000Z');
    const sandbox = await open({ profile: 'strict', now: () => now });
    const login = await json(`${sandbox.url}/authentication`, auth);
    expect(login.body.ExpiresIn).toBe(now / 1000 + 20);
    // The clock stands still: all of these fall in one second.
    const statuses: number[] = [];
    const retryAfter: (string | null)[] = [];
    for (let i = 0; i < 42; i++) {
      const r = await fetch(`${sandbox.url}/isps`, bearer(login.body.AccessToken));
      statuses.push(r.status);
      retryAfter.push(r.headers.get('retry-after'));
      await r.arrayBuffer();
    }
    // 41 calls after the login: 39 more fit in its second.
    expect(statuses.filter((s) => s === 200)).toHaveLength(39);
    expect(statuses.slice(39)).toEqual([429, 429, 429]);
    expect(retryAfter.slice(39)).toEqual(['1', '1', '1']);
    now += 1_000;
    expect((await fetch(`${sandbox.url}/isps`, bearer(login.body.AccessToken))).status).toBe(200);
    now += 20_000;
    expect((await fetch(`${sandbox.url}/isps`, bearer(login.body.AccessToken))).status).toBe(401);
  });

  it('answers 204 to a second DELETE of a licence, and keys VALIDATION fields by the top-level field', async () => {
    const sandbox = await open({ profile: 'strict' });
    const token = await tokenOf(sandbox);
    await json(`${sandbox.url}/subscribers/c-2`, bearer(token, 'PUT', maria));
    expect((await json(`${sandbox.url}/subscribers/c-2/licenses/l1`, bearer(token, 'PUT', { product_code: '1192001' }))).status).toBe(201);
    const first = await fetch(`${sandbox.url}/subscribers/c-2/licenses/l1`, bearer(token, 'DELETE'));
    const second = await fetch(`${sandbox.url}/subscribers/c-2/licenses/l1`, bearer(token, 'DELETE'));
    expect([first.status, second.status]).toEqual([204, 204]);
    // A label it never had is still unknown.
    expect((await fetch(`${sandbox.url}/subscribers/c-2/licenses/nunca`, bearer(token, 'DELETE'))).status).toBe(404);

    const bad = await json(`${sandbox.url}/subscribers/c-3`, bearer(token, 'PUT', { ...maria, phone: { ddi: '55', ddd: '1', number: '12' } }));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields)).toEqual(['phone']);

    const generous = await open();
    const t2 = await tokenOf(generous);
    const pathKeys = await json(`${generous.url}/subscribers/c-3`, bearer(t2, 'PUT', { ...maria, phone: { ddi: '55', ddd: '1', number: '12' } }));
    expect(Object.keys(pathKeys.body.fields).sort()).toEqual(['phone.ddd', 'phone.number']);
  });

  it('goes back to its profile on reset, not to the default one', async () => {
    const sandbox = await open({ profile: 'strict' });
    sandbox.setKnobs({ rateLimitPerSecond: 0, perPageCap: 500 });
    sandbox.reset();
    expect(sandbox.knobs()).toMatchObject({ rateLimitPerSecond: 40, tokenLifetimeSeconds: 20, perPageCap: 50, promisedFieldsOnly: true, repeatDeleteStatus: 204 });
  });

  it('starts from the command line with --strict', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts', '--strict', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /em (http:\/\/127\.0\.0\.1:\d+\/svas\/v1)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
      });
      expect(out).toContain('perfil strict');
      await expect.poll(() => /X-Sandbox-Admin-Token\): (\S+)/.test(out)).toBe(true);
      const adminToken = /X-Sandbox-Admin-Token\): (\S+)/.exec(out)![1]!;
      const knobs = await json(`${new URL(url).origin}/__sandbox/knobs`, { headers: sandboxAdminHeaders(adminToken) });
      expect(knobs.body).toMatchObject({ rateLimitPerSecond: 40, tokenLifetimeSeconds: 20, perPageCap: 50, promisedFieldsOnly: true, repeatDeleteStatus: 204, paused: false });
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the paused knob', () => {
  it('holds every API request while paused, still answers /__sandbox/*, and answers the held ones when resumed', async () => {
    const sandbox = await open();
    const set = await json(`${sandbox.origin}/__sandbox/knobs`, { method: 'POST', headers: sandboxAdminHeaders(sandbox), body: JSON.stringify({ paused: true }) });
    expect(set.body).toMatchObject({ paused: true });
    let answered = false;
    const held = fetch(`${sandbox.url}/authentication`, auth).then((r) => {
      answered = true;
      return r.status;
    });
    // The admin routes answer meanwhile, and the request has arrived but is not answered.
    await expect.poll(async () => (await json(`${sandbox.origin}/__sandbox/stats`, { headers: sandboxAdminHeaders(sandbox) })).body.requests['POST /authentication']).toBe(1);
    expect(answered).toBe(false);
    expect((await json(`${sandbox.origin}/__sandbox/knobs`, { headers: sandboxAdminHeaders(sandbox) })).body.paused).toBe(true);

    await json(`${sandbox.origin}/__sandbox/knobs`, { method: 'POST', headers: sandboxAdminHeaders(sandbox), body: JSON.stringify({ paused: false }) });
    expect(await held).toBe(200);
  });

  it('lets a client give up on a paused server with a timeout', async () => {
    const sandbox = await open({ paused: true });
    await expect(fetch(`${sandbox.url}/isps`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    // close() does not wait for held requests
    await sandbox.close();
  });
});
