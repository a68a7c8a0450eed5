import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compositionNeedsReapproval,
  compositionTotal,
  keepApprovalIfUnchanged,
  validateComposition,
} from '../../../shared/domain/composition';
import type { CompositionItem } from '../../../shared/domain/model';

const sva = (amountCents: number, description = 'Licença de leitura'): CompositionItem => ({ description, fiscalKind: 'SVA', amountCents });
const scm = (amountCents: number): CompositionItem => ({ description: 'Conexão', fiscalKind: 'SCM', amountCents });

describe('S6 package composition', () => {
  it('accepts items that sum exactly to the price', () => {
    expect(validateComposition(9990, [scm(7990), sva(2000)])).toEqual([]);
    expect(compositionTotal([scm(7990), sva(2000)])).toBe(9990);
  });

  it('says how much is missing when the items do not reach the price', () => {
    expect(validateComposition(9990, [scm(7990)])).toEqual([
      'A composição soma R$ 79,90, mas o preço do pacote é R$ 99,90. Faltam R$ 20,00: ajuste os itens.',
    ]);
  });

  it('says how much is left over when the items exceed the price', () => {
    expect(validateComposition(1000, [sva(1500)])[0]).toContain('Sobram R$ 5,00');
  });

  it('lets a benefit be free, with no items or with items at zero', () => {
    expect(validateComposition(0, [])).toEqual([]);
    expect(validateComposition(0, [sva(0)])).toEqual([]);
  });

  it('asks for the composition of a priced package with no items', () => {
    expect(validateComposition(1990, [])).toEqual([
      'Informe a composição do valor: os itens fiscais (SVA, SCM, outro) devem somar R$ 19,90.',
    ]);
  });

  it('requires a description and a non-negative amount on each item', () => {
    const problems = validateComposition(1000, [sva(1200, '  '), sva(-200)]);
    expect(problems).toEqual([
      expect.stringMatching(/^Item 1 da composição sem descrição/),
      expect.stringMatching(/^Item 2 da composição com valor negativo/),
    ]);
  });

  it('accepts any split of a price into described non-negative items', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 }), (amounts) => {
      const items = amounts.map((a) => sva(a));
      const price = amounts.reduce((s, a) => s + a, 0);
      expect(validateComposition(price, items)).toEqual([]);
      expect(validateComposition(price + 1, items)).toHaveLength(1);
    }));
  });
});

describe('S6 composition approval', () => {
  const approved = {
    priceCents: 9990,
    composition: [scm(7990), sva(2000)],
    compositionApproval: { by: 'Contadora Ana', at: '2026-07-01T12:00:00.000Z' },
  };

  it('keeps the approval when only spaces around a description change', () => {
    const after = { ...approved, composition: [scm(7990), sva(2000, ' Licença de leitura ')] };
    expect(compositionNeedsReapproval(approved, after)).toBe(false);
    expect(keepApprovalIfUnchanged(approved, after).compositionApproval).toEqual(approved.compositionApproval);
  });

  it('clears the approval when the price changes', () => {
    const after = { ...approved, priceCents: 10990, composition: [scm(8990), sva(2000)] };
    expect(keepApprovalIfUnchanged(approved, after).compositionApproval).toBeUndefined();
  });

  it('clears the approval when an amount moves from SVA to SCM at the same price', () => {
    const after = { ...approved, composition: [scm(8990), sva(1000)] };
    expect(compositionNeedsReapproval(approved, after)).toBe(true);
  });

  it('clears the approval when an item changes fiscal kind or an item is added', () => {
    expect(compositionNeedsReapproval(approved, { ...approved, composition: [scm(7990), { ...sva(2000), fiscalKind: 'outro' }] })).toBe(true);
    expect(compositionNeedsReapproval(approved, { ...approved, composition: [...approved.composition, sva(0, 'Brinde')] })).toBe(true);
  });
});
