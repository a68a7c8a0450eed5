import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { z } from 'zod';
import { AppError } from '../../../shared/contract/result';
import { checkApiAddress } from '../../../shared/domain/api-address';
import { systemClock, type Clock, type Logger } from '../ports';
import { endpoints, type Endpoint } from './endpoints';
import { badCredentialsError, canceledError, httpError, htmlAnswerError, insecureUrlError, notJsonError, shapeError, transportError, unknownRouteError } from './errors';
import { errorEnvelopeSchema, isErrorEnvelope, type ErrorEnvelope } from './wire';

export { CAMPSOFT_PRODUCTION_BASE_URL } from './endpoints';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export type CampsoftClientOptions = {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  /** Attempts per call including the first; default 4. */
  maxAttempts?: number;
  clock?: Clock;
  sleep?: Sleep;
  /** [0, 1), for backoff jitter. */
  random?: () => number;
  logger?: Logger;
  /** Electron's net.fetch (system proxy and certificate store); Node's http otherwise. */
  fetch?: typeof globalThis.fetch;
  /** Answers above this size are refused; default 20 MB. */
  maxResponseBytes?: number;
  /** First backoff step; default 500 ms (full jitter, doubling, capped at retryMaxDelayMs). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Longest Retry-After honoured; default 60 s. */
  maxRetryAfterMs?: number;
  /**
   * Told after every HTTP attempt, retries included, how the platform answered: the host's health
   * watch (network.ts) sees a hung server at the first timeout instead of after every retry.
   */
  onAttempt?: (attempt: AttemptReport) => void;
};

/** reached: any answer below 500; unavailable: 5xx; timeout: no answer in time; unreachable: no connection. */
export type AttemptReport = { outcome: 'reached' | 'unavailable' | 'timeout' | 'unreachable'; startedAt: number };

export type CallInit = { query?: Record<string, string | number | undefined>; body?: unknown; signal?: AbortSignal };

export type CallResult<T> = { status: number; data: T } | { status: number; data: undefined; answer: true };

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * The Node adapter's connections (tests, the web host, the benchmarks; Electron goes through
 * net.fetch and its own pool). Keep-alive is explicit rather than inherited from Node's global agent,
 * whose defaults differ between versions: without it every call of a run would open a TCP (and TLS)
 * connection. One pool per process, shared by every client, so a run reuses the sockets of the last.
 * maxSockets is per origin and at least the executor's MAX_CONCURRENCY (64); beyond it requests wait
 * for a free socket. Idle sockets are closed after 5 s (before a server's usual keep-alive timeout)
 * and never keep the process alive.
 */
/** What the socket said (ECONNRESET, ECONNREFUSED…), for the log: a NETWORK code alone does not tell. */
function transportCause(error: AppError): { cause?: string } {
  const cause = (error as { cause?: { code?: unknown; cause?: { code?: unknown } } }).cause;
  const code = cause?.code ?? cause?.cause?.code;
  return typeof code === 'string' ? { cause: code } : {};
}

const KEEP_ALIVE = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: 5_000, scheduling: 'lifo' as const };
let sharedAgents: { http: HttpAgent; https: HttpsAgent } | undefined;
function nodeAgents(): { http: HttpAgent; https: HttpsAgent } {
  return (sharedAgents ??= { http: new HttpAgent(KEEP_ALIVE), https: new HttpsAgent(KEEP_ALIVE) });
}

/**
 * Refuses a base URL that would send the secret in clear or somewhere odd. Returns it normalized.
 * The rule is shared/domain's (the wizard checks the same at the field); this makes it an error.
 */
export function checkBaseUrl(raw: string): string {
  const checked = checkApiAddress(raw);
  if (!checked.ok) throw insecureUrlError(checked.reason);
  return checked.url;
}

