/**
 * The reading side of an import, the same in the import worker and on the page: it parses a file,
 * keeps its rows, and validates them against a column mapping. Pure: no Dexie, no React, no DOM.
 */
import { parseFile, type ColumnMapping, type FileFormat, type ParsedFile } from '../../../shared/import/parse';
import { validateRows, type Validation } from '../../../shared/import/validate';

/** What the page keeps of a parsed file: everything but the rows, which stay with the reader. */
export type FileSummary = { fileName: string; headers: string[]; rowCount: number; firstRow: string[] } & FileFormat;
export type ParseResult = FileSummary | { error: string };

export type ReaderAsk = { kind: 'parse'; bytes: Uint8Array; fileName: string } | { kind: 'validate'; mapping: ColumnMapping };
export type ReaderRequest = { id: number } & ReaderAsk;
export type ReaderReply = { id: number } & ({ kind: 'parsed'; result: ParseResult } | { kind: 'validated'; validation: Validation } | { kind: 'failed'; message: string });

export function summarize(file: ParsedFile): FileSummary {
  const { rows, ...rest } = file;
  return { ...rest, rowCount: rows.length, firstRow: rows[0]?.cells ?? [] };
}

/**
 * The reader's state machine, the same in the worker and on the page: the last parsed file.
 * Reading an XLSX is asynchronous, so requests run one after the other, in the order they came:
 * a validation never sees a half-read file, and the file kept is the one read last.
 */
export function createFileHolder() {
  let file: ParsedFile | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(task: () => T | Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    parse: (bytes: Uint8Array, fileName: string): Promise<ParseResult> =>
      inTurn(async () => {
        file = null;
        const parsed = await parseFile(bytes, fileName);
        if ('error' in parsed) return parsed;
        file = parsed;
        return summarize(parsed);
      }),
    validate: (mapping: ColumnMapping): Promise<Validation> =>
      inTurn(() => {
        if (!file) throw new Error('Nenhum arquivo lido: escolha o arquivo de novo.');
        return validateRows(file, mapping);
      }),
  };
}
