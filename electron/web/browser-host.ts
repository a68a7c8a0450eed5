import { join } from 'node:path';
import { hostThreadEntry, startHostThread } from '../host/thread/start';
import { createLogger } from '../host/log';
import { createDevelopmentCipher } from '../host/vault';
import type { Emit } from '../host/ports';
import { startWebHost, type WebHost } from './server';

export type BrowserHostOptions = {
  staticDir: string;
  dataDir: string;
  version: string;
  port?: number;
  token?: string;
};

/** The host services wired for the browser: Node's network stack, the development vault, SSE pushes. */
export async function startBrowserHost(opts: BrowserHostOptions) {
  // The host needs emit before the web server exists; pushes before it starts have no listener anyway.
  const ref: { web?: WebHost } = {};
  const emit: Emit = (event, payload) => ref.web?.emit(event, payload);
  // The host runs in its own thread: a long import or pass never holds up the HTTP server.
  const host = await startHostThread({
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
  });
  const web = await startWebHost({ dispatch: host.dispatch, staticDir: opts.staticDir, port: opts.port, token: opts.token });
  ref.web = web;
  return {
    web,
    host,
    async close() {
      await web.close();
      await host.dispose();
    },
  };
}
