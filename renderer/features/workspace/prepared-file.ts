/**
 * Files that cross the bridge in chunks (shared/contract/workspace.ts, transfers): a file the host
 * prepared (a backup, the Histórico's CSV) is read back piece by piece and saved as one download;
 * a file the clerk chose goes up piece by piece before the host reads it.
 */
import { TRANSFER_CHUNK_CHARS, type PreparedFile } from '../../../shared/contract/workspace';
import { run } from '../../data/client';
import { downloadText } from '../../ui/download';

/** Reads a file the host prepared to its end (the host deletes it after the last piece). */
export async function readPreparedText(transferId: string): Promise<string> {
  const parts: string[] = [];
  for (let offset = 0; ; ) {
    const piece = await run('transfer.read', { transferId, offset });
    parts.push(piece.text);
    if (piece.done) return parts.join('');
    offset = piece.nextOffset;
  }
}

/** Reads a prepared file to its end and saves it. */
export async function savePreparedFile(file: PreparedFile): Promise<void> {
  downloadText(file.fileName, await readPreparedText(file.transferId), file.mimeType);
}

function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('Não consegui ler o arquivo.'));
    reader.readAsText(file, 'utf-8');
  });
}

/** Sends a chosen file's text to the host; returns the id the next command names it by. */
export async function uploadFile(file: Blob): Promise<string> {
  const text = await readText(file);
  const { transferId } = await run('transfer.begin', {});
  for (let at = 0; at < text.length || at === 0; at += TRANSFER_CHUNK_CHARS) {
    await run('transfer.append', { transferId, text: text.slice(at, at + TRANSFER_CHUNK_CHARS) });
    if (text.length === 0) break;
  }
  return transferId;
}
