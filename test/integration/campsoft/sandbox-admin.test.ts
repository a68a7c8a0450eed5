/**
 * The sandbox's admin routes (/__sandbox/*) on a real server over HTTP: only with the token given to
 * whoever started it, only under its own loopback Host and Origin, only JSON bodies; and none at
 * all where it is started without them (the app's built-in sandbox unless a test asks).
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedSandbox } from '../../../electron/host/embedded-sandbox';
import { SANDBOX_ADMIN_HEADER, sandboxAdminHeaders, startSandbox, type Sandbox } from '../../../electron/host/sandbox';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
async function open(options: Parameters<typeof startSandbox>[0] = {}) {
  const sandbox = await startSandbox(options);
  opened.push(sandbox);
  return sandbox;
}

/** A raw request, so Host and Origin are exactly what a hostile page or a rebinding DNS would send. */
function raw(sandbox: Sandbox, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: { message?: string } & Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: sandbox.port, method, path, headers: { Connection: 'close', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? (JSON.parse(text) as { message?: string }) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const seedSubscriber = (sandbox: Sandbox) =>
  sandbox.store.upsertSubscriber('c1', {
    name: 'Maria',
    document: { type: 'cpf', number: '52998224725' },
    email: { data: 'm@example.com' },
    phone: { ddi: '55', ddd: '11', number: '912345678', mobile: true },
    login: 'm@example.com',
    password: '52998224725',
  });

describe('the sandbox admin routes', () => {
  it('give whoever started the sandbox a random token, or the one it was given', async () => {
    const a = await open();
    const b = await open();
    expect(a.adminToken).toMatch(/^[\w-]{32}$/);
    expect(a.adminToken).not.toBe(b.adminToken);
    expect((await open({ adminToken: 'given-token' })).adminToken).toBe('given-token');
  });

  it.each([
    ['GET', '/__sandbox/knobs'],
    ['POST', '/__sandbox/knobs'],
    ['GET', '/__sandbox/stats'],
    ['POST', '/__sandbox/reset'],
    ['POST', '/__sandbox/revoke-tokens'],
  ])('refuse %s %s without the token, or with a wrong one, and do nothing', async (method, path) => {
    const sandbox = await open();
    seedSubscriber(sandbox);
    const host = `127.0.0.1:${sandbox.port}`;
    const body = method === 'POST' ? JSON.stringify({ failNext: 3 }) : undefined;
    for (const token of [undefined, 'wrong', `${sandbox.adminToken}x`]) {
      const answer = await raw(sandbox, method, path, { Host: host, 'Content-Type': 'application/json', ...(token && { [SANDBOX_ADMIN_HEADER]: token }) }, body);
      expect(answer.status).toBe(401);
      expect(answer.body.message).toContain(SANDBOX_ADMIN_HEADER);
    }
    expect(sandbox.stats().subscribers).toBe(1);
    expect(sandbox.knobs().failNext).toBe(0);
  });

  it('refuse another Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    const sandbox = await open();
    seedSubscriber(sandbox);
    const auth = sandboxAdminHeaders(sandbox);
    for (const headers of <Record<string, string>[]>[
      { Host: 'evil.example' },
      { Host: `evil.example:${sandbox.port}` },
      { Host: `127.0.0.1:${sandbox.port + 1}` },
      { Host: `127.0.0.1:${sandbox.port}`, Origin: 'http://evil.example' },
      { Host: `127.0.0.1:${sandbox.port}`, Origin: `http://127.0.0.1:${sandbox.port + 1}` },
    ]) {
      const answer = await raw(sandbox, 'POST', '/__sandbox/reset', { ...auth, ...headers }, '{}');
      expect(answer.status).toBe(403);
    }
    expect(sandbox.stats().subscribers).toBe(1);
  });

  it('accept only JSON bodies: a text/plain knobs POST from a page (no preflight) is refused', async () => {
    const sandbox = await open();
    const answer = await raw(sandbox, 'POST', '/__sandbox/knobs', { [SANDBOX_ADMIN_HEADER]: sandbox.adminToken!, Host: `127.0.0.1:${sandbox.port}`, 'Content-Type': 'text/plain' }, '{"offline":true}');
    expect(answer.status).toBe(415);
    expect(answer.body.message).toContain('application/json');
    expect(sandbox.knobs().offline).toBe(false);
  });

  it('answer with the token, their own Host (127.0.0.1 or localhost) and their own Origin', async () => {
    const sandbox = await open();
    seedSubscriber(sandbox);
    const set = await raw(sandbox, 'POST', '/__sandbox/knobs', { ...sandboxAdminHeaders(sandbox), Host: `localhost:${sandbox.port}`, Origin: sandbox.origin }, JSON.stringify({ failNext: 2 }));
    expect(set).toMatchObject({ status: 200, body: { failNext: 2 } });
    const reset = await fetch(`${sandbox.origin}/__sandbox/reset`, { method: 'POST', headers: sandboxAdminHeaders(sandbox) });
    expect(reset.status).toBe(200);
    expect(sandbox.stats().subscribers).toBe(0);
    expect((await fetch(`${sandbox.origin}/__sandbox/revoke-tokens`, { method: 'POST', headers: sandboxAdminHeaders(sandbox) })).status).toBe(200);
  });

  it('do not exist when the sandbox is started without them, and the Campsoft API is unchanged', async () => {
    const sandbox = await open({ adminToken: false });
    expect(sandbox.adminToken).toBeNull();
    for (const [method, path] of [['GET', '/__sandbox/knobs'], ['POST', '/__sandbox/reset'], ['POST', '/__sandbox/revoke-tokens']] as const) {
      const answer = await raw(sandbox, method, path, { Host: `127.0.0.1:${sandbox.port}`, 'Content-Type': 'application/json', [SANDBOX_ADMIN_HEADER]: 'anything' }, method === 'POST' ? '{}' : undefined);
      expect(answer.status).toBe(404);
    }
    const auth = await fetch(`${sandbox.url}/authentication`, { method: 'POST', body: JSON.stringify({ ApiKey: 'sandbox-key', ApiSecret: 'sandbox-secret' }) });
    expect(auth.status).toBe(200);
  });

  it('of the built-in sandbox exist only when the host was given a token', async () => {
    const plain = createEmbeddedSandbox({ latencyMs: 0, jitterMs: 0 });
    opened.push(plain);
    const a = await plain.instance();
    expect(a.adminToken).toBeNull();
    expect((await fetch(`${a.origin}/__sandbox/stats`, { headers: { [SANDBOX_ADMIN_HEADER]: 'x' } })).status).toBe(404);

    const forTests = createEmbeddedSandbox({ latencyMs: 0, jitterMs: 0, adminToken: 'e2e-admin' });
    opened.push(forTests);
    const b = await forTests.instance();
    expect((await fetch(`${b.origin}/__sandbox/stats`, { headers: sandboxAdminHeaders('e2e-admin') })).status).toBe(200);
  });
});
