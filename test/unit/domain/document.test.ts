import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDocument, maskDocument, normalizeDocument, parseDocument } from '../../../shared/domain/document';

// Independent reference for the check digits (Receita Federal manual): value = ASCII code − 48,
// weights cycle 2..9 from the right (CNPJ) or descend from 10/11 (CPF); remainder < 2 → 0.
const value = (c: string) => c.charCodeAt(0) - 48;
function cnpjDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += value(body[body.length - 1 - i]) * ((i % 8) + 2);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}
function withCnpjDigits(body12: string): string {
  const d1 = cnpjDigit(body12);
  return `${body12}${d1}${cnpjDigit(body12 + d1)}`;
}
function cpfDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += value(body[i]) * (body.length + 1 - i);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}
function withCpfDigits(body9: string): string {
  const d1 = cpfDigit(body9);
  return `${body9}${d1}${cpfDigit(body9 + d1)}`;
}

const DIGITS = '0123456789'.split('');
const ALNUM = [...DIGITS, ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')];
const cpfBody = fc.array(fc.constantFrom(...DIGITS), { minLength: 9, maxLength: 9 }).map((a) => a.join('')).filter((b) => !/^(.)\1*$/.test(b));
const cnpjBody = fc.array(fc.constantFrom(...ALNUM), { minLength: 12, maxLength: 12 }).map((a) => a.join('')).filter((b) => !/^(\d)\1*$/.test(b));

describe('CPF and CNPJ validation', () => {
  it.each([
    ['529.982.247-25', 'cpf', '52998224725'],
    ['111.444.777-35', 'cpf', '11144477735'],
    ['11.222.333/0001-81', 'cnpj', '11222333000181'],
    ['12.ABC.345/01DE-35', 'cnpj', '12ABC34501DE35'],
    ['12abc34501de35', 'cnpj', '12ABC34501DE35'],
    [' 12 ABC 345 01DE 35 ', 'cnpj', '12ABC34501DE35'],
  ])('accepts %s as a %s stored as %s', (raw, type, number) => {
    expect(parseDocument(raw)).toEqual({ ok: true, type, number });
  });

  it('tells that the check digits do not match for a mistyped CPF', () => {
    expect(parseDocument('529.982.247-26')).toEqual({
      ok: false,
      message: 'CPF inválido: dígitos verificadores não conferem. Confira o documento digitado.',
    });
  });

  it('rejects CPFs made of one repeated digit even though their check digits add up', () => {
    for (const d of DIGITS) {
      const r = parseDocument(d.repeat(11));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('repetidos');
    }
  });

  it('rejects the reserved numeric CNPJ 00.000.000/0000-00', () => {
    expect(parseDocument('00.000.000/0000-00').ok).toBe(false);
  });

  it('rejects an alphanumeric CNPJ whose check digits are letters', () => {
    const r = parseDocument('12ABC34501DEAB');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^CNPJ inválido: os dois últimos/);
  });

  it('asks for a CPF or CNPJ when the length fits neither, and when empty', () => {
    const short = parseDocument('123.456');
    expect(short).toEqual({ ok: false, message: expect.stringContaining('Informe um CPF (11 dígitos) ou um CNPJ (14 caracteres)') });
    expect(parseDocument('')).toEqual({ ok: false, message: 'Informe o CPF ou o CNPJ.' });
  });

  it('accepts a letter swapped for one 11 apart, the blind spot of the official alphanumeric rule', () => {
    // 12ABC34501DE35 with A (17) → L (28): same check digits, so still a valid-looking CNPJ.
    expect(parseDocument('12LBC34501DE35')).toEqual({ ok: true, type: 'cnpj', number: '12LBC34501DE35' });
  });

  it('rejects a CPF with a letter in it', () => {
    expect(parseDocument('5299822472A').ok).toBe(false);
  });

  it('accepts every CPF whose check digits are computed from its body', () => {
    fc.assert(fc.property(cpfBody, (body) => {
      const number = withCpfDigits(body);
      expect(parseDocument(formatDocument('cpf', number))).toEqual({ ok: true, type: 'cpf', number });
    }));
  });

  it('accepts every alphanumeric CNPJ whose check digits are computed with ASCII − 48, mod 11', () => {
    fc.assert(fc.property(cnpjBody, (body) => {
      const number = withCnpjDigits(body);
      expect(parseDocument(formatDocument('cnpj', number))).toEqual({ ok: true, type: 'cnpj', number });
    }));
  });

  it('rejects any change to the check digits of a valid CPF or CNPJ', () => {
    fc.assert(fc.property(cpfBody, fc.integer({ min: 9, max: 10 }), fc.constantFrom(...DIGITS), (body, pos, ch) => {
      const valid = withCpfDigits(body);
      fc.pre(valid[pos] !== ch);
      expect(parseDocument(valid.slice(0, pos) + ch + valid.slice(pos + 1)).ok).toBe(false);
    }));
    fc.assert(fc.property(cnpjBody, fc.integer({ min: 12, max: 13 }), fc.constantFrom(...DIGITS), (body, pos, ch) => {
      const valid = withCnpjDigits(body);
      fc.pre(valid[pos] !== ch);
      expect(parseDocument(valid.slice(0, pos) + ch + valid.slice(pos + 1)).ok).toBe(false);
    }));
  });

  // A body change goes unseen only where the official rule is blind: remainders 0 and 1 both give
  // check digit 0, and (alphanumeric CNPJ) characters whose values differ by a multiple of 11.
  // So the property is agreement with the independent reference on every single-character change.
  it('judges every single-character change of a valid CPF exactly as the Receita Federal rule does', () => {
    fc.assert(fc.property(cpfBody, fc.nat(10), fc.constantFrom(...DIGITS), (body, pos, ch) => {
      const valid = withCpfDigits(body);
      fc.pre(valid[pos] !== ch);
      const changed = valid.slice(0, pos) + ch + valid.slice(pos + 1);
      const expected = !/^(.)\1*$/.test(changed) && withCpfDigits(changed.slice(0, 9)) === changed;
      expect(parseDocument(changed).ok).toBe(expected);
    }), { numRuns: 2000 });
  });

  it('judges every single-character change of a valid CNPJ exactly as the Receita Federal rule does', () => {
    fc.assert(fc.property(cnpjBody, fc.nat(13), fc.constantFrom(...ALNUM), (body, pos, ch) => {
      const valid = withCnpjDigits(body);
      fc.pre(valid[pos] !== ch);
      const changed = valid.slice(0, pos) + ch + valid.slice(pos + 1);
      const expected = /^[0-9A-Z]{12}\d{2}$/.test(changed) && !/^(\d)\1*$/.test(changed) && withCnpjDigits(changed.slice(0, 12)) === changed;
      expect(parseDocument(changed).ok).toBe(expected);
    }), { numRuns: 2000 });
  });

  it('rejects a typical one-digit typo in a CPF and in a CNPJ', () => {
    expect(parseDocument('529.982.257-25').ok).toBe(false);
    expect(parseDocument('12.ABC.345/01DF-35').ok).toBe(false);
  });

  it('accepts a CPF typo that falls in the rule\'s blind spot (remainders 0 and 1 both give 0)', () => {
    const valid = withCpfDigits('139069973');
    const typo = `0${valid.slice(1)}`;
    expect(parseDocument(valid).ok).toBe(true);
    expect(parseDocument(typo).ok).toBe(true);
  });
});

