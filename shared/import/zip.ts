/**
 * The few entries of a ZIP archive (an .xlsx is one) that the import reads, inflated within bounds.
 *
 * Why not fflate's unzipSync: it inflates every entry its filter lets through, allocating the size
 * the archive DECLARES for it and decoding the whole stream whatever it declares (issue 10: an XLSX
 * inflating to 1 GB took 25 s and +4 GB, with entries that are never read). Here the central
 * directory is read first (names, sizes, offsets: nothing inflated), the caller picks the entries,
 * their declared sizes are checked against the bounds, and each one is inflated with fflate's
 * streaming Inflate, fed a little at a time and stopped the moment its output passes what it
 * declared or what the bounds allow, so a lying entry costs no more than the bound.
 */
import { Inflate } from 'fflate';
import { MAX_ENTRY_BYTES, MAX_INFLATED_BYTES, megabytes } from './limits';

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflate; anything else is not read */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  /** as declared by the archive */
  size: number;
  /** of the local header */
  offset: number;
};

/** Why an archive could not be read: the caller turns it into a message for the office. */
export class ZipProblem extends Error {
  constructor(
    readonly kind: 'damaged' | 'encrypted' | 'entry-too-large' | 'too-large',
    readonly entry?: string,
  ) {
    super(kind);
  }
}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 2 ** 32;

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** The central directory's entries, in its order. Throws ZipProblem('damaged') on anything malformed. */
export function listZip(bytes: Uint8Array): ZipEntry[] {
  // End of central directory: 22 bytes + a comment of at most 65,535.
  let end = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 65_535; i--) {
    if (u32(bytes, i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipProblem('damaged');
  let count = u16(bytes, end + 10);
  let offset = u32(bytes, end + 16);
  // ZIP64: the locator just before points to the ZIP64 end record with the real count and offset.
  if (end >= 20 && u32(bytes, end - 20) === 0x07064b50) {
    const z = u64(bytes, end - 12);
    if (z + 56 > bytes.length || u32(bytes, z) !== 0x06064b50) throw new ZipProblem('damaged');
    count = u64(bytes, z + 32);
    offset = u64(bytes, z + 48);
  }
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (offset + 46 > bytes.length || u32(bytes, offset) !== 0x02014b50) throw new ZipProblem('damaged');
    const flags = u16(bytes, offset + 8);
    const nameLength = u16(bytes, offset + 28);
    const extraLength = u16(bytes, offset + 30);
    const commentLength = u16(bytes, offset + 32);
    const nameBytes = bytes.subarray(offset + 46, offset + 46 + nameLength);
    let compressedSize = u32(bytes, offset + 20);
    let size = u32(bytes, offset + 24);
    let local = u32(bytes, offset + 42);
    // ZIP64 extra field: the 8-byte values, in this order, for those marked 0xFFFFFFFF.
    for (let e = offset + 46 + nameLength; e + 4 <= offset + 46 + nameLength + extraLength; ) {
      const id = u16(bytes, e);
      const length = u16(bytes, e + 2);
      if (id === 0x0001) {
        let p = e + 4;
        if (size === 0xffffffff) {
          size = u64(bytes, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(bytes, p);
          p += 8;
        }
        if (local === 0xffffffff) local = u64(bytes, p);
      }
      e += 4 + length;
    }
    entries.push({
      name: (flags & 0x800 ? utf8 : latin1).decode(nameBytes),
      method: u16(bytes, offset + 10),
      encrypted: (flags & 1) === 1,
      compressedSize,
      size,
      offset: local,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Feeds the compressed bytes in slices: an entry of ratio 1:1000 yields at most ~16 MB per slice. */
const SLICE = 16 * 1024;

/** Stops the inflater from inside its callback; never escapes `inflateEntry`. */
class Overflow extends Error {}

/** One entry's bytes, inflated to its declared size and never past it (the caller bounds that size). */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.encrypted) throw new ZipProblem('encrypted', entry.name);
  const at = entry.offset;
  if (at + 30 > bytes.length || u32(bytes, at) !== 0x04034b50) throw new ZipProblem('damaged', entry.name);
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipProblem('damaged', entry.name);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ZipProblem('damaged', entry.name);
    return data.slice();
  }
  if (entry.method !== 8) throw new ZipProblem('damaged', entry.name);

  const out = new Uint8Array(entry.size);
  let written = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > entry.size) throw new Overflow();
    out.set(chunk, written);
    written += chunk.length;
    if (final) finished = true;
  });
  try {
    for (let i = 0; i < data.length; i += SLICE) inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
    if (data.length === 0) inflater.push(data, true);
  } catch (err) {
    // More than it declared: a damaged or hostile archive; fflate's own errors: a damaged stream.
    if (err instanceof Overflow || typeof (err as { code?: unknown }).code === 'number') throw new ZipProblem('damaged', entry.name);
    throw err;
  }
  if (!finished || written !== entry.size) throw new ZipProblem('damaged', entry.name);
  return out;
}

/**
 * The entries with these names (those present), inflated, within MAX_ENTRY_BYTES each and
 * MAX_INFLATED_BYTES together. Declared sizes are checked for all of them before any is inflated.
 */
export function readEntries(bytes: Uint8Array, entries: readonly ZipEntry[], names: readonly string[], budget = { used: 0 }): Record<string, Uint8Array> {
  const wanted = names.flatMap((name) => entries.filter((e) => e.name === name).slice(0, 1));
  for (const e of wanted) if (e.size > MAX_ENTRY_BYTES) throw new ZipProblem('entry-too-large', e.name);
  if (budget.used + wanted.reduce((sum, e) => sum + e.size, 0) > MAX_INFLATED_BYTES) throw new ZipProblem('too-large');
  const out: Record<string, Uint8Array> = {};
  for (const e of wanted) {
    out[e.name] = inflateEntry(bytes, e);
    budget.used += e.size;
  }
  return out;
}

export const entryTooLarge = (fileName: string, entry: string) =>
  `A planilha "${fileName}" tem uma parte interna (${entry}) que passa de ${megabytes(MAX_ENTRY_BYTES)} quando aberta: grande demais para o SVA Desk. ` +
  'Exporte os clientes do ERP em CSV, ou em partes (por exemplo, por cidade ou por plano).';

export const inflatedTooLarge = (fileName: string) =>
  `A planilha "${fileName}" passa de ${megabytes(MAX_INFLATED_BYTES)} quando aberta: grande demais para o SVA Desk. ` +
  'Exporte os clientes do ERP em CSV, ou em partes (por exemplo, por cidade ou por plano).';
