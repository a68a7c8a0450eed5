import { describe, expect, it } from 'vitest';
import { ago, count, timeLeft } from '../../renderer/ui/format';

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

describe('timeLeft', () => {
  it('waits for 5 % of the work and 2 s before guessing', () => {
    expect(timeLeft(4, 100, 10_000)).toBeNull();
    expect(timeLeft(50, 100, 1_000)).toBeNull();
    expect(timeLeft(0, 0, 10_000)).toBeNull();
  });

  it('extrapolates the pace so far, in seconds under a minute and in minutes above', () => {
    // a quarter done in 10 s: 30 s to go
    expect(timeLeft(25, 100, 10_000)).toBe('cerca de 30 s restantes');
    // never "0 s" while something is left
    expect(timeLeft(99, 100, 10_000)).toBe('cerca de 5 s restantes');
    // 10 % in 20 s: 180 s to go
    expect(timeLeft(10, 100, 20_000)).toBe('cerca de 3 minutos restantes');
    expect(timeLeft(50, 100, 75_000)).toBe('cerca de 1 minuto restante');
  });
});

describe('ago', () => {
  it('says how long ago, as a status line does', () => {
    const now = Date.parse('2026-12-01T12:00:00.000Z');
    expect(ago('2026-12-01T11:59:40.000Z', now)).toBe('há 20 s');
    expect(ago('2026-12-01T11:57:55.000Z', now)).toBe('há 2 min');
    expect(ago('2026-12-01T09:00:00.000Z', now)).toBe('há 3 h');
    expect(ago('2026-11-28T12:00:00.000Z', now)).toBe('há 3 dias');
    expect(ago('2026-12-01T12:00:05.000Z', now)).toBe('há 0 s');
  });
});
