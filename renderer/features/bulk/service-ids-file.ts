/**
 * A file of id_cliente_servico (CSV or XLSX, as the ERP exports them), read with the import's own
 * parser (shared/import): the column named id_cliente_servico, or the first one.
 */
import { MAX_FILE_IDS } from '../../../shared/contract';
import { decodeBytes, hubsoftMapping, parseFile, sniff } from '../../../shared/import/parse';

export type ServiceIdsFile = { fileName: string; column: string; serviceIds: string[]; lines: number[] } | { error: string };

export async function readServiceIds(bytes: Uint8Array, fileName: string): Promise<ServiceIdsFile> {
  const parsed = await parseFile(bytes, fileName);
  if ('error' in parsed) return oneColumn(bytes, fileName) ?? parsed;
  const found = hubsoftMapping(parsed.headers).serviceId;
  const index = found ?? 0;
  // a file of ids only, without a header: its first line is an id too
  const headerIsId = found === null && /^\d+$/.test(parsed.headers[0] ?? '');
  const cells = [...(headerIsId ? [{ line: 1, id: parsed.headers[0]! }] : []), ...parsed.rows.map((r) => ({ line: r.line, id: (r.cells[index] ?? '').trim() }))].filter((c) => c.id !== '');
  const column = headerIsId ? 'primeira coluna' : (parsed.headers[index] ?? 'primeira coluna');
  return checked(fileName, column, cells);
}

function checked(fileName: string, column: string, cells: { line: number; id: string }[]): ServiceIdsFile {
  const ids = cells.map((c) => c.id);
  if (ids.length === 0) {
    return { error: `O arquivo "${fileName}" não tem códigos de serviço na coluna ${column}. Use uma coluna id_cliente_servico com um código por linha.` };
  }
  if (ids.length > MAX_FILE_IDS) {
    return { error: `O arquivo "${fileName}" tem ${ids.length.toLocaleString('pt-BR')} linhas: o limite é ${MAX_FILE_IDS.toLocaleString('pt-BR')} por vez. Divida o arquivo.` };
  }
  return { fileName, column, serviceIds: ids, lines: cells.map((c) => c.line) };
}

/**
 * A text file with one id per line and no separator (what a clerk pastes from the ERP): the import
 * wants columns and refuses it, but here one column is the whole point.
 */
function oneColumn(bytes: Uint8Array, fileName: string): ServiceIdsFile | null {
  if (sniff(bytes) !== 'csv') return null;
  const lines = decodeBytes(bytes)
    .text.split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, id: l.trim() }))
    .filter((l) => l.id !== '');
  if (lines.length === 0 || lines.some((l) => /[;,\t]/.test(l.id))) return null;
  const headerless = /^\d+$/.test(lines[0]!.id);
  return checked(fileName, headerless ? 'primeira coluna' : lines[0]!.id, headerless ? lines : lines.slice(1));
}
