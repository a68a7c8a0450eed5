/**
 * Exportar CSV: the host writes EVERY event matching the filters into a file (pages of 2,000, with
 * progress pushed as history.exportProgress), and the screen reads it back and saves it.
 */
import type { HistoryFilter } from '../../../shared/contract/workspace';
import { subscribe } from '../../bridge';
import { run } from '../../data/client';
import { savePreparedFile } from '../workspace';

export async function exportHistory(filter: HistoryFilter, onProgress: (p: { written: number; total: number }) => void): Promise<number> {
  // One export at a time from this screen: the first file announced is ours.
  let ours: string | undefined;
  const stop = subscribe('history.exportProgress', (p) => {
    ours ??= p.transferId;
    if (p.transferId === ours) onProgress({ written: p.written, total: p.total });
  });
  try {
    const file = await run('history.export', { filter, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    await savePreparedFile(file);
    return file.rows;
  } finally {
    stop();
  }
}
