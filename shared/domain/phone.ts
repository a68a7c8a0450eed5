/**
 * Brazilian phones, parsed into the `{ddi, ddd, number, mobile}` shape Campsoft wants.
 * Area codes: the ANATEL list as shipped by @brazilian-utils/brazilian-utils (67 DDDs).
 * Number rules are ours: mobile 9 digits starting with 9, landline 8 digits starting with 2–5.
 */
import { getAreaCodeInfo } from '@brazilian-utils/brazilian-utils';
import type { Phone } from './model';

/** `wrongDdd`: the number is complete but its area code does not exist (20, 23, 25, 26, 29, 30…). */
export type ParsedPhone = { ok: true; phone: Phone } | { ok: false; message: string; wrongDdd?: true };

const BRAZIL_DDI = '55';

// The library's lookup, once per area code: an import asks it for every phone of every line.
const areaCodes = new Map<string, boolean>();

export function isValidDdd(ddd: string): boolean {
  if (!/^[1-9]\d$/.test(ddd)) return false;
  let valid = areaCodes.get(ddd);
  if (valid === undefined) areaCodes.set(ddd, (valid = getAreaCodeInfo(ddd) !== null));
  return valid;
}

export function parsePhone(raw: string, defaultDdd?: string): ParsedPhone {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, message: 'Informe o telefone com DDD, por exemplo (11) 91234-5678.' };
  if (/[a-z]/i.test(text)) {
    return { ok: false, message: 'Telefone inválido: use só números, por exemplo (11) 91234-5678.' };
  }

  let digits = text.replace(/\D/g, '');
  if (text.startsWith('+') && !digits.startsWith(BRAZIL_DDI)) {
    return { ok: false, message: 'Só telefones do Brasil (+55) são aceitos. Cadastre um número brasileiro.' };
  }
  // DDI 55 is only taken off when what remains is DDD + number; 11 digits may be DDD 55 (RS) + mobile.
  if ((digits.length === 12 || digits.length === 13) && digits.startsWith(BRAZIL_DDI)) digits = digits.slice(2);
  // national trunk prefix: 0 + DDD + number
  else if ((digits.length === 11 || digits.length === 12) && digits.startsWith('0')) digits = digits.slice(1);

  let ddd: string;
  let number: string;
  // An area code written in parentheses is taken as written: "(01) 9200-0000" is a wrong DDD,
  // not a trunk prefix followed by DDD 19.
  const written = text.match(/^([^(]*)\((\d{2,3})\)(.*)$/);
  if (written) {
    const before = written[1].replace(/\D/g, '');
    if (before !== '' && before !== BRAZIL_DDI) {
      return { ok: false, message: 'Só telefones do Brasil (+55) são aceitos. Cadastre um número brasileiro.' };
    }
    ddd = written[2].length === 3 && written[2].startsWith('0') ? written[2].slice(1) : written[2];
    number = written[3].replace(/\D/g, '');
    if (number.length !== 8 && number.length !== 9) {
      return {
        ok: false,
        message: `Telefone inválido: o número depois do DDD tem ${number.length} dígitos. Informe 8 (fixo) ou 9 (celular).`,
      };
    }
  } else if (digits.length === 10 || digits.length === 11) {
    ddd = digits.slice(0, 2);
    number = digits.slice(2);
  } else if ((digits.length === 8 || digits.length === 9) && defaultDdd !== undefined) {
    ddd = defaultDdd.replace(/\D/g, '');
    number = digits;
  } else if (digits.length === 8 || digits.length === 9) {
    return { ok: false, message: 'Telefone sem DDD: informe o DDD antes do número, por exemplo (11) 91234-5678.' };
  } else {
    return {
      ok: false,
      message: `Telefone inválido: tem ${digits.length} dígitos. Informe DDD + número, por exemplo (11) 91234-5678.`,
    };
  }

  if (!isValidDdd(ddd)) {
    return { ok: false, message: `DDD ${ddd} não existe no Brasil. Confira o DDD do telefone.`, wrongDdd: true };
  }
  if (number.length === 9) {
    if (!number.startsWith('9')) {
      return { ok: false, message: 'Celular inválido: o celular tem 9 dígitos e começa com 9. Confira o número.' };
    }
    return { ok: true, phone: { ddi: BRAZIL_DDI, ddd, number, mobile: true } };
  }
  if (!/^[2-5]/.test(number)) {
    return {
      ok: false,
      message: 'Telefone inválido: fixo tem 8 dígitos começando com 2 a 5; celular tem 9 dígitos começando com 9. Confira o número.',
    };
  }
  return { ok: true, phone: { ddi: BRAZIL_DDI, ddd, number, mobile: false } };
}

/** `(11) 91234-5678` or `(11) 3456-7890`. */
export function formatPhone(phone: Phone): string {
  const split = phone.number.length - 4;
  return `(${phone.ddd}) ${phone.number.slice(0, split)}-${phone.number.slice(split)}`;
}

/** LGPD: logs and lists keep the DDD and the last four digits only. */
export function maskPhone(phone: Phone): string {
  const split = phone.number.length - 4;
  return `(${phone.ddd}) ${'*'.repeat(Math.max(split, 0))}-${phone.number.slice(split)}`;
}
