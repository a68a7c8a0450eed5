/**
 * Reading an ERP export: bytes → text (encoding detected) → rows (delimiter detected) → columns
 * mapped to the fields the import knows. Pure: no Dexie, no React.
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

export type ParsedFile = {
  fileName: string;
  encoding: Encoding;
  delimiter: Delimiter;
  headers: string[];
  /** Data rows, cells trimmed; `line` is the line number in the file (header = 1). */
  rows: { line: number; cells: string[] }[];
};

export function parseCsv(bytes: Uint8Array, fileName: string): ParsedFile | { error: string } {
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
