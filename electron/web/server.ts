/**
 * The browser host: the same handler table as the Electron shell, behind HTTP on loopback.
 * One POST per command (/api/<name>), server-sent events for pushes (/api/events), and the
 * renderer build as static files. Used in development, in end-to-end tests, and where the
 * Electron binary cannot be installed.
 *
 * Security: bound to 127.0.0.1; a random session token is required on every /api request as
 * `Authorization: Bearer`. The token is given once in the URL's fragment (`/#token=…`: a browser
 * never sends a fragment to any server, so it is in no request line and no log); the page moves it
 * to sessionStorage (scoped to this origin, port included) and drops it from the address bar. No
 * cookie: a cookie is not scoped by port, so another program on 127.0.0.1 received it. The static
 * build needs no token (it holds no data). The Host header must name this loopback port (DNS
 * rebinding) and a cross-site Origin is refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { type EventName, type EventPayload, type Failure, isCommandName } from '../../shared/contract';
import type { Dispatch } from '../host/dispatch';
import { CONTENT_SECURITY_POLICY, resolveInside } from '../host/security';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/**
 * Open event streams at most. A ninth drops the oldest instead of being refused: a page that
 * reloads or a tab whose socket died unseen must never be locked out by its own dead streams, and
 * whoever can open a stream holds the token (the whole API) anyway.
 */
export const MAX_EVENT_STREAMS = 8;
/** Bytes waiting in one stream's socket before the client counts as not reading and is dropped. */
export const STREAM_BUFFER_CAP = 1024 * 1024;

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

export type StreamStats = {
  /** event streams open now */
  open: number;
  /** bytes waiting in the open streams' sockets, summed */
  bufferedBytes: number;
  /** streams closed by the host: over MAX_EVENT_STREAMS (the oldest) or not reading */
  dropped: number;
};

export type WebHost = {
  /** Open this once: its fragment carries the session token to the page. */
  url: string;
  origin: string;
  port: number;
  token: string;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  streams(): StreamStats;
  close(): Promise<void>;
};

/** The address to open: the token in the fragment, never sent to a server. `route` is the app's hash route. */
export function sessionUrl(origin: string, token: string, route = ''): string {
  return `${origin}/#token=${encodeURIComponent(token)}${route ? `&${route}` : ''}`;
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

const BASE_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': type, ...BASE_HEADERS, ...extra });
  res.end(body);
}

function sendFailure(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}) {
  const failure: Failure = { ok: false, code, message, retryable: false };
  send(res, status, JSON.stringify(failure), 'application/json; charset=utf-8', extra);
}

const TOO_LARGE = Symbol('too-large');

/** The body, or TOO_LARGE past the cap: the rest is read and thrown away so the client gets the answer, not a reset. */
function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) chunks.length = 0;
      else chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  /** open event streams, oldest first */
  const clients = new Set<ServerResponse>();
  let dropped = 0;
  let allowedHosts: Set<string> = new Set();
  let origin = '';

  function drop(c: ServerResponse) {
    if (!clients.delete(c)) return;
    dropped++;
    c.destroy();
  }

  /** A write to a stream, unless its client stopped reading: then it is dropped, and its buffer freed. */
  function writeTo(c: ServerResponse, frame: string) {
    if (c.writableLength + Buffer.byteLength(frame) > STREAM_BUFFER_CAP) return drop(c);
    c.write(frame);
  }

  const server = createServer(async (req, res) => {
    try {
      // DNS rebinding: only our own loopback name and port.
      if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 403, 'Host não permitido.');
      const reqOrigin = req.headers.origin;
      if (reqOrigin && reqOrigin !== origin && reqOrigin !== origin.replace('127.0.0.1', 'localhost')) {
        return send(res, 403, 'Origem não permitida.');
      }
      const url = new URL(req.url ?? '/', origin);

      if (url.pathname.startsWith('/api/')) {
        if (!sameToken(bearerToken(req), token)) {
          return sendFailure(res, 403, 'SESSION', 'Acesso negado: abra o SVA Desk pelo endereço com o token de sessão impresso no terminal.');
        }
        if (url.pathname === '/api/events' && req.method === 'GET') return openStream(res, req);
        if (req.method !== 'POST') return sendFailure(res, 405, 'METHOD', 'Use POST para os comandos do SVA Desk.');
        const name = decodePath(url.pathname.slice('/api/'.length));
        if (name === null) return sendFailure(res, 400, 'INVALID_INPUT', 'Endereço de comando inválido: confira o nome do comando.');
        if (!isCommandName(name)) return sendFailure(res, 404, 'UNKNOWN_COMMAND', 'Comando desconhecido: atualize a página do SVA Desk.');
        let input: unknown = {};
        const raw = await readBody(req);
        if (raw === TOO_LARGE) {
          return sendFailure(res, 413, 'TOO_LARGE', `Pedido grande demais (mais de ${MAX_BODY_BYTES / 1024 / 1024} MiB): envie o arquivo em partes menores.`, { Connection: 'close' });
        }
        try {
          input = raw ? JSON.parse(raw) : {};
        } catch {
          return sendFailure(res, 400, 'INVALID_INPUT', 'Corpo da requisição inválido: não é um JSON.');
        }
        const result = await opts.dispatch(name, input);
        return send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Método não permitido.');
      const pathname = decodePath(url.pathname);
      if (pathname === null) return send(res, 400, 'Endereço inválido.');
      return serveStatic(opts.staticDir, url.pathname, res);
    } catch {
      if (!res.headersSent) send(res, 500, 'Erro interno.');
      else res.end();
    }
  });

  function openStream(res: ServerResponse, req: IncomingMessage) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', ...BASE_HEADERS, Connection: 'keep-alive' });
    res.write(': connected\n\n');
    clients.add(res);
    while (clients.size > MAX_EVENT_STREAMS) drop(clients.values().next().value!);
    req.on('close', () => clients.delete(res));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  // Keeps proxies and the browser from closing an idle event stream.
  const heartbeat = setInterval(() => {
    for (const c of clients) writeTo(c, ': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    url: sessionUrl(origin, token),
    origin,
    port,
    token,
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of clients) writeTo(c, frame);
    },
    streams() {
      let bufferedBytes = 0;
      for (const c of clients) bufferedBytes += c.writableLength;
      return { open: clients.size, bufferedBytes, dropped };
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
  const file = resolveInside(root, pathname === '/' ? '/index.html' : pathname);
  if (file === null) return send(res, 404, 'Não encontrado.');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // Routes live in the hash: only / is the app; a stray path is not found.
    if (pathname !== '/') return send(res, 404, 'Não encontrado. Abra o SVA Desk pelo endereço impresso no terminal.');
    return send(res, 503, 'A interface ainda não foi compilada. Rode: npm run build');
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