describe('document formatting and masking', () => {
  it('prints CPF and CNPJ in the masks the office knows, alphanumeric included', () => {
    expect(formatDocument('cpf', '52998224725')).toBe('529.982.247-25');
    expect(formatDocument('cnpj', '11222333000181')).toBe('11.222.333/0001-81');
    expect(formatDocument('cnpj', '12abc34501de35')).toBe('12.ABC.345/01DE-35');
  });

  it('normalizes to digits and uppercase letters', () => {
    expect(normalizeDocument(' 12.abc.345/01de-35 ')).toBe('12ABC34501DE35');
  });

  it('masks documents for logs and lists, hiding the start and the check digits, keeping a CNPJ\'s branch', () => {
    expect(maskDocument('123.456.789-09')).toBe('***.456.789-**');
    expect(maskDocument('12ABC34501DE35')).toBe('**.ABC.345/01DE-**');
    // the head office and a branch of one company (same name, same root) read apart in the list
    expect(maskDocument('11.222.333/0001-81')).toBe('**.222.333/0001-**');
    expect(maskDocument('11.222.333/0002-62')).toBe('**.222.333/0002-**');
    expect(maskDocument('12345')).toBe('*****');
  });

  it('never lets a masked CPF show its first three or last two digits', () => {
    fc.assert(fc.property(cpfBody, (body) => {
      const n = withCpfDigits(body);
      const masked = maskDocument(n);
      expect(masked.startsWith('***.')).toBe(true);
      expect(masked.endsWith('-**')).toBe(true);
    }));
  });
});
