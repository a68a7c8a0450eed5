/**
 * The import screen's conversation with the host that is not a query: the chosen file goes up in
 * pieces (import.open / import.upload), the apply's progress comes as `import.progress`, and the
 * files the host prepares (ERP exports, the rejected lines) come back with transfer.read and are
 * saved as one download.
 */
import type { ImportFile, ImportPhase, PreparedCsv } from '../../../shared/contract';
import { subscribe } from '../../bridge';
import { run } from '../../data/client';
import { downloadText } from '../../ui/download';
import { readPreparedText } from '../workspace/prepared-file';

async function readBytes(file: File): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes its arguments on the stack: a few KB at a time.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Sends the chosen file to the host, piece by piece (`sent` bytes of `total` after each), and
 * returns what the host found in it. A file the host cannot read throws its Portuguese reason.
 */
export async function sendFile(file: File, onSent?: (sent: number, total: number) => void): Promise<ImportFile> {
  const bytes = await readBytes(file);
  const { sessionId, chunkBytes } = await run('import.open', { fileName: file.name, size: bytes.length });
  for (let offset = 0; ; offset += chunkBytes) {
    const piece = bytes.subarray(offset, offset + chunkBytes);
    const last = offset + piece.length >= bytes.length;
    const answer = await run('import.upload', { sessionId, offset, data: base64(piece), last });
    onSent?.(offset + piece.length, bytes.length);
    if (last) {
      if (!answer.file) throw new Error(`O SVA Desk não conseguiu ler "${file.name}". Escolha o arquivo de novo.`);
      return answer.file;
    }
  }
}

export type ApplyProgress = { phase: ImportPhase; done: number; total: number };

/** Follows one import's progress while it is applied; returns the unsubscribe. */
export function followProgress(sessionId: string, listener: (p: ApplyProgress) => void): () => void {
  return subscribe('import.progress', (p) => {
    if (p.sessionId === sessionId) listener({ phase: p.phase, done: p.done, total: p.total });
  });
}

/** Reads a file the host prepared and saves it as one download (CSV with the BOM Excel needs). */
export async function saveHostFile(prepared: PreparedCsv): Promise<void> {
  downloadText(prepared.fileName, await readPreparedText(prepared.transferId), prepared.mimeType);
}
