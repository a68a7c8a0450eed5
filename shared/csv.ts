/**
 * The one CSV writer of every export (ERP files, rejected lines, the Histórico): `;`-delimited,
 * CRLF, quoted by papaparse where needed, and every cell that a spreadsheet would read as a formula
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
const options = { delimiter: ';', newline: CSV_NEWLINE } as const;

/** A whole file: the header line and the rows, every cell escaped. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return Papa.unparse({ fields: header.map(csvCell), data: rows.map((r) => r.map(csvCell)) }, options);
}

/**
 * Rows without the header, for a file written page by page: each page's text ends with a newline,
 * so pages are concatenated as they come (toCsv(header, []) + CSV_NEWLINE starts the file).
 */
export function csvLines(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  return Papa.unparse(rows.map((r) => r.map(csvCell)), options) + CSV_NEWLINE;
}
