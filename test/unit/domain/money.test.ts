import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBRL, parseBRL } from '../../../shared/domain/money';

describe('money in centavos', () => {
  it('prints reais the Brazilian way with a plain space', () => {
    expect(formatBRL(123456)).toBe('R$ 1.234,56');
    expect(formatBRL(0)).toBe('R$ 0,00');
    expect(formatBRL(5)).toBe('R$ 0,05');
    expect(formatBRL(100000000)).toBe('R$ 1.000.000,00');
  });

  it.each([
    ['1.234,56', 123456],
    ['R$ 10', 1000],
    ['R$\u00a010', 1000],
    ['10,5', 1050],
    ['0', 0],
    ['19,90', 1990],
    ['1234', 123400],
    ['1.234', 123400],
    [' r$ 0,01 ', 1],
  ])('reads %s as %i centavos', (text, cents) => {
    expect(parseBRL(text)).toEqual({ ok: true, cents });
  });

  it.each(['', 'abc', '10.5', '1,234', '10,555', '1.23,00', 'R$', '12.34.56'])('refuses %s and says how to write it', (text) => {
    const r = parseBRL(text);
    expect(r.ok).toBe(false);
  });

  it('refuses negative values', () => {
    expect(parseBRL('-10,00')).toEqual({ ok: false, message: 'O valor não pode ser negativo. Informe um valor a partir de R$ 0,00.' });
  });

  it('reads back every value it prints', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
      expect(parseBRL(formatBRL(cents))).toEqual({ ok: true, cents });
    }));
  });
});
