/**
 * The reading side of an import, the same in the import worker and on the page: it parses a file,
 * keeps its rows, and validates them against a column mapping. Pure: no Dexie, no React, no DOM.
 */
import { parseCsv, type ColumnMapping, type ParsedFile } from './parse';
import { validateRows, type Validation } from './validate';

/** What the page keeps of a parsed file: everything but the rows, which stay with the reader. */
export type FileSummary = Omit<ParsedFile, 'rows'> & { rowCount: number; firstRow: string[] };
export type ParseResult = FileSummary | { error: string };

export type ReaderAsk = { kind: 'parse'; bytes: Uint8Array; fileName: string } | { kind: 'validate'; mapping: ColumnMapping };
export type ReaderRequest = { id: number } & ReaderAsk;
export type ReaderReply = { id: number } & ({ kind: 'parsed'; result: ParseResult } | { kind: 'validated'; validation: Validation } | { kind: 'failed'; message: string });

export function summarize(file: ParsedFile): FileSummary {
  const { rows, ...rest } = file;
  return { ...rest, rowCount: rows.length, firstRow: rows[0]?.cells ?? [] };
}

/** The reader's state machine, the same in the worker and on the page: the last parsed file. */
export function createFileHolder() {
  let file: ParsedFile | null = null;
  return {
    parse(bytes: Uint8Array, fileName: string): ParseResult {
      const parsed = parseCsv(bytes, fileName);
      file = 'error' in parsed ? null : parsed;
      return 'error' in parsed ? parsed : summarize(parsed);
    },
    validate(mapping: ColumnMapping): Validation {
      if (!file) throw new Error('Nenhum arquivo lido: escolha o arquivo de novo.');
      return validateRows(file, mapping);
    },
  };
}
