/**
 * The one CSV writer of every export (ERP files, rejected lines, the Histórico, Cobrança): `;`-delimited
 * by default, CRLF, quoted by papaparse where needed, and every cell that a spreadsheet would read as a formula
 * made text (CSV injection, OWASP): a leading = + - @ tab or carriage return gets a `'` before it.
 * Saved as UTF-8 with BOM by whoever writes the file, so Excel (pt-BR) opens accents right.
 */
import Papa from 'papaparse';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as text a spreadsheet never evaluates: "=HYPERLINK(...)" → "'=HYPERLINK(...)". */
export function csvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export const CSV_NEWLINE = '\r\n';

/**
 * `;` by default (Excel pt-BR); `,` for a file a program reads. `numeric`: the columns holding
 * numbers the program wrote itself: a cell there that is only a number ("-12,50", "-0.32") stays a
 * number (a negative adjustment must not become text); anything else in it is escaped as usual.
 */
export type CsvOptions = { delimiter?: ';' | ','; numeric?: readonly number[] };

const NUMBER = /^-?\d+(?:[.,]\d+)?$/;

function escapeRow(row: readonly string[], numeric: ReadonlySet<number> | undefined): string[] {
  return row.map((v, i) => (numeric?.has(i) && NUMBER.test(v) ? v : csvCell(v)));
}

const papaOptions = (o: CsvOptions) => ({ delimiter: o.delimiter ?? ';', newline: CSV_NEWLINE });

/** A whole file: the header line and the rows, every cell escaped. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[], o: CsvOptions = {}): string {
  const numeric = o.numeric && new Set(o.numeric);
  return Papa.unparse({ fields: header.map(csvCell), data: rows.map((r) => escapeRow(r, numeric)) }, papaOptions(o));
}

/**
 * Rows without the header, for a file written page by page: each page's text ends with a newline,
 * so pages are concatenated as they come (toCsv(header, []) + CSV_NEWLINE starts the file).
 */
export function csvLines(rows: readonly (readonly string[])[], o: CsvOptions = {}): string {
  if (rows.length === 0) return '';
  const numeric = o.numeric && new Set(o.numeric);
  return Papa.unparse(rows.map((r) => escapeRow(r, numeric)), papaOptions(o)) + CSV_NEWLINE;
}
