/**
 * The browser host: the same handler table as the Electron shell, behind HTTP on loopback.
 * One POST per command (/api/<name>), server-sent events for pushes (/api/events), and the
 * renderer build as static files. Used in development, in end-to-end tests, and where the
 * Electron binary cannot be installed.
 *
 * Security: bound to 127.0.0.1; a random session token is required on every request (given once in
 * the URL, then kept in an HttpOnly SameSite=Strict cookie); the Host header must name this
 * loopback port (DNS rebinding) and a cross-site Origin is refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { type EventName, type EventPayload, isCommandName } from '../../shared/contract';
import type { Dispatch } from '../host/dispatch';
import { CONTENT_SECURITY_POLICY, resolveInside } from '../host/security';

const COOKIE = 'sva_session';
const MAX_BODY = 2 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};


export type WebHostOptions = {
  /** the host's one dispatch (its thread's) */
  dispatch: Dispatch;
  /** The renderer build (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
};

export type WebHost = {
  /** Open this once: it carries the token and sets the session cookie. */
  url: string;
  origin: string;
  port: number;
  token: string;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
};

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const clients = new Set<ServerResponse>();
  let allowedHosts: Set<string> = new Set();
  let origin = '';

  const server = createServer(async (req, res) => {
    try {
      // DNS rebinding: only our own loopback name and port.
      if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 403, 'Host não permitido.');
      const reqOrigin = req.headers.origin;
      if (reqOrigin && reqOrigin !== origin && reqOrigin !== origin.replace('127.0.0.1', 'localhost')) {
        return send(res, 403, 'Origem não permitida.');
      }
      const url = new URL(req.url ?? '/', origin);

      // First visit: trade the token in the URL for a cookie and drop it from the address bar.
      const queryToken = url.searchParams.get('token');
      if (queryToken !== null) {
        if (!sameToken(queryToken, token)) return send(res, 403, 'Token de sessão inválido. Use o endereço impresso ao iniciar o SVA Desk.');
        url.searchParams.delete('token');
        res.writeHead(303, {
          'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          Location: url.pathname + url.search + url.hash,
          'Cache-Control': 'no-store',
        });
        return res.end();
      }
      if (!sameToken(cookieToken(req) ?? bearerToken(req), token)) {
        return send(res, 403, 'Acesso negado: abra o SVA Desk pelo endereço com o token de sessão impresso no terminal.');
      }

      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, 'Use POST.');
        const name = decodeURIComponent(url.pathname.slice('/api/'.length));
        if (!isCommandName(name)) return send(res, 404, 'Comando desconhecido.');
        let input: unknown = {};
        try {
          const raw = await readBody(req);
          input = raw ? JSON.parse(raw) : {};
        } catch {
          return send(res, 400, JSON.stringify({ ok: false, code: 'INVALID_INPUT', message: 'Corpo da requisição inválido.', retryable: false }), 'application/json');
        }
        const result = await opts.dispatch(name, input);
        return send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Método não permitido.');
      return serveStatic(opts.staticDir, url.pathname, res);
    } catch {
      if (!res.headersSent) send(res, 500, 'Erro interno.');
      else res.end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  // Keeps proxies and the browser from closing an idle event stream.
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of clients) c.write(frame);
    },
    async close() {
      clearInterval(heartbeat);
      for (const c of clients) c.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveStatic(root: string, pathname: string, res: ServerResponse) {
  let file = resolveInside(root, pathname === '/' ? '/index.html' : pathname);
  if (file === null) return send(res, 404, 'Não encontrado.');
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // SPA fallback: routes live in the hash, but a stray path still gets the app.
    if (extname(pathname)) return send(res, 404, 'Não encontrado.');
    file = resolveInside(root, '/index.html')!;
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) return send(res, 503, 'A interface ainda não foi compilada. Rode: npm run build');
  }
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Length': String(info.size),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    // On every file, as the app:// handler does: a worker's script brings its own policy, so the
    // import worker runs here under the same rules as in Electron.
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  };
  if (type.startsWith('text/html')) headers['X-Frame-Options'] = 'DENY';
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
}
