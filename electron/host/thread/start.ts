/**
 * The main thread's side of the host thread: it keeps the vault (its cipher answers only here in
 * Electron), starts the worker with a snapshot of the vault, answers the worker's calls (vault
 * writes, opening links, Electron's fetch) and hands the transports one `dispatch`.
 */
import { Worker } from 'node:worker_threads';
import type { EventName, Result } from '../../../shared/contract';
import { AppError } from '../../../shared/contract';
import { testTuningOf, type HostPorts } from '../ports';
import { createVault } from '../vault';
import { snapshotVault } from '../vault-port';
import type { FromThread, ThreadInit, ToThread } from './protocol';

export type HostThread = {
  dispatch(name: unknown, input: unknown): Promise<Result<unknown>>;
  dispose(): Promise<void>;
};

export type HostThreadOptions = Omit<HostPorts, 'vault' | 'cipher' | 'clock'> & {
  cipher: NonNullable<HostPorts['cipher']>;
  /** the built host-thread.js (or the .ts source with a TypeScript loader in execArgv) */
  workerUrl: URL;
  execArgv?: string[];
  /** End-to-end tests only: the host's clock this far ahead of the system's (its routine's hour comes soon). */
  clockOffsetMs?: number;
};

/**
 * Where the host thread's code is, from the URL of the shell's entry: built, host-thread.js beside
 * it; run from the TypeScript sources (tests, tsx), the source with tsx as the worker's loader.
 */
export function hostThreadEntry(entryUrl: string, sourceFromEntry: string): { workerUrl: URL; execArgv?: string[] } {
  if (entryUrl.endsWith('.ts')) return { workerUrl: new URL(sourceFromEntry, entryUrl), execArgv: ['--import', 'tsx'] };
  return { workerUrl: new URL('./host-thread.js', entryUrl) };
}

export function startHostThread(opts: HostThreadOptions): Promise<HostThread> {
  const vault = createVault({ dataDir: opts.dataDir, cipher: opts.cipher });
  const init: ThreadInit = {
    host: opts.host,
    version: opts.version,
    platform: opts.platform,
    dataDir: opts.dataDir,
    secureStorage: opts.secureStorage(),
    online: opts.isOnline(),
    vault: snapshotVault(vault),
    proxyFetch: opts.fetch !== undefined,
    ...(opts.sandboxAdminToken && { sandboxAdminToken: opts.sandboxAdminToken }),
    ...(opts.clockOffsetMs && { clockOffsetMs: opts.clockOffsetMs }),
    ...testTuningOf(opts),
  };
  const worker = new Worker(opts.workerUrl, { workerData: init, ...(opts.execArgv && { execArgv: opts.execArgv }) });
  const post = (m: ToThread) => worker.postMessage(m);
  let nextId = 1;
  const calls = new Map<number, (r: Result<unknown>) => void>();
  let disposed: (() => void) | undefined;
  let exited = false;

  const onlineTimer = setInterval(() => post({ t: 'online', value: opts.isOnline() }), 2000);
  onlineTimer.unref();

  async function answer(m: Extract<FromThread, { t: 'rpc' }>): Promise<unknown> {
    switch (m.method) {
      case 'vault.save':
        return vault.save(m.args.id, m.args.connection);
      case 'vault.delete':
        return vault.delete(m.args.id);
      case 'openExternal':
        return opts.openExternal(m.args.url);
      case 'fetch': {
        const res = await opts.fetch!(m.args.url, { method: m.args.method, headers: m.args.headers, ...(m.args.body !== null && { body: m.args.body }) });
        return { status: res.status, statusText: res.statusText, headers: [...res.headers], body: await res.arrayBuffer() };
      }
    }
  }

  function dispatchCall(name: unknown, input: unknown): Promise<Result<unknown>> {
    if (exited) return Promise.resolve({ ok: false, code: 'HOST_STOPPED', message: 'O SVA Desk parou de responder. Feche e abra o aplicativo.', retryable: false });
    const id = nextId++;
    return new Promise((resolve) => {
      calls.set(id, resolve);
      post({ t: 'call', id, name: String(name), input });
    });
  }

  const thread: HostThread = {
    dispatch: dispatchCall,
    dispose: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        disposed = resolve;
        post({ t: 'dispose' });
        setTimeout(() => void worker.terminate().then(() => resolve()), 10_000).unref();
      }),
  };

  return new Promise((resolve, reject) => {
    worker.on('message', (m: FromThread) => {
      switch (m.t) {
        case 'ready':
          resolve(thread);
          break;
        case 'fatal':
          reject(new AppError('HOST_START_FAILED', `O SVA Desk não conseguiu abrir o banco de dados: ${m.message}`));
          break;
        case 'result':
          calls.get(m.id)?.(m.result);
          calls.delete(m.id);
          break;
        case 'emit':
          opts.emit(m.event as EventName, m.payload as never);
          break;
        case 'log':
          opts.logger[m.level](m.message, m.meta);
          break;
        case 'rpc':
          answer(m).then(
            (value) => post({ t: 'reply', id: m.id, ok: true, value }),
            (err: unknown) =>
              post({
                t: 'reply',
                id: m.id,
                ok: false,
                error:
                  err instanceof AppError
                    ? { code: err.code, message: err.message, retryable: err.retryable, ...(err.fields && { fields: err.fields }) }
                    : { code: 'INTERNAL', message: 'Erro interno inesperado. Tente novamente; se persistir, contate o suporte.', retryable: false },
              }),
          );
          break;
        case 'disposed':
          disposed?.();
          break;
      }
    });
    worker.on('error', (err) => {
      opts.logger.error('host thread: crashed', { error: err.message });
      reject(err);
    });
    worker.on('exit', () => {
      exited = true;
      clearInterval(onlineTimer);
      for (const done of calls.values()) done({ ok: false, code: 'HOST_STOPPED', message: 'O SVA Desk parou de responder. Feche e abra o aplicativo.', retryable: false });
      calls.clear();
      disposed?.();
    });
  });
}
