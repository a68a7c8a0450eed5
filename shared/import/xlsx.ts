/**
 * The first sheet of an XLSX export as the same ParsedFile a CSV gives: the header is the first
 * row with at least two filled cells (a report title above it is skipped), each data row keeps its
 * row number in the spreadsheet, cells become trimmed text.
 *
 * Runtime-neutral (the host reads files with it; the renderer's import worker did): it uses
 * read-excel-file's "/universal" entry, which takes an ArrayBuffer and is the one entry without
 * worker-f ("/browser" and "/web-worker" bring it in, to run code in blob: workers the CSP forbids).
 *
 * The archive is opened here, not by the library: zip.ts reads its directory, and only the parts
 * the library reads for sheet 1 are inflated (workbook, its relationships, the first sheet, shared
 * strings, styles), within the bounds of limits.ts; other sheets, pictures and whatever else an
 * archive holds are never inflated. They are handed to the library re-packed without compression
 * ("stored"), which fflate copies instead of inflating: the library's own unzip would inflate every
 * .xml entry, and inflates entries over 512 KB in a Web Worker made from a blob: URL, which the
 * app's CSP (script-src 'self') forbids and fflate never reports: the import would wait forever.
 */
import { zipSync } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { MAX_COLUMNS, MAX_ROWS, tooManyColumns, tooManyRows } from './limits';
import type { ParseOutcome, ParsedRow } from './parse';
import { entryTooLarge, inflatedTooLarge, listZip, readEntries, ZipProblem, type ZipEntry } from './zip';

/** A numeric cell as written in the file ("900001", "1.5", "1.2345678901E+10"): never through a float. */
class NumberCell {
  constructor(readonly raw: string) {}
}

/**
 * A number written in full, without exponent or thousands separators, with a decimal comma as the
 * office's Excel shows it: "9.00001E5" → "900001", "1.5" → "1,5". Exact: digits are moved, never
 * converted to a float. Ids, documents and phones are integers; a fraction is kept, not rounded.
 */
