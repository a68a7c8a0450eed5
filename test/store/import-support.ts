/**
 * The ERP import service on a real store, driven the way the screen drives it: the file goes up
 * in pieces through the commands (dispatch: zod in and out, errors as data), then preview and apply.
 */
import type { EventName, EventPayload } from '../../shared/contract';
import { IMPORT_CHUNK_BYTES, type ImportFile, type ImportPreview, type ImportResult } from '../../shared/contract/import';
import type { ColumnMapping } from '../../shared/import/parse';
import type { PlanChoice } from '../../shared/import/diff';
import { dispatch, type HandlerTable } from '../../electron/host/dispatch';
import { createImportService, importHandlers, type ImportMeasure } from '../../electron/host/services/import/service';
import type { TestStore } from './support';

export type Progress = EventPayload<'import.progress'>;

export function createImporter(t: TestStore, opts: { measure?: (phase: ImportMeasure, ms: number) => void; onProgress?: (p: Progress) => void } = {}) {
  const progress: Progress[] = [];
  const service = createImportService({
    db: t.store.db,
    engine: t.store.engine,
    mutate: t.mutate,
    clock: t.clock,
    measure: opts.measure,
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      if (event !== 'import.progress') return;
      progress.push(payload as Progress);
      opts.onProgress?.(payload as Progress);
    },
  });
  const handlers = importHandlers(service) as unknown as HandlerTable;
  /** A command as the renderer sends it: a Failure comes back as data, thrown here with its code. */
  async function call<T>(name: string, input: unknown): Promise<T> {
    const result = await dispatch(handlers, name, input);
    if (!result.ok) throw Object.assign(new Error(result.message), { code: result.code, fields: result.fields });
    return result.data as T;
  }

  async function upload(bytes: Uint8Array, fileName: string, chunk = IMPORT_CHUNK_BYTES): Promise<ImportFile> {
    const { sessionId } = await call<{ sessionId: string }>('import.open', { fileName, size: bytes.length });
    let file: ImportFile | null = null;
    for (let offset = 0; offset < bytes.length || offset === 0; offset += chunk) {
      const piece = bytes.subarray(offset, offset + chunk);
      const last = offset + chunk >= bytes.length;
      ({ file } = await call<{ file: ImportFile | null }>('import.upload', { sessionId, offset, data: Buffer.from(piece).toString('base64'), last }));
      if (last) break;
    }
    return file!;
  }

  const preview = (file: Pick<ImportFile, 'sessionId' | 'mapping'>, plans?: Record<string, PlanChoice>, mapping?: ColumnMapping) =>
    call<ImportPreview>('import.preview', { sessionId: file.sessionId, mapping: mapping ?? file.mapping, ...(plans && { plans }) });

  const apply = (p: Pick<ImportPreview, 'sessionId' | 'previewId'>, lockedLinks?: 'keep' | 'remove') =>
    call<ImportResult>('import.apply', { sessionId: p.sessionId, previewId: p.previewId, ...(lockedLinks && { lockedLinks }) });

  /** The whole flow with the defaults the screen offers: the preset's mapping, the default plan choices. */
  async function importFile(bytes: Uint8Array, fileName = 'clientes.csv', opts: { plans?: Record<string, PlanChoice>; lockedLinks?: 'keep' | 'remove' } = {}) {
    const file = await upload(bytes, fileName);
    const p = await preview(file, opts.plans);
    const result = await apply(p, opts.lockedLinks);
    return { file, preview: p, result };
  }

  return { service, handlers, call, upload, preview, apply, importFile, progress };
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
