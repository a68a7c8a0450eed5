import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MATCH_COUNT_CAP, type CustomerListRow } from '../../shared/contract/customers';
import { customerRow } from '../../electron/host/store/rows';
import { indexCustomersAfter } from '../../electron/host/store/search-index';
import { cpfFor } from '../fixtures/documents';
import { addCustomer, maria, openOffice, type Office } from './customers-fixtures';

let o: Office;
beforeEach(async () => {
  o = await openOffice();
});
afterEach(() => o.t.close());

const names = async (text: string) => (await o.customers.search({ text, limit: 500 })).rows.map((r) => r.name);

async function seedFour() {
  await addCustomer(o, { name: 'João Conceição', document: '111.444.777-35', emails: ['joao@provedor.com.br'], phones: ['(11) 98765-4321'], code: 'A-77' });
  await addCustomer(o, { name: 'Livraria Açaí Ltda', document: '12.ABC.345/01DE-35', emails: ['contato@acai.com.br'], phones: ['(21) 3456-7890'], code: '77' });
  await addCustomer(o, { name: 'Joana Prado', document: '390.533.447-05', emails: [], phones: [] });
  await addCustomer(o, maria);
}

/** Customers straight into the table, then indexed in one statement, as a bulk import does. */
async function bulk(count: number, name: (i: number) => string) {
  const at = '2026-12-01T00:00:00.000Z';
  const rows = Array.from({ length: count }, (_, i) =>
    customerRow({ name: name(i), documentType: 'cpf', document: cpfFor(10_000 + i), emails: [`c${i}@exemplo.com.br`], phones: [], code: `B${i}`, createdAt: at, updatedAt: at }),
  );
  await o.t.store.db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('customers').values(rows.slice(i, i + 500)).execute();
    await indexCustomersAfter(tx, o.t.store.engine, 0);
  });
}

/** Every page of a search, following the cursor. */
async function allPages(text: string, limit: number): Promise<CustomerListRow[]> {
  const rows: CustomerListRow[] = [];
  let page = await o.customers.search({ text, limit });
  rows.push(...page.rows);
  for (let guard = 0; page.next && guard < 10_000; guard++) {
    page = await o.customers.search({ text, limit, after: page.next });
    rows.push(...page.rows);
  }
  expect(page.next).toBeNull();
  return rows;
}

