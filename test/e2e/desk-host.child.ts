/**
 * A desk's browser host in a process of its own, so that desks.spec.ts can kill it (kill -9) in the
 * middle of a pass. Prints `origin <url>` once its store is open; its link claims last `leaseMs`.
 *
 *   node --import tsx desk-host.child.ts <data folder> <session token> <leaseMs>
 */
import { resolve } from 'node:path';
import { startBrowserHost } from '../../electron/web/browser-host';

const [dataDir, token, leaseMs] = process.argv.slice(2);
const running = await startBrowserHost({ staticDir: resolve('out/renderer'), dataDir: dataDir!, version: '0.0.0-e2e', token: token!, claimLeaseMs: Number(leaseMs) });
await running.ready;
process.stdout.write(`origin ${running.web.origin}\n`);
