/**
 * Exportar: the host writes the competência's file (shared/domain/charging.ts's columns) and the
 * screen reads it back and saves it: the Excel CSV with the BOM Excel needs, the machine CSV without
 * one, and the XLSX, which crosses the text transfers as base64, decoded here.
 */
import type { ChargingFormat } from '../../../shared/contract/charging';
import { run } from '../../data/client';
import { downloadBlob, downloadText } from '../../ui/download';

export async function exportCharging(competence: string, format: ChargingFormat): Promise<{ rows: number; fileName: string }> {
  const file = await run('charging.export', { competence, format });
  const parts: string[] = [];
  for (let offset = 0; ; ) {
    const piece = await run('transfer.read', { transferId: file.transferId, offset });
    parts.push(piece.text);
    if (piece.done) break;
    offset = piece.nextOffset;
  }
  const text = parts.join('');
  if (format === 'excel') downloadText(file.fileName, text, 'text/csv');
  else if (format === 'machine') downloadBlob(file.fileName, new Blob([text], { type: 'text/csv;charset=utf-8' }));
  else downloadBlob(file.fileName, new Blob([Uint8Array.from(atob(text), (c) => c.charCodeAt(0))], { type: file.mimeType.replace(/;base64$/, '') }));
  return { rows: file.rows, fileName: file.fileName };
}

/** Relatório de SVA do mês: the host lays out and renders the PDF; it comes as base64 and is saved as bytes. */
export async function saveSvaReport(competence: string): Promise<{ fileName: string; dataHash: string }> {
  const file = await run('charging.report', { competence });
  const parts: string[] = [];
  for (let offset = 0; ; ) {
    const piece = await run('transfer.read', { transferId: file.transferId, offset });
    parts.push(piece.text);
    if (piece.done) break;
    offset = piece.nextOffset;
  }
  downloadBlob(file.fileName, new Blob([Uint8Array.from(atob(parts.join('')), (c) => c.charCodeAt(0))], { type: 'application/pdf' }));
  return { fileName: file.fileName, dataHash: file.dataHash };
}
