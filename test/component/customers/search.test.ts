import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { searchCustomers } from '../../../renderer/features/customers/search';
import { addCustomer, clearAll } from './fixtures';

const names = async (text: string, limit?: number) => (await searchCustomers(text, limit)).rows.map((r) => r.name);

beforeEach(async () => {
  await clearAll();
  await addCustomer({ name: 'João Conceição', document: '529.982.247-25', emails: ['joao@provedor.com.br'], phones: ['(11) 91234-5678'], code: '1020' });
  await addCustomer({ name: 'Livraria Açaí Ltda', document: '12.ABC.345/01DE-35', emails: ['contato@acai.com.br'], phones: ['(21) 3456-7890'], code: '77' });
  await addCustomer({ name: 'Joana Prado', document: '111.444.777-35', emails: [], phones: [] });
  await addCustomer({ name: 'Maria da Silva Prado', document: '390.533.447-05', emails: [], phones: [] });
});

describe('customer search (index prefix queries)', () => {
  it('finds by the start of the name, ignoring accents and case', async () => {
    expect(await names('joao')).toEqual(['João Conceição']);
    expect(await names('JO')).toEqual(['Joana Prado', 'João Conceição']);
    expect(await names('livraria acai')).toEqual(['Livraria Açaí Ltda']);
  });

  it('finds the name from any of its words on, as an ERP search "contains"', async () => {
    expect(await names('prado')).toEqual(['Joana Prado', 'Maria da Silva Prado']);
    expect(await names('Silva')).toEqual(['Maria da Silva Prado']);
    expect(await names('conceicao')).toEqual(['João Conceição']);
    expect(await names('silva pr')).toEqual(['Maria da Silva Prado']);
    // connectives typed or not, as the name has them or not
    expect(await names('maria da si')).toEqual(['Maria da Silva Prado']);
    expect(await names('maria silva')).toEqual(['Maria da Silva Prado']);
    // words in another order, or from the middle of a word, are not the name
    expect(await names('silva maria')).toEqual([]);
    expect(await names('ilva')).toEqual([]);
    // connectives alone search the start of the name
    expect(await names('da')).toEqual([]);
  });

  it('finds by CPF and by alphanumeric CNPJ, typed with or without punctuation', async () => {
    expect(await names('529.982')).toEqual(['João Conceição']);
    expect(await names('12.abc.345')).toEqual(['Livraria Açaí Ltda']);
    expect(await names('12ABC34501DE35')).toEqual(['Livraria Açaí Ltda']);
  });

  it('finds by the start of an e-mail', async () => {
    expect(await names('contato@')).toEqual(['Livraria Açaí Ltda']);
  });

  it('finds by phone with DDD, without DDD, or with +55', async () => {
    expect(await names('(11) 91234')).toEqual(['João Conceição']);
    expect(await names('3456-78')).toEqual(['Livraria Açaí Ltda']);
    expect(await names('+55 21 3456')).toEqual(['Livraria Açaí Ltda']);
  });

  it('finds by the exact ERP code', async () => {
    expect(await names('1020')).toEqual(['João Conceição']);
    expect(await names('77')).toEqual(['Livraria Açaí Ltda']);
  });

  it('caps the results and says so, and tells an empty workspace from no match', async () => {
    const capped = await searchCustomers('jo', 1);
    expect(capped.rows).toHaveLength(1);
    expect(capped.truncated).toBe(true);
    expect((await searchCustomers('zzz')).rows).toEqual([]);
    expect((await searchCustomers('zzz')).total).toBe(4);
    await db.customers.clear();
    expect((await searchCustomers('')).total).toBe(0);
  });
});
