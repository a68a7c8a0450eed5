import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox } from '../../electron/host/sandbox';

/**
 * Where the contract suite points: the built-in sandbox by default, or a real server when
 * CAMPSOFT_BASE_URL (+ CAMPSOFT_API_KEY, CAMPSOFT_API_SECRET) is set, e.g. Campsoft's staging.
 */
export const external = Boolean(process.env.CAMPSOFT_BASE_URL);

export type Target = { baseUrl: string; apiKey: string; apiSecret: string; sandbox?: Sandbox };

export async function openTarget(): Promise<Target> {
  if (external) {
    const apiKey = process.env.CAMPSOFT_API_KEY;
    const apiSecret = process.env.CAMPSOFT_API_SECRET;
    if (!apiKey || !apiSecret) throw new Error('CAMPSOFT_BASE_URL está definido: defina também CAMPSOFT_API_KEY e CAMPSOFT_API_SECRET.');
    return { baseUrl: process.env.CAMPSOFT_BASE_URL!.replace(/\/+$/, ''), apiKey, apiSecret };
  }
  const sandbox = await startSandbox();
  return { baseUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET, sandbox };
}

// The suite reads arbitrary wire JSON and asserts on it; `any` keeps those assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { status: number; headers: Headers; body: any };

/** Raw HTTP, so the suite checks the server and not our client's interpretation of it. */
export async function api(target: Target, method: string, path: string, opts: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const response = await fetch(target.baseUrl + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
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