describe('customers.search: the Clientes list on the store', () => {
  it('finds a name from anywhere in it, as an ERP "contains", without accents or case', async () => {
    await seedFour();
    expect(await names('prado')).toEqual(['Joana Prado', 'Maria da Silva Prado']);
    expect(await names('silva pr')).toEqual(['Maria da Silva Prado']);
    expect(await names('maria da si')).toEqual(['Maria da Silva Prado']);
    expect(await names('CONCEICAO')).toEqual(['João Conceição']);
    expect(await names('conceição')).toEqual(['João Conceição']);
    expect(await names('livraria açaí')).toEqual(['Livraria Açaí Ltda']);
    expect(await names('silva maria')).toEqual([]);
  });

  it('short input (fewer than 3 characters) reads the start of the name, the start of the document and the exact code', async () => {
    await seedFour();
    expect(await names('jo')).toEqual(['Joana Prado', 'João Conceição']);
    expect(await names('JO')).toEqual(['Joana Prado', 'João Conceição']);
    expect(await names('ma')).toEqual(['Maria da Silva Prado']);
    // the start of the whole name, not of a word inside it ("Prado")
    expect(await names('pr')).toEqual([]);
    expect(await names('77')).toEqual(['Livraria Açaí Ltda']);
    expect(await names('39')).toEqual(['Joana Prado']);
  });

  it('finds by CPF and by alphanumeric CNPJ, typed with or without punctuation, and by the ERP code', async () => {
    await seedFour();
    expect(await names('529.982')).toEqual(['Maria da Silva Prado']);
    expect(await names('52998224725')).toEqual(['Maria da Silva Prado']);
    expect(await names('12.abc.345')).toEqual(['Livraria Açaí Ltda']);
    expect(await names('12ABC34501DE35')).toEqual(['Livraria Açaí Ltda']);
    expect(await names('abc345/01de')).toEqual(['Livraria Açaí Ltda']);
    expect(await names('1020')).toEqual(['Maria da Silva Prado']);
    expect(await names('a-77')).toEqual(['João Conceição']);
  });

  it('finds by e-mail and by phone, with or without DDD and +55', async () => {
    await seedFour();
    expect(await names('contato@')).toEqual(['Livraria Açaí Ltda']);
    expect(await names('@exemplo.com')).toEqual(['Maria da Silva Prado']);
    expect(await names('(11) 91234')).toEqual(['Maria da Silva Prado']);
    expect(await names('91234-5678')).toEqual(['Maria da Silva Prado']);
    expect(await names('3456-7890')).toEqual(['Livraria Açaí Ltda']);
    // digits are found anywhere in a phone or a document: "345678" is in Maria's (11) 91234-5678 too
    expect(await names('3456-78')).toEqual(['Livraria Açaí Ltda', 'Maria da Silva Prado']);
    expect(await names('+55 21 3456')).toEqual(['Livraria Açaí Ltda']);
  });

  it('shows what the list needs, masked: document, first e-mail, phone, service count and the S9 mark', async () => {
    await seedFour();
    const { rows } = await o.customers.search({ text: '', limit: 10 });
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('Maria da Silva Prado')).toEqual({
      id: expect.any(Number),
      code: '1020',
      name: 'Maria da Silva Prado',
      documentType: 'cpf',
      document: '***.982.247-**',
      email: 'm***@exemplo.com.br',
      phone: '(11) *****-5678',
      services: 0,
      notTransmittable: [],
    });
    expect(byName.get('Livraria Açaí Ltda')?.document).toBe('**.ABC.345/01DE-**');
    // S9: saved, but marked: no e-mail and no phone
    expect(byName.get('Joana Prado')?.notTransmittable).toEqual([
      'Cliente sem e-mail cadastrado: cadastre um e-mail válido no cliente para transmitir os pacotes.',
      'Cliente sem telefone cadastrado: cadastre um telefone com DDD no cliente para transmitir os pacotes.',
    ]);
    // LGPD: nothing in the list answer holds a document, e-mail or phone in clear
    const text = JSON.stringify(rows);
    for (const clear of ['52998224725', 'maria@exemplo.com.br', '912345678', '12ABC34501DE35', 'contato@acai.com.br']) expect(text).not.toContain(clear);
  });

  it('tells namesakes apart: the same name, different CPFs; the head office and a branch of one company', async () => {
    await addCustomer(o, { name: 'Maria Silva', document: cpfFor(1), emails: [], phones: [] });
    await addCustomer(o, { name: 'Maria Silva', document: cpfFor(2), emails: [], phones: [] });
    await addCustomer(o, { name: 'Padaria Pão Quente Ltda', document: '11.222.333/0001-81', emails: [], phones: [] });
    await addCustomer(o, { name: 'Padaria Pão Quente Ltda', document: '11.222.333/0002-62', emails: [], phones: [] });
    for (const text of ['maria silva', 'padaria']) {
      const { rows } = await o.customers.search({ text, limit: 10 });
      expect(rows).toHaveLength(2);
      expect(rows[0]!.name).toBe(rows[1]!.name);
      expect(rows[0]!.document).not.toBe(rows[1]!.document);
    }
  });

  it('pages in name order with a cursor and reaches the last customer, with many matches and with few', async () => {
    // 1,200 customers: "Cliente 0000" … "Cliente 1199", and every 100th also a "Rara"
    await bulk(1_200, (i) => `Cliente ${String(i).padStart(4, '0')}${i % 100 === 0 ? ' Rara' : ''}`);
    const all = await allPages('', 97);
    expect(all).toHaveLength(1_200);
    expect(all.at(-1)!.name).toBe('Cliente 1199');
    expect(new Set(all.map((r) => r.id)).size).toBe(1_200);

    // many matches: the name index walked in order; few: looked up and sorted — same answers
    const many = await allPages('cliente', 50);
    expect(many.map((r) => r.id)).toEqual(all.map((r) => r.id));
    const few = await allPages('rara', 5);
    expect(few.map((r) => r.name)).toEqual(Array.from({ length: 12 }, (_, k) => `Cliente ${String(k * 100).padStart(4, '0')} Rara`));

    const first = await o.customers.search({ text: 'rara', limit: 5 });
    expect(first.counts).toEqual({ customers: 1_200, matching: 12, more: false });
    expect(first.rows).toHaveLength(5);
  });

  it('counts the matches up to the cap and says "more" past it; tells an empty workspace from no match', async () => {
    expect((await o.customers.search({ text: '', limit: 10 })).counts).toEqual({ customers: 0, matching: 0, more: false });
    await bulk(MATCH_COUNT_CAP + 5, (i) => `Assinante ${i}`);
    const broad = await o.customers.search({ text: 'assinante', limit: 10 });
    expect(broad.counts).toEqual({ customers: MATCH_COUNT_CAP + 5, matching: MATCH_COUNT_CAP, more: true });
    const none = await o.customers.search({ text: 'zzz', limit: 10 });
    expect(none.rows).toEqual([]);
    expect(none.counts).toEqual({ customers: MATCH_COUNT_CAP + 5, matching: 0, more: false });
  });

  it('keeps the index in step with every save: an old name, e-mail or phone is no longer found', async () => {
    const id = await addCustomer(o);
    const before = (await o.customers.get(id))!.customer;
    await o.customers.save({ id, version: before.version, values: { ...maria, name: 'Maria Souza', emails: ['msouza@provedor.net'], phones: ['(21) 99876-5432'] } });
    expect(await names('prado')).toEqual([]);
    expect(await names('maria@exemplo')).toEqual([]);
    expect(await names('91234')).toEqual([]);
    expect(await names('souza')).toEqual(['Maria Souza']);
    expect(await names('msouza@')).toEqual(['Maria Souza']);
    expect(await names('99876')).toEqual(['Maria Souza']);
  });
});
