import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { DEMO_PRODUCTS, generateProducts, SANDBOX_ISP, SandboxError, SandboxStore, type SandboxCounters, type SandboxLicence, type SandboxProduct, type SandboxSubscriber } from './store';
import { validateSubscriberBody } from './validation';

export const SANDBOX_API_KEY = 'sandbox-key';
export const SANDBOX_API_SECRET = 'sandbox-secret';
/** The sandbox serves the same paths as production, under its own origin. */
export const SANDBOX_API_PREFIX = '/svas/v1';
export const SANDBOX_ADMIN_PREFIX = '/__sandbox';
/** The header that carries the admin token to /__sandbox/*. */
export const SANDBOX_ADMIN_HEADER = 'X-Sandbox-Admin-Token';

/** Headers for a call to /__sandbox/* (a JSON body, the admin token). */
export function sandboxAdminHeaders(sandbox: Pick<Sandbox, 'adminToken'> | string): Record<string, string> {
  const token = typeof sandbox === 'string' ? sandbox : sandbox.adminToken;
  if (!token) throw new Error('this sandbox has no admin routes');
  return { [SANDBOX_ADMIN_HEADER]: token, 'Content-Type': 'application/json' };
}

const knobsSchema = z.object({
  latencyMs: z.number().min(0).max(60_000),
  jitterMs: z.number().min(0).max(60_000),
  /** Share of API requests answered 503. */
  errorRate: z.number().min(0).max(1),
  /** Share of API requests held without an answer until the client gives up. */
  timeoutRate: z.number().min(0).max(1),
  /** Requests per second before 429 + Retry-After; 0 = unlimited. */
  rateLimitPerSecond: z.number().int().min(0),
  tokenLifetimeSeconds: z.number().int().min(1),
  /** Every API connection is destroyed, as if the network were down. */
  offline: z.boolean(),
  /**
   * Connections are accepted but no API request is answered (they wait, as on a hung server);
   * /__sandbox/* still answers. Back to false: the requests still waiting are answered.
   */
  paused: z.boolean(),
  /** The next N API requests answer 503 (deterministic faults for tests). */
  failNext: z.number().int().min(0),
  /** The next N API requests answer 429 with Retry-After: 1 (a deterministic rate limit for tests). */
  limitNext: z.number().int().min(0),
  /**
   * Answers carry only what CAMPSOFT_API.md promises: a subscriber is the body the office sent
   * (without the password) plus its licences; no status, created_at or updated_at, and no
   * contract_identifier in a single-subscriber answer (the list keeps it: it is the list's key).
   */
  promisedFieldsOnly: z.boolean(),
  /** The largest page served: a larger per_page is served as this one, and meta.per_page says so. */
  perPageCap: z.number().int().min(1).max(500),
  /** What a DELETE of a licence already cancelled answers: both are allowed ("already gone: treat as done"). */
  repeatDeleteStatus: z.union([z.literal(204), z.literal(404)]),
  /** Keys of a VALIDATION error's `fields`: the field's path ("phone.ddd") or its top-level name ("phone"). */
  validationFieldKeys: z.enum(['path', 'top']),
});
export type SandboxKnobs = z.infer<typeof knobsSchema>;

const DEFAULT_KNOBS: SandboxKnobs = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  timeoutRate: 0,
  rateLimitPerSecond: 0,
  tokenLifetimeSeconds: 3600,
  offline: false,
  paused: false,
  failNext: 0,
  limitNext: 0,
  promisedFieldsOnly: false,
  perPageCap: 500,
  repeatDeleteStatus: 404,
  validationFieldKeys: 'path',
};

/**
 * `default`: generous answers (extra fields, pages up to 500, no rate limit, one-hour tokens).
 * `strict`: the least a server following CAMPSOFT_API.md may do: only the promised fields, pages of
 * at most 50, tokens of 20 s, 40 requests per second then 429 with Retry-After, a second DELETE of a
 * licence answered 204, VALIDATION fields keyed by the top-level field. A client that works against
 * both works against any server that follows the contract.
 */
