/**
 * `npm run start:web`: serves the renderer build and the host's handlers on 127.0.0.1 and prints
 * the URL (the session token in its fragment, `/#token=…`) on a line of its own.
 *
 *   --port N        fixed port (default: a free one)        env SVA_DESK_PORT
 *   --data-dir DIR  where the development vault lives        env SVA_DESK_USER_DATA (default .sva-data)
 *   --no-open       do not open the default browser (also when CI is set)
 * env SVA_DESK_TOKEN fixes the session token (tests only).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserHost } from './browser-host';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'no-open': { type: 'boolean', default: false },
  },
});

const root = resolve(import.meta.dirname, '../..');
const dataDir = resolve(values['data-dir'] ?? process.env.SVA_DESK_USER_DATA ?? resolve(root, '.sva-data'));
mkdirSync(dataDir, { recursive: true });
const version = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version;

const running = await startBrowserHost({
  staticDir: resolve(root, 'out/renderer'),
  dataDir,
  version,
  port: Number(values.port ?? process.env.SVA_DESK_PORT ?? 0),
  token: process.env.SVA_DESK_TOKEN,
});

console.log('SVA Desk (host web) pronto. Abra no navegador / open in your browser:');
console.log(running.web.url);
running.ready.catch((err: unknown) => {
  console.error(`O SVA Desk não conseguiu abrir os dados de ${dataDir}: ${err instanceof Error ? err.message : String(err)}`);
  void running.close().finally(() => process.exit(1));
});

if (!values['no-open'] && !process.env.CI) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [running.web.url], { stdio: 'ignore', detached: true });
  child.on('error', () => {}); // no desktop browser: the printed URL is enough
  child.unref();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void running.close().finally(() => process.exit(0));
  });
}
