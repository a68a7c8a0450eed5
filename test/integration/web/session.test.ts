/**
 * The browser host's HTTP door, on a real server over real sockets: the session travels only as
 * `Authorization: Bearer` (a cookie, which is not scoped by port, opens nothing), no Set-Cookie
 * anywhere, bounded event streams whatever their clients do, and a Portuguese answer for an
 * oversized body or a malformed path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract';
import { MAX_BODY_BYTES, MAX_EVENT_STREAMS, sessionUrl, startWebHost, STREAM_BUFFER_CAP, type WebHost } from '../../../electron/web/server';

const TOKEN = 'session-test-token';
let dir: string;
let web: WebHost;
const seen: { name: unknown; input: unknown }[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sva-web-session-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>SVA Desk</title>');
  seen.length = 0;
  web = await startWebHost({
    staticDir: dir,
    token: TOKEN,
    dispatch: async (name, input): Promise<Result<unknown>> => {
      seen.push({ name, input });
      return { ok: true, data: { name } };
    },
  });
});

afterEach(async () => {
  await web.close();
  rmSync(dir, { recursive: true, force: true });
});

const bearer = { Authorization: `Bearer ${TOKEN}` };
const post = (path: string, init: RequestInit = {}) =>
  fetch(`${web.origin}${path}`, { method: 'POST', ...init, headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) } });

describe('the browser host session', () => {
  it('prints the address with the token in the fragment, which no browser sends', () => {
    expect(web.url).toBe(`${web.origin}/#token=${TOKEN}`);
    expect(sessionUrl(web.origin, TOKEN, '/transmissoes')).toBe(`${web.origin}/#token=${TOKEN}&/transmissoes`);
  });

  it('answers a command with the Bearer token, and refuses the token as a cookie or in the query', async () => {
    const ok = await post('/api/app.info', { headers: bearer, body: '{}' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, data: { name: 'app.info' } });

    const cookie = await post('/api/app.info', { headers: { Cookie: `sva_session=${TOKEN}` }, body: '{}' });
    expect(cookie.status).toBe(403);
    expect(await cookie.json()).toMatchObject({ ok: false, code: 'SESSION', message: expect.stringContaining('token de sessão') });
    expect((await post(`/api/app.info?token=${TOKEN}`, { body: '{}' })).status).toBe(403);
    expect((await post('/api/app.info', { headers: { Authorization: 'Bearer wrong' }, body: '{}' })).status).toBe(403);
    expect(seen).toHaveLength(1);
  });

  it('sets no cookie: not on the page, not on the old ?token= address, not on a command', async () => {
    const responses = [
      await fetch(`${web.origin}/`),
      await fetch(`${web.origin}/?token=${TOKEN}`, { redirect: 'manual' }),
      await post('/api/app.info', { headers: bearer, body: '{}' }),
    ];
    for (const r of responses) expect(r.headers.get('set-cookie')).toBeNull();
    expect(responses[0]!.status).toBe(200);
    expect(responses[1]!.status).toBe(200); // the app, not a redirect that trades the token
    expect((await fetch(`${web.origin}/sem-sessao`)).status).toBe(404);
  });

  it('refuses another Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    const evil = await rawRequest(`POST /api/app.info HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    expect(evil).toMatch(/^HTTP\/1.1 403/);
    expect((await post('/api/app.info', { headers: { ...bearer, Origin: 'http://127.0.0.1:1' }, body: '{}' })).status).toBe(403);
    expect(seen).toHaveLength(0);
  });

  it('answers a malformed path with 400 and an oversized body with 413, both in Portuguese, and keeps serving', async () => {
    const bad = await post('/api/%', { headers: bearer, body: '{}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, message: expect.stringContaining('inválido') });
    expect((await fetch(`${web.origin}/%`)).status).toBe(400);

    const big = await post('/api/app.info', { headers: bearer, body: JSON.stringify({ data: 'x'.repeat(MAX_BODY_BYTES) }) });
    expect(big.status).toBe(413);
    expect(big.headers.get('connection')).toBe('close');
    expect(await big.json()).toMatchObject({ ok: false, code: 'TOO_LARGE', message: expect.stringContaining('grande demais') });
    expect(seen).toHaveLength(0);
    expect((await post('/api/app.info', { headers: bearer, body: '{}' })).status).toBe(200);
  });

  it('streams events through a fetch reader with the Bearer header, and refuses a stream without it', async () => {
    expect((await fetch(`${web.origin}/api/events`)).status).toBe(403);
    const res = await fetch(`${web.origin}/api/events`, { headers: bearer });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('set-cookie')).toBeNull();
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await expect.poll(() => web.streams().open).toBe(1);
    web.emit('data.changed', { tables: ['customers'] });
    let text = '';
    while (!text.includes('"customers"]}\n\n')) text += (await reader.read()).value ?? '';
    expect(text).toContain('event: data.changed\ndata: {"tables":["customers"]}\n\n');
    await reader.cancel();
  });

  it(`keeps at most ${MAX_EVENT_STREAMS} streams (a new one drops the oldest), and drops clients that never read`, { timeout: 60_000 }, async () => {
    const STREAMS = 200;
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < STREAMS; i++) {
        const s = connect(web.port, '127.0.0.1');
        s.on('error', () => {});
        s.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
        s.pause(); // never reads: its kernel buffers fill, then the host's
        sockets.push(s);
      }
      await expect.poll(() => web.streams().dropped + web.streams().open, { timeout: 30_000 }).toBe(STREAMS);
      expect(web.streams()).toMatchObject({ open: MAX_EVENT_STREAMS, dropped: STREAMS - MAX_EVENT_STREAMS });

      // 12,000 events of ~2 KB: 24 MB per stream if the host kept them for clients that never read.
      const payload = { tables: Array.from({ length: 200 }, (_, i) => `tabela_${i}`) };
      let maxBuffered = 0;
      for (let i = 0; i < 12_000; i++) {
        web.emit('data.changed', payload as never);
        maxBuffered = Math.max(maxBuffered, web.streams().bufferedBytes);
      }
      expect(maxBuffered).toBeLessThanOrEqual(MAX_EVENT_STREAMS * STREAM_BUFFER_CAP);
      expect(web.streams()).toEqual({ open: 0, bufferedBytes: 0, dropped: STREAMS });

      // a reading client still gets its events afterwards
      const res = await fetch(`${web.origin}/api/events`, { headers: bearer });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      await expect.poll(() => web.streams().open).toBe(1);
      web.emit('data.changed', { tables: ['plans'] });
      let text = '';
      while (!text.includes('"plans"')) text += (await reader.read()).value ?? '';
      await reader.cancel();
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});

function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(web.port, '127.0.0.1', () => s.write(text));
    let out = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (out += d));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

describe('the page side of the stream', () => {
  it('splits a text/event-stream into events however the chunks fall, skipping comments', async () => {
    const { sseParser } = await import('../../../renderer/bridge/http');
    const got: [string, string][] = [];
    const feed = sseParser((event, data) => got.push([event, data]));
    const text = ': connected\n\nevent: data.changed\ndata: {"tables":["a"]}\n\n: ping\n\nevent: sync.state\r\ndata: {"x":1}\r\n\r\n';
    for (let i = 0; i < text.length; i += 7) feed(text.slice(i, i + 7));
    expect(got).toEqual([
      ['data.changed', '{"tables":["a"]}'],
      ['sync.state', '{"x":1}'],
    ]);
  });
});
