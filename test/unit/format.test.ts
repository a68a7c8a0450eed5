import { describe, expect, it } from 'vitest';
import { count } from '../../renderer/ui/format';

describe('count', () => {
  it('uses the singular only for exactly one', () => {
    expect(count(1, 'cliente', 'clientes')).toBe('1 cliente');
    expect(count(0, 'cliente', 'clientes')).toBe('0 clientes');
    expect(count(2, 'linha rejeitada não foi importada', 'linhas rejeitadas não foram importadas')).toBe('2 linhas rejeitadas não foram importadas');
  });

  it('writes the number with pt-BR digits', () => {
    expect(count(1500, 'cliente', 'clientes')).toBe('1.500 clientes');
    expect(count(1_234_567, 'vínculo', 'vínculos')).toBe('1.234.567 vínculos');
  });
});
