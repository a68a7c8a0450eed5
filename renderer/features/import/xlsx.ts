/**
 * The first sheet of an XLSX export as the same ParsedFile a CSV gives: the header is the first
 * row with at least two filled cells (a report title above it is skipped), each data row keeps its
 * row number in the spreadsheet, cells become trimmed text.
 *
 * It runs where parse.ts runs: in the import worker, or on the page when there is no worker. So it
 * uses read-excel-file's "/universal" entry: it takes an ArrayBuffer, runs under Node for the tests
 * too, and is the one entry without worker-f ("/browser" and "/web-worker" bring it in, to run code
 * in workers made from blob: URLs; we already read off the main thread, and the CSP forbids those).
 *
 * One catch, the reason this file unzips first: the library unzips with fflate's asynchronous
 * unzip(), which inflates every entry over 512 KB (the sheet of a few thousand customers) in a Web
 * Worker made from a blob: URL. The app's CSP (script-src 'self') forbids blob: workers, and fflate
 * listens for no error from that worker: the import would wait forever. So the archive is unzipped
 * here, synchronously, and handed to the library re-packed without compression ("stored"), which
 * fflate copies instead of inflating. It costs one extra copy of the sheet's XML in memory.
 */
import { unzipSync, zipSync, type Unzipped } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import type { ParseOutcome, ParsedRow } from './parse';

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

/** The name of the first sheet in the workbook's order, the one the library reads as sheet 1. */
function firstSheetName(entries: Unzipped): string {
  const workbook = new TextDecoder().decode(entries['xl/workbook.xml']);
  const name = /<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/.exec(workbook)?.[1];
  return name === undefined ? 'Planilha1' : unescapeXml(name);
}

export async function parseXlsx(bytes: Uint8Array, fileName: string): Promise<ParseOutcome> {
  const unreadable = {
    error: `Não consegui abrir a planilha "${fileName}": ela pode estar protegida por senha ou corrompida. Abra no Excel e salve de novo, ou exporte do ERP em CSV.`,
  };
  const names: string[] = [];
  let entries: Unzipped;
  try {
    // Only what the library reads (.xml and .xml.rels, as its own filter): no pictures.
    entries = unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return f.name.endsWith('.xml') || f.name.endsWith('.xml.rels');
      },
    });
  } catch {
    return unreadable;
  }
  if (!entries['xl/workbook.xml']) {
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
  const sheetName = firstSheetName(entries);
  let data: unknown[][];
  try {
    const stored = zipSync(entries, { level: 0 });
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
  const headers = texts[headerIndex];
  const rows: ParsedRow[] = [];
  for (let i = headerIndex + 1; i < texts.length; i++) {
    const cells = texts[i];
    if (cells.every((t) => t === '')) continue;
    const numeric = data[i].flatMap((value, index) => (value instanceof NumberCell ? [index] : []));
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
