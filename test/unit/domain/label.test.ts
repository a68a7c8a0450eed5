import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateLabel, validateLabel } from '../../../shared/domain/label';

describe('S10 label rule', () => {
  it('S10: generates campsoft-<name>-<number> with accents folded', () => {
    expect(generateLabel('Leitura Digital Premium', 12)).toBe('campsoft-leitura-digital-premium-12');
    expect(generateLabel('  Educação & Ciência!! ', 3)).toBe('campsoft-educacao-ciencia-3');
    expect(generateLabel('Àçêñtos — Ünicode™', 7)).toBe('campsoft-acentos-unicodetm-7');
  });

  it('S10: falls back to campsoft-<number> when the name has nothing to slug', () => {
    expect(generateLabel('***', 5)).toBe('campsoft-5');
  });

  it('S10: cuts a long name but keeps the package number whole', () => {
    const label = generateLabel('a'.repeat(200), 123456);
    expect(label).toHaveLength(64);
    expect(label.endsWith('-123456')).toBe(true);
    expect(label.startsWith('campsoft-aaaa')).toBe(true);
  });

  it('S10: never leaves a double hyphen where the name was cut', () => {
    const name = `${'a'.repeat(52)} b`;
    expect(generateLabel(name, 1)).toBe(`campsoft-${'a'.repeat(52)}-1`);
  });

  it('S10: always yields a valid label ending in -<number>, the same for the same input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (name, n) => {
        const label = generateLabel(name, n);
        expect(label).toMatch(/^[a-z0-9-]{1,64}$/);
        expect(label.endsWith(`-${n}`)).toBe(true);
        expect(label).not.toMatch(/--/);
        expect(validateLabel(label)).toBeNull();
        expect(generateLabel(name, n)).toBe(label);
      }),
    );
  });

  it('S10: refuses hand-typed labels the platform cannot take', () => {
    expect(validateLabel('')).toMatch(/^Informe o label/);
    expect(validateLabel('Leitura 12')).toMatch(/^Label inválido/);
    expect(validateLabel('leitura_12')).toMatch(/^Label inválido/);
    expect(validateLabel('a'.repeat(65))).toBe('Label com 65 caracteres: use no máximo 64.');
    expect(validateLabel('meu-label-manual')).toBeNull();
  });
});