export type SandboxProfile = 'default' | 'strict';

export const SANDBOX_PROFILES: Record<SandboxProfile, SandboxKnobs> = {
  default: DEFAULT_KNOBS,
  strict: {
    ...DEFAULT_KNOBS,
    rateLimitPerSecond: 40,
    tokenLifetimeSeconds: 20,
    promisedFieldsOnly: true,
    perPageCap: 50,
    repeatDeleteStatus: 204,
    validationFieldKeys: 'top',
  },
};

export type SandboxOptions = Partial<SandboxKnobs> & {
  /** The knobs it starts from, and reset() goes back to; knobs given here override them. Default `default`. */
  profile?: SandboxProfile;
  /** 0 or absent = a random free port. */
  port?: number;
  /** A number generates that many active products (benchmarks); an array replaces the demo catalogue. */
  products?: number | SandboxProduct[];
  random?: () => number;
  now?: () => number;
  /**
   * /__sandbox/* (knobs, stats, reset, revoke-tokens) answer only with this token in
   * X-Sandbox-Admin-Token. Absent: a random one, in `Sandbox.adminToken` for whoever started it.
   * `false`: no admin routes at all (404), as in the packaged app.
   */
  adminToken?: string | false;
};

export type SandboxStats = SandboxCounters & { activeLicences: number; subscribers: number };

export type Sandbox = {
  /** Base URL including /svas/v1, what a client is configured with. */
  url: string;
  /** Origin only, where /__sandbox/* lives. */
  origin: string;
  /** What /__sandbox/* asks for in X-Sandbox-Admin-Token; null when it has no admin routes. */
  adminToken: string | null;
  port: number;
  profile: SandboxProfile;
  close(): Promise<void>;
  setKnobs(knobs: Partial<SandboxKnobs>): SandboxKnobs;
  knobs(): SandboxKnobs;
  stats(): SandboxStats;
  reset(): void;
  /** Every issued AccessToken stops working: the next call answers 401. */
  revokeTokens(): void;
  store: SandboxStore;
};

