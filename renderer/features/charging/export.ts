/**
 * Exportar: the host writes the competência's file (shared/domain/charging.ts's columns) and the
 * screen reads it back and saves it: the Excel CSV with the BOM Excel needs, the machine CSV without
 * one, and the XLSX, which crosses the text transfers as base64, decoded here.
 */
import type { ChargingFormat } from '../../../shared/contract/charging';
import { run } from '../../data/client';
import { downloadBlob, downloadText } from '../../ui/download';
import { readPreparedText } from '../workspace/prepared-file';

/** A binary file (XLSX, PDF) crosses the text transfers as base64. */
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function exportCharging(competence: string, format: ChargingFormat): Promise<{ rows: number; fileName: string }> {
  const file = await run('charging.export', { competence, format });
  const text = await readPreparedText(file.transferId);
  if (format === 'excel') downloadText(file.fileName, text, 'text/csv');
  else if (format === 'machine') downloadBlob(file.fileName, new Blob([text], { type: 'text/csv;charset=utf-8' }));
  else downloadBlob(file.fileName, new Blob([fromBase64(text)], { type: file.mimeType.replace(/;base64$/, '') }));
  return { rows: file.rows, fileName: file.fileName };
}

/** Relatório de SVA do mês: the host lays out and renders the PDF; it comes as base64 and is saved as bytes. */
export async function saveSvaReport(competence: string): Promise<{ fileName: string; dataHash: string }> {
  const file = await run('charging.report', { competence });
  downloadBlob(file.fileName, new Blob([fromBase64(await readPreparedText(file.transferId))], { type: 'application/pdf' }));
  return { fileName: file.fileName, dataHash: file.dataHash };
}
