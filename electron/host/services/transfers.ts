/**
 * Big files across the bridge, in chunks (the browser host refuses bodies above 2 MiB; a 100k
 * backup is tens of megabytes). Downloads: the host writes the file to a temporary folder page by
 * page (memory stays flat), the screen reads it back with transfer.read and saves it as one
 * download. Uploads: the screen sends the chosen file's text with transfer.append; it is held in
 * memory until restored or discarded.
 *
 * The files hold personal data (LGPD): each is deleted after its last chunk is read, on discard,
 * after `ttlMs` unused, and the whole folder at start and at close.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { open, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/contract/result';
import { TRANSFER_CHUNK_CHARS } from '../../../shared/contract/workspace';
import type { HandlerTable } from '../dispatch';
import type { Clock } from '../ports';

/** A backup of 100k customers is ~60 MB; four times that is not one of ours (and V8 strings stop near 512 M characters). */
export const MAX_UPLOAD_CHARS = 256_000_000;
/** Bytes per transfer.read: JSON-escaped text stays under the 2 MiB body the browser host accepts. */
const READ_BYTES = 768 * 1024;
const TTL_MS = 30 * 60_000;

type Download = { kind: 'download'; path: string; fileName: string; mimeType: string; bytes: number; touched: number };
type Upload = { kind: 'upload'; parts: string[]; chars: number; touched: number; parsed?: unknown };
type Entry = Download | Upload;

export type FileWriter = {
  readonly transferId: string;
  write(text: string): Promise<void>;
  /** Closes the file and makes it readable; returns its size in bytes. */
  finish(): Promise<{ transferId: string; fileName: string; mimeType: string; bytes: number }>;
  /** Deletes the half-written file (an export that failed). */
  abandon(): Promise<void>;
};

export type Transfers = ReturnType<typeof createTransfers>;

const gone = () => new AppError('TRANSFER_GONE', 'O arquivo não está mais disponível (expirou ou já foi baixado). Gere-o de novo.');

export function createTransfers(deps: { dir: string; clock: Clock; ttlMs?: number }) {
  const entries = new Map<string, Entry>();
  const ttl = deps.ttlMs ?? TTL_MS;
  // Leftovers of a previous session (a crash mid-export) go first: nobody can ask for them.
  rmSync(deps.dir, { recursive: true, force: true });
  mkdirSync(deps.dir, { recursive: true });

  async function drop(id: string) {
    const e = entries.get(id);
    entries.delete(id);
    if (e?.kind === 'download') await rm(e.path, { force: true });
  }

  async function expire() {
    const now = deps.clock.now();
    for (const [id, e] of entries) if (now - e.touched > ttl) await drop(id);
  }

  function entry<K extends Entry['kind']>(id: string, kind: K): Extract<Entry, { kind: K }> {
    const e = entries.get(id);
    if (!e || e.kind !== kind) throw gone();
    e.touched = deps.clock.now();
    return e as Extract<Entry, { kind: K }>;
  }

  return {
    /** A new file for the screen to download; write it in pages, then finish(). */
    async createFile(fileName: string, mimeType: string): Promise<FileWriter> {
      await expire();
      const transferId = randomUUID();
      const path = join(deps.dir, `${transferId}.part`);
      const handle: FileHandle = await open(path, 'w', 0o600);
      let closed = false;
      const close = async () => {
        if (!closed) await handle.close();
        closed = true;
      };
      return {
        transferId,
        write: async (text) => {
          if (text) await handle.write(text, null, 'utf8');
        },
        async finish() {
          await handle.sync();
          await close();
          const bytes = (await stat(path)).size;
          entries.set(transferId, { kind: 'download', path, fileName, mimeType, bytes, touched: deps.clock.now() });
          return { transferId, fileName, mimeType, bytes };
        },
        async abandon() {
          await close();
          await rm(path, { force: true });
        },
      };
    },

    /** Up to READ_BYTES from `offset`, cut at a character boundary; the last read deletes the file. */
    async read(transferId: string, offset: number) {
      const d = entry(transferId, 'download');
      if (offset > d.bytes) throw new AppError('INVALID_INPUT', 'Posição de leitura além do fim do arquivo.');
      const handle = await open(d.path, 'r');
      let buf: Buffer;
      try {
        const want = Math.min(READ_BYTES, d.bytes - offset);
        buf = Buffer.alloc(want);
        const { bytesRead } = await handle.read(buf, 0, want, offset);
        buf = buf.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
      const end = offset + buf.length < d.bytes ? utf8Boundary(buf) : buf.length;
      const nextOffset = offset + end;
      const done = nextOffset >= d.bytes;
      if (done) await drop(transferId);
      return { text: buf.subarray(0, end).toString('utf8'), nextOffset, bytes: d.bytes, done };
    },

    async begin() {
      await expire();
      const transferId = randomUUID();
      entries.set(transferId, { kind: 'upload', parts: [], chars: 0, touched: deps.clock.now() });
      return { transferId };
    },

    append(transferId: string, text: string) {
      const u = entry(transferId, 'upload');
      if (text.length > TRANSFER_CHUNK_CHARS) throw new AppError('INVALID_INPUT', 'Pedaço de arquivo grande demais.');
      if (u.chars + text.length > MAX_UPLOAD_CHARS) {
        void drop(transferId);
        throw new AppError('FILE_TOO_LARGE', 'O arquivo é grande demais para um backup do SVA Desk. Escolha o arquivo .json gerado em Exportar backup.');
      }
      u.parts.push(text);
      u.chars += text.length;
      u.parsed = undefined;
      return { receivedChars: u.chars };
    },

    /** The uploaded text, parsed once by `parse` and kept for the next call (inspect, then restore). */
    uploaded<T>(transferId: string, parse: (text: string) => T): T {
      const u = entry(transferId, 'upload');
      if (u.parsed === undefined) {
        const text = u.parts.join('');
        u.parts = [text];
        u.parsed = parse(text);
      }
      return u.parsed as T;
    },

    discard: async (transferId: string) => {
      const known = entries.has(transferId);
      await drop(transferId);
      return { discarded: known };
    },

    async dispose() {
      entries.clear();
      await rm(deps.dir, { recursive: true, force: true });
    },
  };
}

/** How many bytes of `buf` end on a whole UTF-8 character (a chunk never splits one). */
function utf8Boundary(buf: Buffer): number {
  const i = buf.length;
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the last character.
  let back = 0;
  while (back < 4 && i - back - 1 >= 0 && (buf[i - back - 1]! & 0xc0) === 0x80) back++;
  const lead = i - back - 1;
  if (lead < 0) return i;
  const b = buf[lead]!;
  const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return need === back + 1 ? i : lead;
}

export function transferHandlers(t: Transfers): Pick<HandlerTable, 'transfer.begin' | 'transfer.append' | 'transfer.read' | 'transfer.discard'> {
  return {
    'transfer.begin': () => t.begin(),
    'transfer.append': async ({ transferId, text }) => t.append(transferId, text),
    'transfer.read': ({ transferId, offset }) => t.read(transferId, offset),
    'transfer.discard': ({ transferId }) => t.discard(transferId),
  };
}
