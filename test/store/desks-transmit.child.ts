/**
 * Desk A of desks-transmit.pg.test.ts in a process of its own, so that the test can kill it (kill -9)
 * in the middle of a pass: a whole host on the office's server, its claims lasting `leaseMs`.
 * Commands on stdin, one a line: `manual` (Transmitir agora; answers `preview <id> <links>`),
 * `confirm <id>` (answers `confirmed <sent>`), `share` (answers `share <links>`: the links its runs
 * finished). Says `ready <desk id>` once its credentials are saved.
 *
 *   node --import tsx desks-transmit.child.ts <data folder> <sandbox url> <leaseMs>
 */
import { createInterface } from 'node:readline';
import { dispatch } from '../../electron/host/dispatch';
import { createHost } from '../../electron/host/host';
import { data, deskIdOf, deskPorts, saveCredentials, until } from './desks-support';

const [dataDir, sandboxUrl, leaseMs] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);

// links finished per run of this desk
const done = new Map<string, number>();
const onEvent = (event: string, payload: unknown) => {
  if (event !== 'run.progress') return;
  const p = payload as { runId: string; done: number };
  done.set(p.runId, Math.max(done.get(p.runId) ?? 0, p.done));
};
const host = await createHost(deskPorts(dataDir!, { claimLeaseMs: Number(leaseMs), onEvent }));
await saveCredentials(host, sandboxUrl!);
await until('the start pass', () => host.engine.state().lastPassAt !== null);
say(`ready ${deskIdOf(dataDir!)}`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, arg] = line.trim().split(' ');
  void (async () => {
    if (command === 'manual') {
      data(await dispatch(host.handlers, 'sync.request', { trigger: 'manual' }));
      const preview = await until('a preview', () => !host.engine.state().passing && host.engine.state().preview);
      say(`preview ${preview.id} ${preview.summary.links}`);
    } else if (command === 'share') {
      say(`share ${[...done.values()].reduce((a, b) => a + b, 0)}`);
    } else if (command === 'confirm') {
      say(`confirmed ${data<{ sent: number }>(await dispatch(host.handlers, 'sync.confirm', { previewId: arg })).sent}`);
    }
  })().catch((err: unknown) => say(`error ${err instanceof Error ? err.message : String(err)}`));
});