const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(canceledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(canceledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

type Token = { value: string; refreshAt: number };

/**
 * HTTP to Campsoft: authentication with one shared in-flight login, token refresh, retries with
 * backoff and full jitter, Retry-After, timeouts, bounded answers, zod-checked shapes.
 */
export class CampsoftClient {
  readonly baseUrl: string;
  private readonly host: string;
  private readonly http: AxiosInstance;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly logger: Logger;
  /** No logger given: the per-request log entries are not even built. */
  private readonly logging: boolean;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private token: Token | undefined;
  private authenticating: Promise<Token> | undefined;

  constructor(private readonly options: CampsoftClientOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    this.host = new URL(this.baseUrl).host;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.logging = options.logger !== undefined;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 15_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    const maxBytes = options.maxResponseBytes ?? 20_000_000;
    this.http = axios.create({
      baseURL: this.baseUrl,
      timeout: this.timeoutMs,
      maxContentLength: maxBytes,
      maxBodyLength: 1_000_000,
      // An API never redirects; following one could carry the token to another host.
      maxRedirects: 0,
      // Every status comes back as data: the mapping to AppError is ours.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(options.fetch
        ? { adapter: 'fetch' as const, env: { fetch: options.fetch } }
        : { adapter: 'http' as const, httpAgent: nodeAgents().http, httpsAgent: nodeAgents().https }),
    });
  }

  /** One call of the endpoint table, with authentication and retries. */
  async call<P, S extends z.ZodType>(endpoint: Endpoint<P, S>, params: P, init: CallInit = {}): Promise<CallResult<z.output<S>>> {
    const path = endpoint.path(params);
    let refreshedFor401 = false;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(init.signal);
      let tokenUsed: Token | undefined;
      try {
        if (endpoint.auth) tokenUsed = await this.currentToken(init.signal);
        const started = this.clock.now();
        const response = await this.sendReported(endpoint, path, init, tokenUsed, started);
        if (this.logging) this.logger.info('campsoft.request', { endpoint: endpoint.name, status: response.status, attempt, ms: this.clock.now() - started });

        if (response.status === 401 && endpoint.auth && tokenUsed && !refreshedFor401) {
          // Campsoft: on a 401, authenticate once more and repeat the call; a second 401 is final.
          refreshedFor401 = true;
          this.dropToken(tokenUsed);
          attempt--;
          continue;
        }
        return this.read(endpoint, response);
      } catch (err) {
        const error = err instanceof AppError ? err : transportError(err, this.host, this.timeoutMs);
        if (error.code === 'CANCELED' || init.signal?.aborted) throw error.code === 'CANCELED' ? error : canceledError(err);
        if (!error.retryable || attempt >= this.maxAttempts) {
          this.logger.warn('campsoft.failed', { endpoint: endpoint.name, code: error.code, httpStatus: error.httpStatus, attempt });
          throw error;
        }
        const wait = this.retryDelay(error, attempt);
        this.logger.warn('campsoft.retry', { endpoint: endpoint.name, code: error.code, httpStatus: error.httpStatus, attempt, waitMs: Math.round(wait), ...transportCause(error) });
        await this.sleep(wait, init.signal);
      }
    }
  }

  /** Test hook and "Testar conexão": forget the token so the next call authenticates. */
  forgetToken(): void {
    this.token = undefined;
  }

  /** send(), with the attempt's outcome told to onAttempt (a cancelled attempt says nothing about the platform). */
  private async sendReported(
    endpoint: { method: Endpoint<never, z.ZodType>['method'] },
    path: string,
    init: CallInit,
    token: Token | undefined,
    startedAt: number,
  ): Promise<AxiosResponse<string>> {
    const onAttempt = this.options.onAttempt;
    if (!onAttempt) return this.send(endpoint, path, init, token);
    let response: AxiosResponse<string>;
    try {
      response = await this.send(endpoint, path, init, token);
    } catch (err) {
      const code = transportError(err, this.host, this.timeoutMs).code;
      if (code === 'TIMEOUT') onAttempt({ outcome: 'timeout', startedAt });
      else if (code === 'NETWORK') onAttempt({ outcome: 'unreachable', startedAt });
      throw err;
    }
    onAttempt({ outcome: response.status >= 500 ? 'unavailable' : 'reached', startedAt });
    return response;
  }

  private async send(endpoint: { method: Endpoint<never, z.ZodType>['method'] }, path: string, init: CallInit, token: Token | undefined): Promise<AxiosResponse<string>> {
    return this.http.request<string>({
      method: endpoint.method,
      url: this.baseUrl + path,
      params: init.query && Object.fromEntries(Object.entries(init.query).filter(([, v]) => v !== undefined)),
      data: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      headers: token ? { Authorization: `Bearer ${token.value}` } : undefined,
    });
  }

  private read<P, S extends z.ZodType>(endpoint: Endpoint<P, S>, response: AxiosResponse<string>): CallResult<z.output<S>> {
    const status = response.status;
    const text = typeof response.data === 'string' ? response.data : '';
    const contentType = String(response.headers['content-type'] ?? '');
    const looksHtml = /html/i.test(contentType) || /^\s*</.test(text);

    if (status >= 200 && status < 300) {
      if (looksHtml) throw htmlAnswerError(status);
      let json: unknown = undefined;
      if (/\S/.test(text)) {
        try {
          json = JSON.parse(text);
        } catch {
          throw notJsonError(status);
        }
      }
      // reportInput: only to tell a missing field from a wrong one; never put in a message or a log.
      const parsed = endpoint.response.safeParse(json, { reportInput: true });
      if (!parsed.success) throw shapeError(parsed.error.issues, status, endpoint.name);
      return { status, data: parsed.data };
    }

    const envelope = looksHtml ? undefined : parseEnvelope(text);
    // Only a call whose path names a record can answer "no such record", and only in the API's own
    // envelope; any other 404 (a proxy's page, a framework's JSON, an unknown path) is a wrong address.
    if (status === 404 && !(endpoint.namesRecord && isErrorEnvelope(envelope))) throw unknownRouteError(this.baseUrl, endpoint.name);
    // 5xx pages from gateways are often HTML: still platform trouble, still retryable.
    if (looksHtml && status < 500) throw htmlAnswerError(status);
    if (endpoint.answers?.includes(status)) return { status, data: undefined, answer: true };
    if (status === 401 && !endpoint.auth) throw badCredentialsError(status, envelope);
    const retryAfter = status === 429 ? retryAfterSeconds(response.headers['retry-after'], this.clock.now()) : undefined;
    const error = httpError(status, envelope, retryAfter);
    if (retryAfter !== undefined) retryAfterByError.set(error, retryAfter);
    throw error;
  }

  private retryDelay(error: AppError, attempt: number): number {
    if (error.code === 'RATE_LIMITED') {
      const seconds = retryAfterByError.get(error);
      if (seconds !== undefined) return Math.min(seconds * 1000, this.maxRetryAfterMs);
    }
    // Full jitter: uniform in [0, min(cap, base · 2^(attempt−1))].
    const ceiling = Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** (attempt - 1));
    return this.random() * ceiling;
  }

  private async currentToken(signal?: AbortSignal): Promise<Token> {
    if (this.token && this.clock.now() < this.token.refreshAt) return this.token;
    // One shared login: concurrent callers wait for the same token.
    this.authenticating ??= this.authenticate().finally(() => {
      this.authenticating = undefined;
    });
    return raceAbort(this.authenticating, signal);
  }

  private dropToken(used: Token): void {
    if (this.token === used) this.token = undefined;
  }

  private async authenticate(): Promise<Token> {
    const result = await this.callAuthentication();
    const now = this.clock.now();
    // Campsoft: ExpiresIn is absolute Unix seconds; refresh a little before it.
    const expiresAt = result.ExpiresIn * 1000;
    const lifetime = Math.max(0, expiresAt - now);
    const token = { value: result.AccessToken, refreshAt: expiresAt - Math.min(30_000, lifetime * 0.2) };
    this.token = token;
    this.logger.info('campsoft.authenticated', { expiresInSeconds: Math.round(lifetime / 1000) });
    return token;
  }

  private async callAuthentication(): Promise<{ AccessToken: string; ExpiresIn: number }> {
    const out = await this.call(endpoints.authenticate, undefined as never, { body: { ApiKey: this.options.apiKey, ApiSecret: this.options.apiSecret } });
    return out.data as { AccessToken: string; ExpiresIn: number };
  }
}

/** The wait Campsoft asked for rides on the error so the retry loop can honour it. */
const retryAfterByError = new WeakMap<AppError, number>();

function retryAfterSeconds(header: unknown, now: number): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function parseEnvelope(text: string): ErrorEnvelope | undefined {
  try {
    const parsed = errorEnvelopeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw canceledError(signal.reason);
}

function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(canceledError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