type Route = {
  method: string;
  pattern: RegExp;
  endpoint: string;
  auth: boolean;
  handle: (ctx: { params: string[]; query: URLSearchParams; body: unknown }) => { status: number; body?: unknown };
};

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const { port: requestedPort, products, random: _r, now: _n, profile = 'default', adminToken: adminOption, ...rawKnobs } = options;
  const adminToken = adminOption === false ? null : (adminOption ?? randomBytes(24).toString('base64url'));
  const knobInput = withoutUndefined(rawKnobs);
  const startKnobs = (): SandboxKnobs => knobsSchema.parse({ ...SANDBOX_PROFILES[profile], ...knobInput });
  let knobs = startKnobs();
  /** Requests held while paused wait on this; unpause() lets them go. */
  let resume = held();
  const catalogue = typeof products === 'number' ? generateProducts(products) : (products ?? [...DEMO_PRODUCTS]);
  const store = new SandboxStore(catalogue, now);
  const tokens = new Map<string, number>();
  const sockets = new Set<Socket>();
  let rateWindow = { second: -1, count: 0 };

  const routes = buildRoutes(store, () => knobs, tokens, now);

  const server = createServer((req, res) => {
    void handleRequest(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) sendError(res, 500, 'INTERNAL', 'Erro interno do sandbox.');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith(SANDBOX_ADMIN_PREFIX + '/')) return handleAdmin(req, res, url.pathname.slice(SANDBOX_ADMIN_PREFIX.length));

    const path = url.pathname.startsWith(SANDBOX_API_PREFIX) ? url.pathname.slice(SANDBOX_API_PREFIX.length) : null;
    const method = req.method ?? 'GET';
    let route: Route | undefined;
    let params: string[] = [];
    let pathKnown = false;
    if (path !== null) {
      for (const r of routes) {
        const m = r.pattern.exec(path);
        if (!m) continue;
        pathKnown = true;
        if (r.method === method) {
          route = r;
          params = m.slice(1).map(decodeURIComponent);
          break;
        }
      }
    }
    store.countRequest(route ? route.endpoint : `${method} (unknown)`);
    res.on('finish', () => store.countStatus(res.statusCode));

    if (knobs.paused) await resume.promise;
    if (knobs.offline || res.destroyed) {
      req.socket.destroy();
      return;
    }
    if (knobs.timeoutRate > 0 && random() < knobs.timeoutRate) return; // held until the client gives up or close()

    const second = Math.floor(now() / 1000);
    if (second !== rateWindow.second) rateWindow = { second, count: 0 };
    rateWindow.count++;
    const limited = knobs.rateLimitPerSecond > 0 && rateWindow.count > knobs.rateLimitPerSecond;

    const delay = knobs.latencyMs + (knobs.jitterMs > 0 ? random() * knobs.jitterMs : 0);
    const bodyPromise = readJson(req);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;

    if (limited || knobs.limitNext > 0) {
      if (!limited) knobs = { ...knobs, limitNext: knobs.limitNext - 1 };
      const retryAfter = Math.max(1, Math.ceil(((second + 1) * 1000 - now()) / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      return sendError(res, 429, 'RATE_LIMITED', 'Muitas requisições. Aguarde e tente novamente.');
    }
    if (knobs.failNext > 0) {
      knobs = { ...knobs, failNext: knobs.failNext - 1 };
      return sendError(res, 503, 'UNAVAILABLE', 'Serviço temporariamente indisponível.');
    }
    if (knobs.errorRate > 0 && random() < knobs.errorRate) return sendError(res, 503, 'UNAVAILABLE', 'Serviço temporariamente indisponível.');

    if (!route) {
      if (pathKnown) return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Método não permitido neste recurso.');
      return sendError(res, 404, 'NOT_FOUND', 'Recurso não encontrado.');
    }
    if (route.auth) {
      const header = req.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : '';
      const expiresAt = tokens.get(token);
      if (expiresAt === undefined || expiresAt <= now()) return sendError(res, 401, 'UNAUTHORIZED', 'Token de acesso inválido ou expirado.');
    }
    const body = await bodyPromise;
    if (body === INVALID_JSON) return sendError(res, 400, 'VALIDATION', 'Corpo da requisição não é um JSON válido.');
    if (body === TOO_LARGE) return sendError(res, 413, 'VALIDATION', 'Corpo da requisição grande demais.');
    try {
      const out = route.handle({ params, query: url.searchParams, body });
      send(res, out.status, out.body);
    } catch (err) {
      if (err instanceof SandboxError) return sendError(res, err.httpStatus, err.errorId, err.message, err.fields && fieldKeys(err.fields, knobs.validationFieldKeys));
      throw err;
    }
  }

  function applyKnobs(next: Partial<SandboxKnobs>, keep?: Socket): SandboxKnobs {
    const wasPaused = knobs.paused;
    knobs = knobsSchema.parse({ ...knobs, ...withoutUndefined(next) });
    if (next.offline) for (const s of sockets) if (s !== keep) s.destroy();
    if (wasPaused && !knobs.paused) unpause();
    return knobs;
  }

  function unpause(): void {
    resume.release();
    resume = held();
  }

  /** Why an admin request is refused, or null: token, Host (loopback + this port), Origin (absent or ours), JSON only. */
  function adminRefusal(req: IncomingMessage, method: string): [number, string, string] | null {
    const ownHosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
    if (!ownHosts.includes(req.headers.host ?? '')) return [403, 'FORBIDDEN', 'Host não permitido nas rotas administrativas do sandbox.'];
    const reqOrigin = req.headers.origin;
    if (reqOrigin !== undefined && !ownHosts.map((h) => `http://${h}`).includes(reqOrigin)) return [403, 'FORBIDDEN', 'Origem não permitida nas rotas administrativas do sandbox.'];
    const given = req.headers[SANDBOX_ADMIN_HEADER.toLowerCase()];
    if (typeof given !== 'string' || !sameSecret(given, adminToken!)) {
      return [401, 'UNAUTHORIZED', `Rotas administrativas do sandbox pedem o token de administração no cabeçalho ${SANDBOX_ADMIN_HEADER} (quem iniciou o sandbox o recebe).`];
    }
    if (method !== 'GET' && method !== 'HEAD' && !/^application\/json(\s*;|$)/i.test(req.headers['content-type'] ?? '')) {
      return [415, 'UNSUPPORTED_MEDIA_TYPE', 'Envie o corpo como application/json.'];
    }
    return null;
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (adminToken === null) return sendError(res, 404, 'NOT_FOUND', 'Recurso não encontrado.');
    const refusal = adminRefusal(req, method);
    if (refusal) {
      req.resume();
      return sendError(res, ...refusal);
    }
    if (path === '/knobs' && method === 'GET') return send(res, 200, knobs);
    if (path === '/knobs' && method === 'POST') {
      const body = await readJson(req);
      const parsed = knobsSchema.partial().strict().safeParse(body);
      if (!parsed.success) {
        const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '_', i.message]));
        return sendError(res, 422, 'VALIDATION', 'Knobs inválidos.', fields);
      }
      // Going offline drops every API socket, but not this admin request's own: it still gets its answer.
      const next = applyKnobs(parsed.data, req.socket);
      return send(res, 200, next);
    }
    if (path === '/stats' && method === 'GET') return send(res, 200, sandbox.stats());
    if (path === '/reset' && method === 'POST') {
      sandbox.reset();
      return send(res, 200, { reset: true });
    }
    if (path === '/revoke-tokens' && method === 'POST') {
      sandbox.revokeTokens();
      return send(res, 200, { revoked: true });
    }
    return sendError(res, 404, 'NOT_FOUND', 'Recurso administrativo do sandbox não encontrado.');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const sandbox: Sandbox = {
    url: origin + SANDBOX_API_PREFIX,
    origin,
    adminToken,
    port,
    profile,
    store,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Held (timeout, paused) requests would keep close() waiting forever.
        for (const s of sockets) s.destroy();
        resume.release();
        server.closeAllConnections();
      });
      return closing;
    },
    setKnobs: (next) => applyKnobs(next),
    knobs: () => knobs,
    stats: () => ({
      requests: { ...store.counters.requests },
      statuses: { ...store.counters.statuses },
      subscriberCreations: { ...store.counters.subscriberCreations },
      licenceCreations: { ...store.counters.licenceCreations },
      activeLicences: store.activeLicences(),
      subscribers: store.subscribers.size,
    }),
    reset() {
      store.reset();
      tokens.clear();
      const wasPaused = knobs.paused;
      knobs = startKnobs();
      if (wasPaused && !knobs.paused) unpause();
      rateWindow = { second: -1, count: 0 };
    },
    revokeTokens: () => tokens.clear(),
  };
  return sandbox;
}

