/**
 * Reading an ERP export: bytes → kind of file (by content, not by name) → a CSV's text (encoding
 * detected) and rows (delimiter detected), or an XLSX's first sheet (xlsx.ts) → columns mapped to
 * the fields the import knows. Pure and runtime-neutral: the host reads files with it, and the
 * renderer's import worker did before it (no Dexie, no React, no Node).
 *
 * Bounds (limits.ts) are checked before the work they protect: the header's width before any data
 * line is split, the line count while splitting, and a quote left open stops the reading with the
 * line where it opened (papaparse would otherwise take the rest of the file as one cell).
 */
import Papa from 'papaparse';
import { fold } from '../domain/text';
import { MAX_COLUMNS, MAX_ROWS, tooManyColumns, tooManyRows } from './limits';

export type Encoding = 'utf-8' | 'windows-1252';
export type Delimiter = ';' | ',' | '\t';

export const delimiterNames: Record<Delimiter, string> = { ';': 'ponto e vírgula (;)', ',': 'vírgula (,)', '\t': 'tabulação' };
export const encodingNames: Record<Encoding, string> = { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252 (ANSI)' };

/**
 * UTF-8 (with or without BOM) when the bytes are valid UTF-8; otherwise Windows-1252, the ANSI
 * code page ERPs on Windows still export in (a "ç" there is one byte, invalid as UTF-8).
 */
export function decodeBytes(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes);
    if (!text.includes('\uFFFD')) return { text, encoding: 'utf-8' };
  } catch {
    // not UTF-8: fall through to the ANSI code page
  }
  return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
}

/** Where the header line starts: the first line with something other than spaces on it. */
function headerStart(text: string): number {
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') start = i + 1;
    else if (ch !== '\r' && ch !== ' ' && ch !== '\t') return start;
  }
  return start;
}

/** The candidate that splits the header line into the most columns; `;` wins ties (Excel pt-BR). */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  // One pass over the header line outside quotes: no array of cells, whatever its width.
  for (let i = headerStart(text); i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') break;
    else if (ch === ';' || ch === '\t' || ch === ',') counts[ch]++;
  }
  let best: Delimiter = ';';
  for (const d of [';', '\t', ','] as Delimiter[]) if (counts[d] > counts[best]) best = d;
  return best;
}

/**
 * Columns of the header line up to its last title (trailing empty cells do not count), scanned
 * character by character before anything is split: a header of a million columns is refused in
 * milliseconds instead of being parsed (issue 10: 5.7 GB and a hung tab). Lines with no title
 * (blank, or only separators) before it are skipped, as the parser skips them.
 */
export function headerWidth(text: string, delimiter: Delimiter): number {
  let column = 1;
  let lastTitled = 0;
  let quoted = false;
  let filled = false;
  for (let i = headerStart(text); i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      quoted = !quoted;
      filled = true;
    } else if (quoted) filled = true;
    else if (ch === delimiter) {
      if (filled) lastTitled = column;
      column++;
      filled = false;
    } else if (ch === '\n' || ch === '\r') {
      if (filled) lastTitled = column;
      if (lastTitled > 0) return lastTitled;
      column = 1;
    } else if (ch !== ' ' && ch !== '\t') filled = true;
  }
  return filled ? column : lastTitled;
}

/** What kind of file it was: encoding and delimiter mean something for a CSV only. */
export type FileFormat = { format: 'csv'; encoding: Encoding; delimiter: Delimiter } | { format: 'xlsx'; sheetName: string };

export type ParsedRow = {
  /** The line in the file (header = 1 in a CSV), or the row number in the spreadsheet. */
  line: number;
  /** Cells as trimmed text. */
  cells: string[];
  /** XLSX only: indexes of the cells that were numbers in the spreadsheet (see validate.ts, CPF/CNPJ). */
  numeric?: number[];
};

export type ParsedFile = { fileName: string; headers: string[]; rows: ParsedRow[] } & FileFormat;
export type CsvFile = Extract<ParsedFile, { format: 'csv' }>;
export type ParseOutcome = ParsedFile | { error: string };

/** The file as the columns step names it, e.g. "Windows-1252 (ANSI) · separado por vírgula (,)". */
export function describeFormat(file: FileFormat): string {
  return file.format === 'csv'
    ? `${encodingNames[file.encoding]} · separado por ${delimiterNames[file.delimiter]}`
    : `planilha do Excel (primeira aba: ${file.sheetName})`;
}

export type FileKind = 'csv' | 'xlsx' | 'xls' | 'encrypted-office' | 'pdf' | 'utf-16' | 'markup' | 'binary';

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const utf16le = (text: string) => Uint8Array.from([...text].flatMap((ch) => [ch.charCodeAt(0), 0]));

