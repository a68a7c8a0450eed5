import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../electron/host/ports';

/** A Logger that keeps every line, to prove what never reaches the logs. */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, meta?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

/** A tiny server for answers the sandbox never gives (wrong shapes, HTML, huge bodies). */
export async function startOddServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url?.endsWith('/authentication')) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ AccessToken: 'odd-token', ExpiresIn: Math.floor(Date.now() / 1000) + 3600 }));
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/svas/v1`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port nobody listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