function buildRoutes(store: SandboxStore, knobs: () => SandboxKnobs, tokens: Map<string, number>, now: () => number): Route[] {
  const seg = '([^/]+)';
  return [
    {
      method: 'POST',
      pattern: /^\/authentication$/,
      endpoint: 'POST /authentication',
      auth: false,
      handle: ({ body }) => {
        const b = (body ?? {}) as Record<string, unknown>;
        if (b.ApiKey !== SANDBOX_API_KEY || b.ApiSecret !== SANDBOX_API_SECRET) {
          throw new SandboxError(401, 'UNAUTHORIZED', 'ApiKey ou ApiSecret inválidos.');
        }
        // Campsoft: ExpiresIn is absolute Unix seconds, not a duration.
        const expiresIn = Math.floor(now() / 1000) + knobs().tokenLifetimeSeconds;
        const token = randomBytes(24).toString('base64url');
        tokens.set(token, expiresIn * 1000);
        return { status: 200, body: { AccessToken: token, ExpiresIn: expiresIn } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/isps$/,
      endpoint: 'GET /isps',
      auth: true,
      handle: () => ({
        status: 200,
        body: {
          data: [
            {
              isp_identifier: SANDBOX_ISP.isp_identifier,
              status: 'active',
              name: SANDBOX_ISP.name,
              active_licenses: store.activeLicences(),
              logos: { dark: 'https://sandbox.invalid/logo-dark.png', normal: 'https://sandbox.invalid/logo.png' },
              created_at: SANDBOX_ISP.created_at,
              updated_at: SANDBOX_ISP.created_at,
            },
          ],
        },
      }),
    },
    {
      method: 'POST',
      pattern: /^\/validation$/,
      endpoint: 'POST /validation',
      auth: true,
      handle: ({ body }) => {
        const b = (body ?? {}) as Record<string, unknown>;
        const fields: Record<string, string> = {};
        if (typeof b.login !== 'string' || b.login === '') fields.login = 'Informe o login.';
        if (typeof b.password !== 'string' || b.password === '') fields.password = 'Informe a senha.';
        if (Object.keys(fields).length) throw new SandboxError(422, 'VALIDATION', 'Dados de login incompletos.', fields);
        if (String(b.isp_identifier) !== String(SANDBOX_ISP.isp_identifier)) throw new SandboxError(401, 'UNAUTHORIZED', 'Login ou senha inválidos.');
        const s = store.checkLogin(b.login as string, b.password as string);
        return {
          status: 200,
          body: {
            userkey: s.contract_identifier,
            status: s.status,
            name: s.name,
            username_type: 'email',
            email: { data: s.email.data },
            phone: s.phone,
            products: [...s.licenses.values()]
              .filter((l) => l.status !== 'canceled')
              .map((l) => ({
                code: l.product_code,
                name: store.productName(l.product_code) ?? l.product_code,
                status: l.status,
                working_until: l.working_until,
              })),
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/products$/,
      endpoint: 'GET /products',
      auth: true,
      handle: ({ query }) => {
        const { page, perPage } = paging(query, knobs().perPageCap);
        return { status: 200, body: store.listProducts(query.get('status') ?? undefined, page, perPage) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/subscribers$/,
      endpoint: 'GET /subscribers',
      auth: true,
      handle: ({ query }) => {
        const { page, perPage } = paging(query, knobs().perPageCap);
        const since = query.get('updated_since');
        let sinceMs: number | undefined;
        if (since !== null) {
          sinceMs = Date.parse(since);
          if (Number.isNaN(sinceMs)) throw new SandboxError(422, 'VALIDATION', 'updated_since deve ser uma data ISO 8601.', { updated_since: 'Data inválida.' });
        }
        const result = store.listSubscribers(sinceMs, page, perPage);
        return { status: 200, body: { data: result.data.map((sub) => subscriberToWire(sub, 'list', knobs())), meta: result.meta } };
      },
    },
    {
      method: 'PUT',
      pattern: new RegExp(`^/subscribers/${seg}$`),
      endpoint: 'PUT /subscribers/:contract_identifier',
      auth: true,
      handle: ({ params, body }) => {
        const { body: valid, fields } = validateSubscriberBody(body);
        if (!valid) throw new SandboxError(422, 'VALIDATION', 'Dados do assinante inválidos.', fields);
        const { created, subscriber } = store.upsertSubscriber(params[0], valid);
        return { status: created ? 201 : 200, body: subscriberToWire(subscriber, 'single', knobs()) };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/subscribers/${seg}$`),
      endpoint: 'GET /subscribers/:contract_identifier',
      auth: true,
      handle: ({ params }) => ({ status: 200, body: subscriberToWire(store.getSubscriber(params[0]), 'single', knobs()) }),
    },
    {
      method: 'PUT',
      pattern: new RegExp(`^/subscribers/${seg}/licenses/${seg}$`),
      endpoint: 'PUT /subscribers/:contract_identifier/licenses/:label',
      auth: true,
      handle: ({ params, body }) => {
        const code = (body as Record<string, unknown> | null)?.product_code;
        if (typeof code !== 'string' || code === '') {
          throw new SandboxError(422, 'VALIDATION', 'Informe o produto da licença.', { product_code: 'Código do produto obrigatório.' });
        }
        const { created, licence } = store.grantLicence(params[0], params[1], code);
        return { status: created ? 201 : 200, body: licence };
      },
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^/subscribers/${seg}/licenses/${seg}$`),
      endpoint: 'PATCH /subscribers/:contract_identifier/licenses/:label',
      auth: true,
      handle: ({ params, body }) => {
        const status = (body as Record<string, unknown> | null)?.status;
        if (status !== 'active' && status !== 'suspended') {
          throw new SandboxError(422, 'VALIDATION', 'Status da licença inválido.', { status: 'Use active ou suspended.' });
        }
        return { status: 200, body: store.setLicenceStatus(params[0], params[1], status) };
      },
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^/subscribers/${seg}/licenses/${seg}$`),
      endpoint: 'DELETE /subscribers/:contract_identifier/licenses/:label',
      auth: true,
      handle: ({ params }) => {
        const { wasCanceled } = store.cancelLicence(params[0], params[1]);
        // Campsoft: 404 on a licence already gone, or 204 again; both mean done.
        if (wasCanceled && knobs().repeatDeleteStatus === 404) throw new SandboxError(404, 'NOT_FOUND', 'Licença não encontrada para esta label.');
        return { status: 204 };
      },
    },
  ];
}

function held(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function paging(query: URLSearchParams, cap: number): { page: number; perPage: number } {
  const page = Number(query.get('page') ?? '1');
  const perPage = Number(query.get('per_page') ?? '100');
  const fields: Record<string, string> = {};
  if (!Number.isInteger(page) || page < 1) fields.page = 'page deve ser um inteiro maior que zero.';
  if (!Number.isInteger(perPage) || perPage < 1) fields.per_page = 'per_page deve ser um inteiro maior que zero.';
  if (Object.keys(fields).length) throw new SandboxError(422, 'VALIDATION', 'Parâmetros de paginação inválidos.', fields);
  return { page, perPage: Math.min(perPage, cap) };
}

function subscriberToWire(s: SandboxSubscriber, as: 'single' | 'list', knobs: SandboxKnobs) {
  const licenses = [...s.licenses.values()].map((l): SandboxLicence => ({ ...l }));
  // The password is never echoed back.
  const promised = { name: s.name, document: s.document, email: s.email, phone: s.phone, login: s.login, licenses };
  if (knobs.promisedFieldsOnly) return as === 'list' ? { contract_identifier: s.contract_identifier, ...promised } : promised;
  return { contract_identifier: s.contract_identifier, status: s.status, ...promised, created_at: s.created_at, updated_at: s.updated_at };
}

/** `top`: "phone.ddd" and "phone.number" become one "phone", their messages joined. */
function fieldKeys(fields: Record<string, string>, keys: SandboxKnobs['validationFieldKeys']): Record<string, string> {
  if (keys === 'path') return fields;
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const top = path.split('.')[0];
    out[top] = out[top] ? `${out[top]} ${message}` : message;
  }
  return out;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const INVALID_JSON = Symbol('invalid-json');
const TOO_LARGE = Symbol('too-large');
const MAX_BODY_BYTES = 1_000_000;

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return resolve(TOO_LARGE);
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(INVALID_JSON);
      }
    });
    req.on('error', () => resolve(undefined));
    req.on('close', () => resolve(undefined));
  });
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.destroyed || res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }).end(text);
}

function sendError(res: ServerResponse, status: number, errorId: string, message: string, fields?: Record<string, string>): void {
  const body: Record<string, unknown> = { status: 'error', error_id: errorId, origem: 'sandbox', message };
  if (fields) body.fields = fields;
  send(res, status, body);
}
