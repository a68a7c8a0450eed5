import { describe, expect, it } from 'vitest';
import { fnv1a, grantHash, licenceStepHash, subscriberHash } from '../../../shared/domain/operation';

/**
 * observed.sentHash is stored in the office's database: if these values drift, every link after an
 * update reads as "changed" and the whole base is resent. The values were produced by the first
 * release's implementation and must stay byte-identical.
 */
describe('stored operation hashes stay stable across releases', () => {
  const maria = {
    name: 'Maria da Silva',
    document: { type: 'cpf' as const, number: '52998224725' },
    email: 'maria@example.com',
    phone: { ddi: '55', ddd: '11', number: '912345678', mobile: true },
    login: 'maria@example.com',
    password: '52998224725',
  };

  it('keeps FNV-1a over length-prefixed fields', () => {
    expect([fnv1a(), fnv1a('a'), fnv1a('a', 'b'), fnv1a('ab')]).toEqual(['811c9dc5', '342479c9', '8692329c', 'd3f51f82']);
  });

  it('keeps the grant, licence step and subscriber hashes', () => {
    expect(grantHash('7001', 'campsoft-leitura-digital-1', '1192001')).toBe('7d2d3152');
    expect(licenceStepHash('suspend', '7001', 'campsoft-leitura-digital-1')).toBe('03165dab');
    expect(subscriberHash('7001', maria)).toBe('4f7417e8');
  });

  it('tells apart what the encoding must tell apart', () => {
    expect(fnv1a('a', 'b')).not.toBe(fnv1a('ab'));
    expect(subscriberHash('7001', { ...maria, password: 'outra' })).not.toBe(subscriberHash('7001', maria));
  });
});
