/**
 * CPF and CNPJ: normalize, validate, format and mask.
 *
 * Check digits come from @brazilian-utils/brazilian-utils, verified to implement the alphanumeric
 * CNPJ of IN RFB 2.229/2024 (in force since July 2026) when called with `{version: 2}`:
 * each of the first 12 characters is worth its ASCII code minus 48, mod 11. The tests pin that rule
 * with an independent calculation. The structural checks (and their Portuguese messages) are ours.
 */
import { isValidCnpj, isValidCpf } from '@brazilian-utils/brazilian-utils';
import type { DocumentType } from './model';

export type ParsedDocument =
  | { ok: true; type: DocumentType; number: string }
  | { ok: false; message: string };

/** Digits and uppercase letters only: the form documents are stored and sent in. */
export function normalizeDocument(raw: string): string {
  return raw.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

const repeated = (s: string) => /^(.)\1*$/.test(s);

export function parseDocument(raw: string): ParsedDocument {
  const number = normalizeDocument(raw ?? '');
  if (number.length === 0) return { ok: false, message: 'Informe o CPF ou o CNPJ.' };

  if (number.length === 11) {
    if (!/^\d{11}$/.test(number)) {
      return { ok: false, message: 'CPF inválido: o CPF tem só números. Confira o documento digitado.' };
    }
    if (repeated(number)) {
      return { ok: false, message: 'CPF inválido: sequência de dígitos repetidos. Confira o documento digitado.' };
    }
    if (!isValidCpf(number)) {
      return { ok: false, message: 'CPF inválido: dígitos verificadores não conferem. Confira o documento digitado.' };
    }
    return { ok: true, type: 'cpf', number };
  }

  if (number.length === 14) {
    if (!/^[0-9A-Z]{12}\d{2}$/.test(number)) {
      return {
        ok: false,
        message: 'CNPJ inválido: os dois últimos caracteres (dígitos verificadores) devem ser números. Confira o documento digitado.',
      };
    }
    // Numeric CNPJs made of one repeated digit are reserved; the alphanumeric rule defines none.
    if (/^\d{14}$/.test(number) && repeated(number)) {
      return { ok: false, message: 'CNPJ inválido: sequência de dígitos repetidos. Confira o documento digitado.' };
    }
    if (!isValidCnpj(number, { version: 2 })) {
      return { ok: false, message: 'CNPJ inválido: dígitos verificadores não conferem. Confira o documento digitado.' };
    }
    return { ok: true, type: 'cnpj', number };
  }

  return {
    ok: false,
    message: `Documento inválido: tem ${number.length} caracteres. Informe um CPF (11 dígitos) ou um CNPJ (14 caracteres).`,
  };
}

/** `000.000.000-00` or `00.000.000/0000-00` (also `12.ABC.345/01DE-35`); anything else as normalized. */
export function formatDocument(type: DocumentType, number: string): string {
  const n = normalizeDocument(number);
  if (type === 'cpf' && n.length === 11) {
    return `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6, 9)}-${n.slice(9)}`;
  }
  if (type === 'cnpj' && n.length === 14) {
    return `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5, 8)}/${n.slice(8, 12)}-${n.slice(12)}`;
  }
  return n;
}

/**
 * LGPD: a document in logs and lists shows only its middle part, which still tells namesakes apart
 * in the Clientes list. A CPF shows digits 4–9 (the federal government's own mask). A CNPJ also
 * shows its branch number (0001 the head office, 0002… the branches): the branches of one company
 * share its name and its first eight characters, and the office must tell them apart.
 */
export function maskDocument(number: string): string {
  const n = normalizeDocument(number);
  if (n.length === 11) return `***.${n.slice(3, 6)}.${n.slice(6, 9)}-**`;
  if (n.length === 14) return `**.${n.slice(2, 5)}.${n.slice(5, 8)}/${n.slice(8, 12)}-**`;
  return '*'.repeat(Math.min(n.length, 14));
}