function contains(bytes: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = bytes.indexOf(needle[0]); i >= 0 && i <= bytes.length - needle.length; i = bytes.indexOf(needle[0], i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * The kind of file by its first bytes, whatever its name says: a clerk renames files, and some ERPs
 * save HTML or CSV with an .xls name.
 */
export function sniff(bytes: Uint8Array): FileKind {
  // A ZIP archive (an .xlsx is one): local file header, or the end record of an empty archive.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'xlsx';
  // OLE2 compound file: an Excel 97–2003 .xls, or an .xlsx encrypted with a password (Office wraps
  // those in OLE2, with an "EncryptedPackage" stream whose name is stored in UTF-16).
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return contains(bytes, utf16le('EncryptedPackage')) ? 'encrypted-office' : 'xls';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf'; // %PDF
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return 'utf-16'; // Excel's "Texto Unicode"
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return 'binary';
  const start = new TextDecoder('utf-8').decode(head.subarray(0, 256)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<(!doctype|html|\?xml|table)/.test(start)) return 'markup';
  return 'csv';
}

const notReadable = (fileName: string, what: string) =>
  `O arquivo "${fileName}" não é um CSV nem uma planilha .xlsx (${what}). Exporte os clientes do ERP em CSV ou XLSX e escolha esse arquivo.`;

/**
 * Any ERP export the import reads: a CSV (or .txt) or the first sheet of an XLSX, told apart by
 * content. Async because the XLSX reader is; the XLSX code is loaded only when a spreadsheet comes.
 */
export async function parseFile(bytes: Uint8Array, fileName: string): Promise<ParseOutcome> {
  switch (sniff(bytes)) {
    case 'csv':
      return parseCsv(bytes, fileName);
    case 'xlsx':
      return (await import('./xlsx')).parseXlsx(bytes, fileName);
    case 'xls':
      return { error: `Arquivos .xls (Excel 97–2003) não são lidos: abra "${fileName}" no Excel e salve como .xlsx ou CSV.` };
    case 'encrypted-office':
      return {
        error: `A planilha "${fileName}" está protegida por senha. Abra no Excel com a senha, salve uma cópia sem senha e escolha essa cópia, ou exporte do ERP em CSV.`,
      };
    case 'pdf':
      return { error: notReadable(fileName, 'é um PDF') };
    case 'utf-16':
      return {
        error: `O arquivo "${fileName}" foi salvo como Texto Unicode (UTF-16), que o SVA Desk não lê. No Excel, salve como "CSV UTF-8" ou como .xlsx e escolha o arquivo novo.`,
      };
    case 'markup':
      return {
        error: `O arquivo "${fileName}" é, por dentro, uma página HTML ou XML (alguns ERPs exportam assim), e não um CSV nem uma planilha .xlsx. Abra no Excel e salve como .xlsx ou CSV.`,
      };
    case 'binary':
      return { error: notReadable(fileName, 'parece um documento, uma imagem ou um programa') };
  }
}

/** Where a quoted cell opened: papaparse's error index is the character after the opening quote. */
const lineAt = (text: string, index: number) => {
  let line = 1;
  for (let p = text.indexOf('\n'); p !== -1 && p < index; p = text.indexOf('\n', p + 1)) line++;
  return line;
};

const openQuote = (fileName: string, line: number) =>
  `O arquivo "${fileName}" tem aspas (") abertas na linha ${line.toLocaleString('pt-BR')} que não se fecham: o resto do arquivo viraria uma célula só. ` +
  'Abra o arquivo no Excel ou no Bloco de Notas, corrija as aspas dessa linha (ou exporte de novo do ERP) e escolha o arquivo outra vez. Nada foi importado.';

export function parseCsv(bytes: Uint8Array, fileName: string): CsvFile | { error: string } {
  const { text, encoding } = decodeBytes(bytes);
  if (text.trim() === '') return { error: `O arquivo "${fileName}" está vazio. Exporte de novo do ERP e escolha o arquivo gerado.` };
  const delimiter = detectDelimiter(text);
  const width = headerWidth(text, delimiter);
  if (width > MAX_COLUMNS) return { error: tooManyColumns(fileName, width) };

  let headers: string[] | null = null;
  const rows: ParsedRow[] = [];
  let failure: string | null = null;
  // Line numbers from the parser's cursor: a quoted cell may hold line breaks, and blank lines are skipped.
  let line = 1;
  let cursor = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    step(result, parser) {
      const rowLine = line;
      const end = result.meta.cursor;
      for (let p = text.indexOf('\n', cursor); p !== -1 && p < end; p = text.indexOf('\n', p + 1)) line++;
      cursor = end;
      const quote = result.errors.find((e) => e.code === 'MissingQuotes' || (e.code === 'InvalidQuotes' && result.data.some((c) => /[\r\n]/.test(c))));
      if (quote) {
        failure = openQuote(fileName, quote.index === undefined ? rowLine : lineAt(text, quote.index - 1));
        parser.abort();
        return;
      }
      const cells = result.data;
      if (cells.length > width) cells.length = width;
      let blank = true;
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i].trim();
        cells[i] = c;
        if (c !== '') blank = false;
      }
      if (blank) return;
      if (!headers) {
        headers = cells;
        return;
      }
      if (rows.length >= MAX_ROWS) {
        failure = tooManyRows(fileName);
        parser.abort();
        return;
      }
      rows.push({ line: rowLine, cells });
    },
  });
  if (failure) return { error: failure };
  const header = headers as string[] | null;
  if (!header || header.length < 2) {
    return { error: `Não encontrei colunas no arquivo "${fileName}". Use um CSV separado por ponto e vírgula, vírgula ou tabulação, com a linha de títulos no topo.` };
  }
  if (rows.length === 0) {
    return { error: `O arquivo "${fileName}" só tem a linha de títulos: não há clientes para importar.` };
  }
  return { fileName, format: 'csv', encoding, delimiter, headers: header, rows };
}

