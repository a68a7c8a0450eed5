/**
 * The host thread's entry (a worker_threads Worker of the main process): the whole backend —
 * store, services, sync engine, executor, platform clients — runs here, so a 100k import or a pass
 * over 100k links never freezes a window or the browser host's HTTP server. Secrets stay in the
 * main process (this is one of its threads); the cipher stays on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, DataTable, type EventName } from '../../../shared/contract';
import { dispatch } from '../dispatch';
import { createHost, type Host } from '../host';
import type { Clock, HostPorts, Logger } from '../ports';
import { systemClock, testTuningOf } from '../ports';
import { remoteVault } from '../vault-port';
import type { FetchResponse, FromThread, Rpc, RpcAnswer, ThreadInit, ToThread } from './protocol';

const port = parentPort!;
const init = workerData as ThreadInit;
const send = (m: FromThread) => port.postMessage(m);

let nextId = 1;
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
function rpc<M extends Rpc['method']>(method: M, args: Extract<Rpc, { method: M }>['args']): Promise<RpcAnswer[M]> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    send({ t: 'rpc', id, method, args } as FromThread);
  });
}

const logger: Logger = {
  info: (message, meta) => send({ t: 'log', level: 'info', message, meta }),
  warn: (message, meta) => send({ t: 'log', level: 'warn', message, meta }),
  error: (message, meta) => send({ t: 'log', level: 'error', message, meta }),
};

/** Electron's net.fetch, across the thread: the request goes to main, the whole answer comes back. */
const proxiedFetch: typeof globalThis.fetch = async (input, initReq) => {
  const req = new Request(input, initReq);
  const body = req.body ? await req.text() : null;
  const signal = initReq?.signal;
  if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
  const answer = rpc('fetch', { url: req.url, method: req.method, headers: [...req.headers], body });
  const res: FetchResponse = await (signal
    ? Promise.race([answer, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason ?? new DOMException('aborted', 'AbortError')), { once: true }))])
    : answer);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
};

let online = init.online;
let host: Host | undefined;
/** a reopen on another store failed: why, for every call until the program is restarted */
let reopenFailed: string | null = null;

port.on('message', (m: ToThread) => {
  if (m.t === 'reply') {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (!w) return;
    if (m.ok) w.resolve(m.value);
    else w.reject(new AppError(m.error.code, m.error.message, { retryable: m.error.retryable, ...(m.error.fields && { fields: m.error.fields }) }));
  } else if (m.t === 'call') {
    const h = host;
    if (!h) {
      const result = reopenFailed
        ? { ok: false as const, code: 'HOST_START_FAILED', message: `O SVA Desk não conseguiu abrir o banco de dados escolhido: ${reopenFailed}. Feche e abra o programa.`, retryable: false }
        : { ok: false as const, code: 'STARTING', message: 'O SVA Desk ainda está abrindo o banco de dados. Tente de novo em instantes.', retryable: true };
      send({ t: 'result', id: m.id, result });
      return;
    }
    void dispatch(h.handlers, m.name, m.input).then((result) => send({ t: 'result', id: m.id, result }));
  } else if (m.t === 'online') {
    online = m.value;
  } else if (m.t === 'dispose') {
    void (host?.dispose() ?? Promise.resolve()).finally(() => {
      send({ t: 'disposed' });
      port.close();
    });
  }
});

/** The system's clock, or one running `offset` ms ahead (end-to-end tests: the routine's hour comes soon). */
function clockAhead(offset: number | undefined): Clock {
  return offset ? { now: () => Date.now() + offset } : systemClock;
}

const ports: HostPorts = {
  host: init.host,
  version: init.version,
  platform: init.platform,
  dataDir: init.dataDir,
  secureStorage: () => init.secureStorage as ReturnType<HostPorts['secureStorage']>,
  // one vault for every host this thread opens: what was saved stays saved across a reopen
  vault: remoteVault(init.vault, { save: (id, connection) => rpc('vault.save', { id, connection }), delete: (id) => rpc('vault.delete', { id }) }),
  ...(init.proxyFetch && { fetch: proxiedFetch }),
  ...(init.sandboxAdminToken && { sandboxAdminToken: init.sandboxAdminToken }),
  isOnline: () => online,
  openExternal: (url) => rpc('openExternal', { url }),
  emit: (event: EventName, payload: unknown) => send({ t: 'emit', event, payload }),
  logger,
  clock: clockAhead(init.clockOffsetMs),
  ...testTuningOf(init),
  reopen,
};

/**
 * Configurações › Banco de dados chose another store: this host closes and a new one opens on it;
 * meanwhile calls answer "still opening", and every screen re-reads once it is open.
 */
function reopen(): void {
  const old = host;
  host = undefined;
  void (old?.dispose() ?? Promise.resolve())
    .then(() => createHost(ports))
    .then((h) => {
      host = h;
      ports.emit('data.changed', { tables: [...DataTable.options] });
    })
    .catch((err: unknown) => {
      reopenFailed = err instanceof Error ? err.message : String(err);
      logger.error('host: reopen failed', { error: reopenFailed });
    });
}

createHost(ports)
  .then((h) => {
    host = h;
    send({ t: 'ready' });
  })
  .catch((err: unknown) => send({ t: 'fatal', message: err instanceof Error ? err.message : String(err) }));
