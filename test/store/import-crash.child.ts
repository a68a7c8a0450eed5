/**
 * The crash test's victim (import-crash.test.ts): a host process importing an ERP export into the
 * store file it is given, reporting on stdout. At `pauseAt` records written it says so and stops
 * dead inside the open write transaction, so the parent's kill -9 lands mid-write every time,
 * with the uncommitted pages already spilled to the WAL file.
 *
 *   node --import tsx import-crash.child.ts <store file> <csv file> <pauseAt>
 */
import { readFileSync, statSync } from 'node:fs';
import { createMutator } from '../../electron/host/services/mutation';
import { createImportService } from '../../electron/host/services/import/service';
import { openStore } from '../../electron/host/store/store';

const [file, csvFile, pauseAt] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);
const walSize = () => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

const store = await openStore({ engine: 'sqlite', file });
const clock = { now: () => Date.now() };
const mutate = createMutator({ store, clock, clerk: () => 'Processo do teste', notify: () => {}, onDesiredStateChanged: () => {} });
const service = createImportService({
  db: store.db,
  engine: store.engine,
  mutate,
  clock,
  emit: (event, payload) => {
    if (event !== 'import.progress') return;
    const p = payload as { phase: string; done: number; total: number };
    say(`progress ${p.phase} ${p.done} ${p.total}`);
    if (p.phase === 'write' && p.done >= Number(pauseAt)) {
      say(`paused ${walSize()}`);
      // Inside the transaction, with the rows written so far: wait for the kill.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
    }
  },
});

const bytes = readFileSync(csvFile);
const { sessionId, chunkBytes } = service.open({ fileName: 'clientes.csv', size: bytes.length });
let read = null;
for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
  const piece = bytes.subarray(offset, offset + chunkBytes);
  ({ file: read } = await service.upload({ sessionId, offset, data: piece.toString('base64'), last: offset + chunkBytes >= bytes.length }));
}
const preview = await service.preview({ sessionId, mapping: read!.mapping });
say(`preview ${preview.counts.newCustomers} ${preview.counts.newServices} ${preview.counts.newLinks}`);
await service.apply({ sessionId, previewId: preview.previewId });
say('committed');
await store.close();