/** The fields of an import row and the column(s) each one comes from (indexes into headers). */
export type ColumnMapping = {
  serviceId: number | null;
  customerCode: number | null;
  name: number | null;
  document: number | null;
  emails: number[];
  phones: number[];
  plan: number | null;
  status: number | null;
};

export type MappingField = keyof ColumnMapping;

export const fieldLabels: Record<MappingField, string> = {
  serviceId: 'Código do serviço (id_cliente_servico)',
  customerCode: 'Código do cliente',
  name: 'Nome / razão social',
  document: 'CPF/CNPJ',
  emails: 'E-mail(s)',
  phones: 'Telefone(s) / celular',
  plan: 'Serviço/Plano',
  status: 'Status do serviço',
};

export const requiredFields: MappingField[] = ['serviceId', 'name', 'document', 'plan', 'status'];

export const emptyMapping = (): ColumnMapping => ({
  serviceId: null,
  customerCode: null,
  name: null,
  document: null,
  emails: [],
  phones: [],
  plan: null,
  status: null,
});

/** Header text compared without case, accents or punctuation: "Nome/Razão Social" = nome_razao_social. */
export function headerKey(header: string): string {
  return fold(header)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Also without the little words de/do/da: "Código do Serviço", "codigo_servico", "CÓDIGO-SERVIÇO" → "codigoservico". */
export function columnKey(header: string): string {
  return headerKey(header)
    .split('_')
    .filter((w) => !['de', 'do', 'da', 'dos', 'das'].includes(w))
    .join('');
}

// HubSoft's export column names (and the spellings its reports print), in order of preference.
const hubsoft: Record<MappingField, string[]> = {
  serviceId: ['id_cliente_servico', 'id_servico', 'codigo_servico'],
  customerCode: ['codigo_cliente', 'cod_cliente', 'id_cliente'],
  name: ['nome_razaosocial', 'nome_razao_social', 'razao_social', 'nome'],
  document: ['cpf_cnpj', 'cnpj_cpf', 'documento'],
  emails: ['email_principal', 'email', 'email_secundario', 'emails'],
  phones: ['celular', 'telefone_primario', 'telefone_secundario', 'telefone', 'telefones', 'celular_secundario'],
  plan: ['servico', 'plano', 'nome_servico', 'descricao_servico'],
  // status_prefixo is unambiguous; the printed status is the fallback
  status: ['status_prefixo', 'status', 'status_servico'],
};

/** The HubSoft preset: each field from the HubSoft column of that name, when the file has it. */
export function hubsoftMapping(headers: string[]): ColumnMapping {
  const keys = headers.map(columnKey);
  const first = (names: string[]) => {
    for (const n of names.map(columnKey)) {
      const i = keys.indexOf(n);
      if (i >= 0) return i;
    }
    return null;
  };
  const all = (names: string[]) => names.map((n) => keys.indexOf(columnKey(n))).filter((i) => i >= 0);
  return {
    serviceId: first(hubsoft.serviceId),
    customerCode: first(hubsoft.customerCode),
    name: first(hubsoft.name),
    document: first(hubsoft.document),
    emails: all(hubsoft.emails),
    phones: all(hubsoft.phones),
    plan: first(hubsoft.plan),
    status: first(hubsoft.status),
  };
}

/** True when the file looks like a HubSoft export (its id_cliente_servico and cpf_cnpj columns). */
export function looksLikeHubsoft(headers: string[]): boolean {
  const m = hubsoftMapping(headers);
  return m.serviceId !== null && m.document !== null;
}

export function missingFields(mapping: ColumnMapping): MappingField[] {
  return requiredFields.filter((f) => mapping[f] === null);
}
