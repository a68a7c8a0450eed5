/**
 * CPF/CNPJ as typed: the mask grows with the text. Up to 11 digits it reads as a CPF; past that, or
 * with a letter (2026 alphanumeric CNPJ), as a CNPJ. Validation is parseDocument's, never here.
 */
import { normalizeDocument } from '../../../shared/domain';

function group(text: string, sizes: number[], separators: string[]): string {
  let out = '';
  let at = 0;
  sizes.forEach((size, i) => {
    if (at >= text.length) return;
    if (i > 0) out += separators[i - 1];
    out += text.slice(at, at + size);
    at += size;
  });
  return out;
}

export function maskDocumentInput(raw: string): string {
  const n = normalizeDocument(raw).slice(0, 14);
  if (/^\d{0,11}$/.test(n)) return group(n, [3, 3, 3, 2], ['.', '.', '-']);
  return group(n, [2, 3, 3, 4, 2], ['.', '.', '/', '-']);
}
