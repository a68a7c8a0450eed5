/**
 * Reading an ERP export: bytes → kind of file (by content, not by name) → a CSV's text (encoding
 * detected) and rows (delimiter detected), or an XLSX's first sheet (xlsx.ts) → columns mapped to
 * the fields the import knows. Pure: no Dexie, no React.
 */
import Papa from 'papaparse';
import { fold } from '../../../shared/domain/text';

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

/** The candidate that splits the header line into the most columns; `;` wins ties (Excel pt-BR). */
export function detectDelimiter(text: string): Delimiter {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  let best: Delimiter = ';';
  let bestCount = 0;
  for (const d of [';', '\t', ','] as Delimiter[]) {
    const count = outsideQuotes(firstLine).split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

const outsideQuotes = (line: string) => line.replace(/"[^"]*"/g, '');

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

export function parseCsv(bytes: Uint8Array, fileName: string): CsvFile | { error: string } {
  const { text, encoding } = decodeBytes(bytes);
  if (text.trim() === '') return { error: `O arquivo "${fileName}" está vazio. Exporte de novo do ERP e escolha o arquivo gerado.` };
  const delimiter = detectDelimiter(text);
  const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' });
  const [header, ...data] = result.data;
  if (!header || header.length < 2) {
    return { error: `Não encontrei colunas no arquivo "${fileName}". Use um CSV separado por ponto e vírgula, vírgula ou tabulação, com a linha de títulos no topo.` };
  }
  if (data.length === 0) {
    return { error: `O arquivo "${fileName}" só tem a linha de títulos: não há clientes para importar.` };
  }
  return {
    fileName,
    format: 'csv',
    encoding,
    delimiter,
    headers: header.map((h) => h.trim()),
    rows: data.map((cells, i) => ({ line: i + 2, cells: cells.map((c) => c.trim()) })),
  };
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

// HubSoft's export column names (and the spellings its reports print), in order of preference.
const hubsoft: Record<MappingField, string[]> = {
  serviceId: ['id_cliente_servico'],
  customerCode: ['codigo_cliente', 'cod_cliente', 'id_cliente'],
  name: ['nome_razaosocial', 'nome_razao_social', 'razao_social', 'nome'],
  document: ['cpf_cnpj', 'cnpj_cpf'],
  emails: ['email_principal', 'email', 'email_secundario', 'emails'],
  phones: ['celular', 'telefone_primario', 'telefone_secundario', 'telefone', 'telefones', 'celular_secundario'],
  plan: ['servico', 'plano', 'nome_servico', 'descricao_servico'],
  // status_prefixo is unambiguous; the printed status is the fallback
  status: ['status_prefixo', 'status', 'status_servico'],
};

/** The HubSoft preset: each field from the HubSoft column of that name, when the file has it. */
export function hubsoftMapping(headers: string[]): ColumnMapping {
  const keys = headers.map(headerKey);
  const first = (names: string[]) => {
    for (const n of names) {
      const i = keys.indexOf(n);
      if (i >= 0) return i;
    }
    return null;
  };
  const all = (names: string[]) => names.map((n) => keys.indexOf(n)).filter((i) => i >= 0);
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
