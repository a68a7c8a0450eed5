import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../electron/host/ports';

/** A Logger that keeps every line, to prove what never reaches the logs. */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, meta?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

/** A tiny server for answers the sandbox never gives (wrong shapes, HTML, huge bodies). */
export async function startOddServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url?.endsWith('/authentication')) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ AccessToken: 'odd-token', ExpiresIn: Math.floor(Date.now() / 1000) + 3600 }));
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/svas/v1`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port nobody listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** An https server whose certificate nobody trusts (self-signed), or null when openssl is missing. */
export async function startUntrustedHttps(): Promise<{ url: string; close(): Promise<void> } | null> {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createServer: createHttpsServer } = await import('node:https');
  const dir = mkdtempSync(join(tmpdir(), 'campsoft-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/svas/v1`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type Exchange = { method: string; path: string; status: number; body: unknown };
/** What the proxy sends back instead: a JSON body, or a raw answer (status, content type, text). */
export type Rewrite = (answer: Exchange) => unknown | { raw: { status: number; contentType: string; text: string } } | undefined;

/**
 * A real HTTP proxy in front of the sandbox that rewrites its JSON answers: to strip them down to
 * what the office reads, to add fields no one asked for, or to take one away. `rewrite` returns the
 * body to send (undefined: the sandbox's answer as is).
 */
export async function startRewritingProxy(upstream: string, rewrite: Rewrite): Promise<{ url: string; close(): Promise<void> }> {
  const upstreamUrl = new URL(upstream);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = (req.url ?? '/').replace(/^\/svas\/v1/, '');
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type', 'accept']) if (req.headers[h]) headers[h] = String(req.headers[h]);
      try {
        const answer = await fetch(upstreamUrl.href + path, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        const text = await answer.text();
        const body: unknown = text ? JSON.parse(text) : undefined;
        const out = rewrite({ method: req.method ?? 'GET', path: path.split('?')[0], status: answer.status, body });
        if (out && typeof out === 'object' && 'raw' in out) {
          const raw = (out as { raw: { status: number; contentType: string; text: string } }).raw;
          res.writeHead(raw.status, { 'Content-Type': raw.contentType }).end(raw.text);
          return;
        }
        const sent = out === undefined ? text : JSON.stringify(out);
        const extra: Record<string, string> = {};
        const retryAfter = answer.headers.get('retry-after');
        if (retryAfter) extra['Retry-After'] = retryAfter;
        res.writeHead(answer.status, sent ? { 'Content-Type': 'application/json', ...extra } : extra).end(sent);
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/svas/v1`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Adds fields no version of the contract has, to every object of an answer. */
export function withExtraFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withExtraFields);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withExtraFields(v);
  return { ...out, x_future_field: { nested: [1, 'dois', null] }, _links: [{ rel: 'self', href: 'https://example.invalid' }], revision: 7 };
}

/** Only the listed fields ("data.code" keeps `code` in every element of the list `data`). */
export function only(value: unknown, keys: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => only(v, keys));
  if (value === null || typeof value !== 'object') return value;
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const [head, ...rest] = key.split('.');
    const sub = groups.get(head) ?? [];
    if (rest.length) sub.push(rest.join('.'));
    groups.set(head, sub);
  }
  const out: Record<string, unknown> = {};
  for (const [name, sub] of groups) {
    const v = (value as Record<string, unknown>)[name];
    if (v !== undefined) out[name] = sub.length ? only(v, sub) : v;
  }
  return out;
}

/** The answer without one field ("data.name" takes `name` out of every element of `data`). */
export function without(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((v) => without(v, path));
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = path.split('.');
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (rest.length === 0) delete out[head];
  else if (head in out) out[head] = without(out[head], rest.join('.'));
  return out;
}
