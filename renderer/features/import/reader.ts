/**
 * Parsing and validating a 100k-line ERP export takes seconds of CPU: it runs in a Web Worker so
 * the window keeps repainting and answering clicks. The worker keeps the parsed rows; the page
 * holds a summary of the file (headers, count, first line) and gets back only the validation.
 * Where there is no Worker (the component tests' DOM) or the worker cannot start, the same pure
 * functions run on the page.
 */
import type { ColumnMapping } from '../../../shared/import/parse';
import type { Validation } from '../../../shared/import/validate';
import { createFileHolder, type ParseResult, type ReaderAsk, type ReaderReply, type ReaderRequest } from './file-holder';

type Pending = { resolve: (reply: ReaderReply) => void; reject: (error: Error) => void };

export type ImportReader = {
  parse(bytes: Uint8Array, fileName: string): Promise<ParseResult>;
  validate(mapping: ColumnMapping): Promise<Validation>;
};

/** A reader backed by the import worker, falling back to the page when the worker cannot run. */
export function createImportReader(): ImportReader {
  const inline = createFileHolder();
  let worker: Worker | null = null;
  let broken = typeof Worker === 'undefined';
  // The bytes of the last file, so the page can take over if the worker dies after reading it.
  let lastFile: { bytes: Uint8Array; fileName: string } | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const start = (): Worker | null => {
    if (broken) return null;
    if (worker) return worker;
    try {
      worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'sva-import' });
    } catch {
      broken = true;
      return null;
    }
    worker.onmessage = (e: MessageEvent<ReaderReply>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      p?.resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      broken = true;
      worker?.terminate();
      worker = null;
      const failed = [...pending.values()];
      pending.clear();
      failed.forEach((p) => p.reject(new Error('worker unavailable')));
    };
    return worker;
  };

  const ask = (request: ReaderAsk): Promise<ReaderReply> | null => {
    const w = start();
    if (!w) return null;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ ...request, id } as ReaderRequest);
    });
  };

  const failure = (reply: ReaderReply) => new Error(reply.kind === 'failed' ? reply.message : `resposta inesperada: ${reply.kind}`);

  return {
    async parse(bytes, fileName) {
      lastFile = { bytes, fileName };
      const reply = await ask({ kind: 'parse', bytes, fileName })?.catch(() => null);
      if (!reply) return inline.parse(bytes, fileName);
      if (reply.kind !== 'parsed') throw failure(reply);
      return reply.result;
    },
    async validate(mapping) {
      const reply = await ask({ kind: 'validate', mapping })?.catch(() => null);
      if (!reply) {
        if (lastFile) await inline.parse(lastFile.bytes, lastFile.fileName);
        return inline.validate(mapping);
      }
      if (reply.kind !== 'validated') throw failure(reply);
      return reply.validation;
    },
  };
}
