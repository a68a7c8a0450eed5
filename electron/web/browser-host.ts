import { join } from 'node:path';
import { createHost } from '../host/host';
import { createLogger } from '../host/log';
import { createDevelopmentCipher } from '../host/vault';
import { systemClock, type Emit } from '../host/ports';
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
  const host = await createHost({
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
    clock: systemClock,
  });
  const web = await startWebHost({ handlers: host.handlers, staticDir: opts.staticDir, port: opts.port, token: opts.token });
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
