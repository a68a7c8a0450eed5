/**
 * A file of id_cliente_servico (CSV or XLSX, as the ERP exports them), read with the import's own
 * parser (shared/import): the column named id_cliente_servico, or the first one.
 */
import { MAX_FILE_IDS } from '../../../shared/contract';
import { hubsoftMapping, parseFile } from '../../../shared/import/parse';

export type ServiceIdsFile = { fileName: string; column: string; serviceIds: string[] } | { error: string };

export async function readServiceIds(bytes: Uint8Array, fileName: string): Promise<ServiceIdsFile> {
  const parsed = await parseFile(bytes, fileName);
  if ('error' in parsed) return parsed;
  const found = hubsoftMapping(parsed.headers).serviceId;
  const index = found ?? 0;
  // a file of ids only, without a header: its first line is an id too
  const headerIsId = found === null && /^\d+$/.test(parsed.headers[0] ?? '');
  const ids = [...(headerIsId ? [parsed.headers[0]!] : []), ...parsed.rows.map((r) => r.cells[index] ?? '')].map((v) => v.trim()).filter((v) => v !== '');
  const column = headerIsId ? 'primeira coluna' : (parsed.headers[index] ?? 'primeira coluna');
  if (ids.length === 0) {
    return { error: `O arquivo "${fileName}" não tem códigos de serviço na coluna ${column}. Use uma coluna id_cliente_servico com um código por linha.` };
  }
  if (ids.length > MAX_FILE_IDS) {
    return { error: `O arquivo "${fileName}" tem ${ids.length.toLocaleString('pt-BR')} linhas: o limite é ${MAX_FILE_IDS.toLocaleString('pt-BR')} por vez. Divida o arquivo.` };
  }
  return { fileName, column, serviceIds: ids };
}
