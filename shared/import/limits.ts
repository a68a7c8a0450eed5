/**
 * The bounds of an ERP import, in one place: an export of 100,000 services is 15–25 MB of CSV or a
 * few MB of XLSX; these leave room for several times that and refuse what would exhaust memory
 * (issue 10: a 1 GB-inflating XLSX took +4 GB, a 1,000,000-column header 5.7 GB). Each refusal
 * says, in Portuguese, what to do instead.
 */

const MB = 1024 * 1024;

/** The file as chosen (CSV or XLSX). */
export const MAX_FILE_BYTES = 64 * MB;
/** Columns of the header line (up to its last title); cells further right are never read. */
export const MAX_COLUMNS = 200;
/** Data lines of one file. */
export const MAX_ROWS = 500_000;
/** XLSX: one entry of the archive, inflated. */
export const MAX_ENTRY_BYTES = 100 * MB;
/** XLSX: the entries read, inflated, together. */
export const MAX_INFLATED_BYTES = 200 * MB;

/** 67.108.864 bytes → "64 MB" (pt-BR digits). */
export function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${mb >= 10 ? Math.round(mb).toLocaleString('pt-BR') : mb.toLocaleString('pt-BR', { maximumFractionDigits: 1 })} MB`;
}

export const tooLargeFile = (fileName: string, size: number) =>
  `O arquivo "${fileName}" tem ${megabytes(size)}, acima do limite de ${megabytes(MAX_FILE_BYTES)} do SVA Desk. ` +
  'Exporte os clientes do ERP em partes (por exemplo, por cidade ou por plano) e importe um arquivo de cada vez.';

export const tooManyColumns = (fileName: string, columns: number) =>
  `A linha de títulos do arquivo "${fileName}" tem ${columns.toLocaleString('pt-BR')} colunas; o SVA Desk lê até ${MAX_COLUMNS}. ` +
  'Confira se o separador do arquivo é ponto e vírgula, vírgula ou tabulação, ou exporte do ERP só as colunas dos clientes e serviços.';

export const tooManyRows = (fileName: string) =>
  `O arquivo "${fileName}" tem mais de ${MAX_ROWS.toLocaleString('pt-BR')} linhas de dados. Exporte os clientes do ERP em partes (por exemplo, por cidade ou por plano) e importe um arquivo de cada vez.`;
