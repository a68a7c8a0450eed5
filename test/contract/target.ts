import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox, type SandboxKnobs, type SandboxProfile } from '../../electron/host/sandbox';

/**
 * Where the contract suite points: the built-in sandbox by default (both profiles, `default` and
 * `strict`), or one real server when CAMPSOFT_BASE_URL (+ CAMPSOFT_API_KEY, CAMPSOFT_API_SECRET) is
 * set, e.g. Campsoft's staging.
 */
export const external = Boolean(process.env.CAMPSOFT_BASE_URL);

export type Target = {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Only for the built-in sandbox: its fault knobs and counters. */
  sandbox?: Sandbox;
  /** The knobs the sandbox started with, to go back to after a test that turns one. */
  startKnobs?: SandboxKnobs;
};

export type TargetToCheck = { name: string; open: () => Promise<Target> };

/**
 * More products than a strict page (50) holds, so paging crosses a capped per_page; one of them is
 * inactive (the 403 and status=active tests need it).
 */
const SANDBOX_PRODUCTS = 120;

export function targetsToCheck(): TargetToCheck[] {
  if (external) {
    const baseUrl = process.env.CAMPSOFT_BASE_URL!.replace(/\/+$/, '');
    return [{ name: `CAMPSOFT_BASE_URL ${baseUrl}`, open: async () => openExternal(baseUrl) }];
  }
  const sandbox = (profile: SandboxProfile): TargetToCheck => ({ name: `sandbox, ${profile} profile`, open: () => openSandbox(profile) });
  return [sandbox('default'), sandbox('strict')];
}

function openExternal(baseUrl: string): Target {
  const apiKey = process.env.CAMPSOFT_API_KEY;
  const apiSecret = process.env.CAMPSOFT_API_SECRET;
  if (!apiKey || !apiSecret) throw new Error('CAMPSOFT_BASE_URL está definido: defina também CAMPSOFT_API_KEY e CAMPSOFT_API_SECRET.');
  return { baseUrl, apiKey, apiSecret };
}

async function openSandbox(profile: SandboxProfile): Promise<Target> {
  const sandbox = await startSandbox({ profile, products: SANDBOX_PRODUCTS });
  return { baseUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET, sandbox, startKnobs: sandbox.knobs() };
}

// The suite reads arbitrary wire JSON and asserts on it; `any` keeps those assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { status: number; headers: Headers; body: any; text: string };

type SendOptions = {
  body?: unknown;
  /** Exactly this Bearer (or none): the suite's own token is not used, renewed or retried. */
  token?: string;
  /** false: a 429 is the answer (the test is about it); otherwise the suite waits and asks again. */
  waitOnRateLimit?: boolean;
  timeoutMs?: number;
};

/** Waiting on 429: at most this many times per call, each at most this long. */
const MAX_RATE_LIMIT_WAITS = 10;
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Raw HTTP, so the suite checks the server and not our client's reading of it; but as patient as
 * any client must be (CAMPSOFT_API.md): it waits the Retry-After of a 429 (bounded), renews its
 * token shortly before ExpiresIn, and authenticates once more on a 401 of a call made with it.
 */
export class Api {
  private session: { token: string; renewAt: number; expiresAt: number } | undefined;
  /** What the suite met, for its closing line. */
  readonly seen = { logins: 0, rateLimitWaits: 0, renewedOn401: 0 };
  /** Every 429 the suite waited on, to check its envelope and Retry-After. */
  readonly limited: Answer[] = [];

  constructor(readonly target: Target) {}

  /** POST /authentication with the target's credentials (or others). */
  authenticate(credentials: { ApiKey: string; ApiSecret: string } = { ApiKey: this.target.apiKey, ApiSecret: this.target.apiSecret }): Promise<Answer> {
    return this.send('POST', '/authentication', { body: credentials });
  }

  /** A call with the suite's own token. */
  async call(method: string, path: string, body?: unknown): Promise<Answer> {
    const answer = await this.send(method, path, { body, token: await this.token() });
    if (answer.status !== 401) return answer;
    // Campsoft: on a 401, authenticate once more and repeat the call; a second 401 is the answer.
    this.seen.renewedOn401++;
    this.session = undefined;
    return this.send(method, path, { body, token: await this.token() });
  }

  async token(): Promise<string> {
    if (this.session && Date.now() < this.session.renewAt) return this.session.token;
    const answer = await this.authenticate();
    if (answer.status !== 200 || typeof answer.body?.AccessToken !== 'string' || typeof answer.body?.ExpiresIn !== 'number') {
      throw new Error(`POST /authentication respondeu HTTP ${answer.status} sem AccessToken/ExpiresIn: ${answer.text.slice(0, 200)}`);
    }
    this.seen.logins++;
    // Campsoft: ExpiresIn is absolute Unix seconds. Renew a fifth of the lifetime early (4 s of 20 s).
    const expiresAt = answer.body.ExpiresIn * 1000;
    const lifetime = Math.max(0, expiresAt - Date.now());
    this.session = { token: answer.body.AccessToken, renewAt: expiresAt - Math.min(30_000, lifetime * 0.2), expiresAt };
    return this.session.token;
  }

  /** How long the current token still lives (after token()). */
  tokenLifetimeMs(): number {
    return this.session ? this.session.expiresAt - Date.now() : 0;
  }

  /** One request, repeated only after a 429 (when allowed), as long as the server asks. */
  async send(method: string, path: string, opts: SendOptions = {}): Promise<Answer> {
    for (let waits = 0; ; waits++) {
      const answer = await exchange(this.target.baseUrl, method, path, opts);
      if (answer.status !== 429 || opts.waitOnRateLimit === false || waits >= MAX_RATE_LIMIT_WAITS) return answer;
      this.seen.rateLimitWaits++;
      this.limited.push(answer);
      await new Promise((r) => setTimeout(r, retryAfterMs(answer.headers.get('retry-after'))));
    }
  }
}

async function exchange(baseUrl: string, method: string, path: string, opts: SendOptions): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the assertions on status and body say what is wrong
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** Retry-After in seconds (or an HTTP date); absent or unreadable: one second. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  if (header !== null && header.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = header === null ? NaN : Date.parse(header);
  return Number.isNaN(date) ? 1_000 : Math.min(Math.max(0, date - Date.now()), MAX_RETRY_AFTER_MS);
}

/** A unique, valid CPF per call, so runs against staging never collide with earlier ones. */
export function uniqueCpf(): string {
  for (;;) {
    const base = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
    if (new Set(base).size === 1) continue;
    const d1 = checkDigit(base);
    const d2 = checkDigit([...base, d1]);
    return [...base, d1, d2].join('');
  }
}

function checkDigit(digits: number[]): number {
  const sum = digits.reduce((acc, d, i) => acc + d * (digits.length + 1 - i), 0);
  return ((sum * 10) % 11) % 10;
}

export const runId = `ct${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let sequence = 0;
export function uniqueContract(): string {
  return `${runId}-${++sequence}`;
}

export function subscriberBody(overrides: Record<string, unknown> = {}) {
  const cpf = uniqueCpf();
  const email = `${runId}.${cpf}@example.com`;
  return {
    name: 'Maria da Silva',
    document: { type: 'cpf', number: cpf },
    email: { data: email },
    phone: { ddi: '55', ddd: '11', number: '912345678', mobile: true },
    login: email,
    password: cpf,
    ...overrides,
  };
}