export function numberText(raw: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/.exec(raw.trim());
  if (!m || (m[2] === '' && !m[3])) return raw.trim();
  const [, sign, int, frac = '', exp = '0'] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  let whole = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
  let fraction = point <= 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  const text = fraction === '' ? whole : `${whole},${fraction}`;
  return sign === '-' && /[1-9]/.test(text) ? `-${text}` : text;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof NumberCell) return numberText(value.raw);
  if (value instanceof Date) return `${pad2(value.getUTCDate())}/${pad2(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  if (typeof value === 'boolean') return value ? 'sim' : 'não';
  return String(value).trim();
}

const xmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return xmlEntities[name] ?? whole;
    return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
  });

const attribute = (tag: string, name: RegExp) => name.exec(tag)?.[1];

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';

/**
 * What the library reads for sheet 1, resolved as it resolves it: the first <sheet> of the workbook
 * (its name, and its relationship's target), the shared strings and the styles.
 */
function firstSheetParts(files: Record<string, Uint8Array>) {
  const text = (name: string) => (files[name] ? new TextDecoder().decode(files[name]) : '');
  const sheetTag = /<(?:\w+:)?sheet\b[^>]*>/.exec(text(WORKBOOK))?.[0] ?? '';
  const name = attribute(sheetTag, /\bname="([^"]*)"/);
  const relationId = attribute(sheetTag, /\s\w+:id="([^"]*)"/);
  const targets = new Map<string, string>();
  let sharedStrings = 'xl/sharedStrings.xml';
  let styles = 'xl/styles.xml';
  for (const [tag] of text(WORKBOOK_RELS).matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const target = attribute(tag, /\bTarget="([^"]*)"/);
    if (target === undefined) continue;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const type = attribute(tag, /\bType="([^"]*)"/) ?? '';
    if (type.endsWith('/sharedStrings')) sharedStrings = path;
    else if (type.endsWith('/styles')) styles = path;
    const id = attribute(tag, /\bId="([^"]*)"/);
    if (id !== undefined) targets.set(id, path);
  }
  const sheet = relationId === undefined ? undefined : targets.get(relationId);
  return {
    sheetName: name === undefined ? 'Planilha1' : unescapeXml(name),
    paths: [sheet, sharedStrings, styles].filter((p): p is string => p !== undefined),
  };
}

export async function parseXlsx(bytes: Uint8Array, fileName: string): Promise<ParseOutcome> {
  const unreadable = {
    error: `Não consegui abrir a planilha "${fileName}": ela pode estar protegida por senha ou corrompida. Abra no Excel e salve de novo, ou exporte do ERP em CSV.`,
  };
  let entries: ZipEntry[];
  try {
    entries = listZip(bytes);
  } catch {
    return unreadable;
  }
  const names = entries.map((e) => e.name);
  if (!names.includes(WORKBOOK)) {
    const inside = names.find((name) => /\.(csv|txt|xlsx)$/i.test(name));
    if (inside) {
      return {
        error: `O arquivo "${fileName}" é um arquivo compactado (ZIP) com "${inside}" dentro. Extraia o conteúdo (no Windows: botão direito › Extrair tudo) e escolha o arquivo extraído.`,
      };
    }
    // Another Office or LibreOffice document (.docx, .ods) has one of these; a damaged file, none.
    if (names.includes('[Content_Types].xml') || names.includes('mimetype')) {
      return {
        error: `O arquivo "${fileName}" não é uma planilha .xlsx do Excel. Se for uma planilha de outro programa (como .ods do LibreOffice), abra e salve como .xlsx ou CSV; ou exporte do ERP em CSV.`,
      };
    }
    return unreadable;
  }

  let files: Record<string, Uint8Array>;
  let sheetName: string;
  try {
    const budget = { used: 0 };
    const workbook = readEntries(bytes, entries, [WORKBOOK, WORKBOOK_RELS], budget);
    const parts = firstSheetParts(workbook);
    sheetName = parts.sheetName;
    files = { ...workbook, ...readEntries(bytes, entries, parts.paths, budget) };
  } catch (err) {
    if (!(err instanceof ZipProblem)) throw err;
    if (err.kind === 'entry-too-large') return { error: entryTooLarge(fileName, err.entry ?? '') };
    if (err.kind === 'too-large') return { error: inflatedTooLarge(fileName) };
    if (err.kind === 'encrypted') {
      return {
        error: `A planilha "${fileName}" está protegida por senha. Abra no Excel com a senha, salve uma cópia sem senha e escolha essa cópia, ou exporte do ERP em CSV.`,
      };
    }
    return unreadable;
  }
  let data: unknown[][];
  try {
    const stored = zipSync(files, { level: 0 });
    data = await readSheet<NumberCell>(stored.buffer as ArrayBuffer, 1, { parseNumber: (raw) => new NumberCell(raw) });
  } catch {
    return unreadable;
  }

  const sheet = `primeira aba ("${sheetName}") da planilha "${fileName}"`;
  const texts = data.map((row) => row.map(cellText));
  const filled = (row: string[]) => row.filter((t) => t !== '').length;
  if (!texts.some((row) => filled(row) > 0)) {
    return { error: `A ${sheet} está vazia. Coloque os clientes na primeira aba, com a linha de títulos no topo, salve e escolha o arquivo de novo.` };
  }
  // The header is the first row with at least two titles: a report's title line above it is skipped.
  const headerIndex = texts.findIndex((row) => filled(row) >= 2);
  if (headerIndex < 0) {
    return {
      error: `Não encontrei colunas na ${sheet}: uma linha deve ter os títulos das colunas (id_cliente_servico, nome_razaosocial, cpf_cnpj…), um em cada coluna, com os clientes embaixo.`,
    };
  }
  // Up to the last title: cells further right are never read (and a stray cell far right does not widen it).
  let width = texts[headerIndex].length;
  while (width > 0 && texts[headerIndex][width - 1] === '') width--;
  if (width > MAX_COLUMNS) return { error: tooManyColumns(fileName, width) };
  const headers = texts[headerIndex].slice(0, width);
  const rows: ParsedRow[] = [];
  for (let i = headerIndex + 1; i < texts.length; i++) {
    const cells = texts[i].length > width ? texts[i].slice(0, width) : texts[i];
    if (cells.every((t) => t === '')) continue;
    if (rows.length >= MAX_ROWS) return { error: tooManyRows(fileName) };
    const numeric = data[i].flatMap((value, index) => (value instanceof NumberCell && index < width ? [index] : []));
    // The library gives one array per spreadsheet row from row 1: index 0 is row 1.
    rows.push(numeric.length > 0 ? { line: i + 1, cells, numeric } : { line: i + 1, cells });
  }
  if (rows.length === 0) {
    return {
      error: `A ${sheet} só tem a linha de títulos: não há clientes para importar. Se os clientes estão em outra aba, mova essa aba para o início, salve e escolha o arquivo de novo.`,
    };
  }
  return { fileName, format: 'xlsx', sheetName, headers, rows };
}
