/**
 * The workspace at office scale, in the host's store on disk: the move of an old browser workspace
 * of 100,000 customers (+ a service and a link each, 100,000 history events) through legacy.rows in
 * ≤ 1 MB chunks and legacy.finish; the Histórico's CSV export of all its events; a backup of it all
 * and its restore into an empty store. Informative figures (no goals yet): the time of each and the
 * first Histórico page with its total, and the memory the staged move holds (heap growth between begin and finish; run with --expose-gc for a
 * steadier figure).
 */
import { workspaceTables, type TableCounts } from '../../shared/contract/workspace';
import { oldWorkspace } from '../store/old-workspace';
import { download, openTestWorkspace, upload } from '../store/workspace-support';
import type { BenchFigure } from './figure';

const N = 100_000;
const MB = 1024 * 1024;

function chunks(rows: unknown[], max = MB): unknown[][] {
  const out: unknown[][] = [];
  let current: unknown[] = [];
  let size = 2;
  for (const row of rows) {
    const bytes = JSON.stringify(row).length + 1;
    if (current.length > 0 && size + bytes > max) {
      out.push(current);
      current = [];
      size = 2;
    }
    current.push(row);
    size += bytes;
  }
  if (current.length) out.push(current);
  return out;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / MB;
};
const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

export async function run(): Promise<BenchFigure[]> {
  const old = oldWorkspace({ customers: N, events: N });
  const counts = Object.fromEntries(workspaceTables.map((t) => [t, old[t].length])) as TableCounts;
  const t = await openTestWorkspace();
  const other = await openTestWorkspace();
  try {
    const heapBefore = heapMb();
    let started = performance.now();
    const { sessionId } = await t.ws.legacy.begin({ schemaVersion: 2, counts });
    let sent = 0;
    for (const table of workspaceTables) {
      for (const rows of chunks(old[table])) {
        t.ws.legacy.rows({ sessionId, table, rows });
        sent++;
      }
    }
    const staged = seconds(started);
    const heapStaged = heapMb() - heapBefore;
    started = performance.now();
    await t.ws.legacy.finish(sessionId);
    const finished = seconds(started);

    // The Histórico's first page with the total of all matches, unfiltered and with a text filter (a full scan).
    started = performance.now();
    await t.ws.history.list({ filter: {}, limit: 100 });
    const listed = performance.now() - started;
    started = performance.now();
    const searched = await t.ws.history.list({ filter: { text: 'evento 9999' }, limit: 100 });
    const listedText = performance.now() - started;
    if (searched.total === 0) throw new Error('the text filter found nothing');

    started = performance.now();
    const csv = await t.ws.history.export({});
    const { text: csvText } = await download(t.ws, csv.transferId);
    const exported = seconds(started);

    started = performance.now();
    const file = await t.ws.backup.export();
    const { text } = await download(t.ws, file.transferId);
    const backedUp = seconds(started);
    started = performance.now();
    const transferId = await upload(other.ws, text);
    await other.ws.backup.restore(transferId);
    const restored = seconds(started);

    return [
      { name: 'workspace.legacy_100k_stage_s', value: staged, unit: 's', goal: '' },
      { name: 'workspace.legacy_100k_chunks', value: sent, unit: 'chunks', goal: '' },
      { name: 'workspace.legacy_100k_staged_mb', value: Math.round(heapStaged), unit: 'MB', goal: '' },
      { name: 'workspace.legacy_100k_finish_s', value: finished, unit: 's', goal: '' },
      { name: 'workspace.history_list_100k_ms', value: Math.round(listed), unit: 'ms', goal: '' },
      { name: 'workspace.history_text_100k_ms', value: Math.round(listedText), unit: 'ms', goal: '' },
      { name: 'workspace.history_export_100k_s', value: exported, unit: 's', goal: '' },
      { name: 'workspace.history_export_100k_mb', value: Math.round(Buffer.byteLength(csvText) / MB), unit: 'MB', goal: '' },
      { name: 'workspace.backup_100k_s', value: backedUp, unit: 's', goal: '' },
      { name: 'workspace.backup_100k_mb', value: Math.round(file.bytes / MB), unit: 'MB', goal: '' },
      { name: 'workspace.restore_100k_s', value: restored, unit: 's', goal: '' },
    ];
  } finally {
    await other.close();
    await t.close();
  }
}
