import { join } from 'node:path';
import { hostThreadEntry, startHostThread } from '../host/thread/start';
import { createLogger } from '../host/log';
import { createDevelopmentCipher } from '../host/vault';
import { testTuningOf, type Emit, type TestTuning } from '../host/ports';
import { startWebHost, type WebHost } from './server';
import type { Dispatch } from '../host/dispatch';
import { AppError, toFailure } from '../../shared/contract';

export type BrowserHostOptions = {
  staticDir: string;
  dataDir: string;
  version: string;
  port?: number;
  token?: string;
  /** Gives the built-in sandbox admin routes behind this token (end-to-end tests only). */
  sandboxAdminToken?: string;
  /** The host's clock this far ahead of the system's, so its daily routine's hour comes soon (end-to-end tests only). */
  clockOffsetMs?: number;
} & TestTuning;

/** The host services wired for the browser: Node's network stack, the development vault, SSE pushes. */
export async function startBrowserHost(opts: BrowserHostOptions) {
  // The host needs emit before the web server exists; pushes before it starts have no listener anyway.
  const ref: { web?: WebHost } = {};
  const emit: Emit = (event, payload) => ref.web?.emit(event, payload);
  // The host runs in its own thread: a long import or pass never holds up the HTTP server. The
  // server listens while the thread opens the store, so the page loads meanwhile; its first commands
  // wait for the thread (measured with 100k customers: the page's load overlaps ~0.5 s of the start).
  const starting = startHostThread({
    ...hostThreadEntry(import.meta.url, '../host/thread/host-thread.ts'),
    host: 'web',
    version: opts.version,
    platform: process.platform,
    dataDir: opts.dataDir,
    secureStorage: () => 'development',
    cipher: createDevelopmentCipher(opts.dataDir),
    isOnline: () => true,
    openExternal: async () => {},
    emit,
    logger: createLogger({ file: join(opts.dataDir, 'sva-desk.log') }),
    ...(opts.sandboxAdminToken && { sandboxAdminToken: opts.sandboxAdminToken }),
    ...(opts.clockOffsetMs && { clockOffsetMs: opts.clockOffsetMs }),
    ...testTuningOf(opts),
  });
  const dispatch: Dispatch = async (name, input) => {
    try {
      return await (await starting).dispatch(name, input);
    } catch (err) {
      return toFailure(
        new AppError('HOST_START_FAILED', `O SVA Desk não conseguiu abrir os dados desta pasta: ${err instanceof Error ? err.message : String(err)}. Feche o programa, confira a pasta de dados e abra de novo.`),
      );
    }
  };
  const web = await startWebHost({ dispatch, staticDir: opts.staticDir, port: opts.port, token: opts.token });
  ref.web = web;
  return {
    web,
    /** the host thread, once it has opened the store (a failed start rejects here) */
    ready: starting,
    async close() {
      await web.close();
      await (await starting.catch(() => null))?.dispose();
    },
  };
}
