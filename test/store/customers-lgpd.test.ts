import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/contract/result';
import { ERASED, ERASURE_BLOCKED_MESSAGE, IN_FLIGHT, LGPD_EXPORT_FORMAT, type ObservedState } from '../../shared/domain';
import { eventRow } from '../../electron/host/store/rows';
import { containsFilter } from '../../electron/host/store/search-index';
import { addCustomer, events, maria, openOffice, seedCatalogue, setObserved, type Office } from './customers-fixtures';

let o: Office;
let c: Awaited<ReturnType<typeof seedCatalogue>>;
beforeEach(async () => {
  o = await openOffice();
  c = await seedCatalogue(o);
});
afterEach(() => o.t.close());

const joao = { name: 'João Pereira Lima', document: '111.444.777-35', emails: ['joao@exemplo.net'], phones: ['(21) 99876-5432'] };
const refusal = (p: Promise<unknown>) => p.then(() => expect.fail('expected a refusal'), (e: unknown) => e as AppError);

async function insertEvent(e: { kind: string; subject: string; message: string; actor?: 'integration' | 'user' }) {
  await o.t.store.db
    .insertInto('events')
    .values(eventRow({ at: '2026-12-01T12:05:00.000Z', actor: e.actor ?? 'integration', kind: e.kind, subject: e.subject, outcome: 'ok', message: e.message }))
    .execute();
}

/** Maria with service 5001 (Leitura by default + Kids with her own senha), João with 6001; events about each, as the engine writes them. */
async function seedTwo() {
  const mariaId = await addCustomer(o);
  await o.links.addService({ customerId: mariaId, values: { id: '5001', planId: c.plans.fibra300, status: 'servico_habilitado' }, keptOptionalPackageIds: [] });
  await o.links.add({ serviceId: '5001', packageId: c.packages.kids, params: { password: 'Senha#Maria' } });
  const joaoId = await addCustomer(o, joao);
  await o.links.addService({ customerId: joaoId, values: { id: '6001', planId: c.plans.fibra100, status: 'servico_habilitado' }, keptOptionalPackageIds: [] });
  await o.links.add({ serviceId: '6001', packageId: c.packages.kids });
  await insertEvent({ kind: 'transmission.converged', subject: `cliente:${mariaId}`, message: `Assinante criado e licença concedida: ${maria.name} (contrato 5001 · label ${c.labels.leitura}).` });
  await insertEvent({ kind: 'transmission.converged', subject: `cliente:${joaoId}`, message: `Assinante criado e licença concedida: ${joao.name} (contrato 6001 · label ${c.labels.kids}).` });
  await insertEvent({ kind: 'drift.accept', subject: `licenca:5001/${c.labels.kids}`, message: `Conferência com a plataforma: ${maria.name} (id_contrato 5001, label ${c.labels.kids}) — ok.`, actor: 'user' });
  // an event about nobody in particular that quoted her e-mail in clear
  await insertEvent({ kind: 'import.row', subject: 'importacao:7', message: 'Linha 12: e-mail maria@exemplo.com.br repetido no arquivo.' });
  return { mariaId, joaoId };
}

/** Every row of every table, as text: what "anywhere in the store" means. */
async function everything(): Promise<string> {
  const tables = ['integrations', 'products', 'packages', 'plans', 'plan_packages', 'customers', 'services', 'links', 'events', 'settings'];
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = (await sql`SELECT * FROM ${sql.table(t)}`.execute(o.t.store.db)).rows;
  return JSON.stringify(out);
}

describe('lgpd.export', () => {
  it("holds the customer's row, services, links (own senha included) and the events about them, and nothing of another customer", async () => {
    const { mariaId } = await seedTwo();
    const data = await o.lgpd.export(mariaId);
    expect(data).toMatchObject({ format: LGPD_EXPORT_FORMAT, version: 2, exportedAt: '2026-12-01T12:00:00.000Z' });
    expect(data.header).toMatch(/senha personalizada/);
    expect(data.customer).toMatchObject({ id: mariaId, name: maria.name, document: '52998224725', emails: ['maria@exemplo.com.br'] });
    expect(data.customer).not.toHaveProperty('nameKey');
    expect(data.customer).not.toHaveProperty('searchText');
    expect(data.services.map((s) => s.id)).toEqual(['5001']);
    expect(data.links.map((l) => l.password ?? null)).toEqual([null, 'Senha#Maria']);
    expect(data.events.map((e) => e.kind)).toEqual(['customer.save', 'service.add', 'link.add', 'transmission.converged', 'drift.accept']);
    const text = JSON.stringify(data);
    expect(text).not.toContain('João');
    expect(text).not.toContain('6001');
    // the clerks are the office's, not the customer's
    expect(text).not.toContain('Ana (balcão 1)');
    expect((await events(o)).at(-1)).toMatchObject({ kind: 'customer.lgpd_export', subject: `cliente:${mariaId}`, outcome: 'info', message: 'Dados do cliente exportados a pedido do titular (LGPD).' });
  });

  it('says when the customer no longer exists', async () => {
    expect((await refusal(o.lgpd.export(999))).code).toBe('NOT_FOUND');
  });
});

describe('lgpd.erase', () => {
  const holding: [string, ObservedState][] = [
    ['active', { state: 'active', sentHash: 'a.b' }],
    ['suspended', { state: 'suspended', sentHash: 'a.b' }],
    ['error (outcome unknown)', { state: 'error', error: { code: 'NETWORK', message: 'sem conexão', retryable: true } }],
    ['a first send in flight', { state: 'none', error: { code: IN_FLIGHT, message: 'Transmissão em andamento', retryable: true } }],
  ];
  it.each(holding)('is refused while a link may hold a licence on the platform: %s', async (_, observed) => {
    const { mariaId } = await seedTwo();
    await setObserved(o, '5001', observed);
    const before = await everything();
    const err = await refusal(o.lgpd.erase(mariaId));
    expect(err).toMatchObject({ code: 'LICENCE_ON_PLATFORM', message: `${ERASURE_BLOCKED_MESSAGE} Pacotes com licença na plataforma: 2.` });
    expect(await everything()).toBe(before);
    const detail = (await o.customers.get(mariaId))!;
    expect(detail.lgpd.erasable).toBe(false);
    expect(detail.services[0]!.links[0]!.onPlatform).not.toBeNull();
  });

  it('is refused while a send of one of its links is claimed', async () => {
    const { mariaId } = await seedTwo();
    await o.t.store.db.updateTable('links').set({ claimedBy: 'desk-2', claimedUntil: '2026-12-01T12:00:30.000Z' }).where('serviceId', '=', '5001').execute();
    expect(await refusal(o.lgpd.erase(mariaId))).toMatchObject({ code: 'TRANSMISSION_BUSY', retryable: true });
    // an expired claim no longer holds it back
    await o.t.store.db.updateTable('links').set({ claimedUntil: '2026-12-01T11:59:00.000Z' }).where('serviceId', '=', '5001').execute();
    await expect(o.lgpd.erase(mariaId)).resolves.toMatchObject({ servicesDeleted: 1 });
  });

  it('after the platform confirmed the cancellations, deletes the rows, leaves nothing searchable and anonymizes the history', async () => {
    const { mariaId, joaoId } = await seedTwo();
    await o.links.cancelAll(mariaId);
    await setObserved(o, '5001', { state: 'canceled', sentHash: 'a.b', confirmedAt: '2026-12-01T11:30:00.000Z' });
    expect((await o.customers.get(mariaId))!.lgpd).toMatchObject({ erasable: true, openServices: 0, platformKeeps: { contracts: ['5001'] } });

    const result = await o.lgpd.erase(mariaId);
    expect(result).toMatchObject({ servicesDeleted: 1, linksDeleted: 2, platformKeeps: { contracts: ['5001'] } });
    expect(result.platformKeeps.message).toBe(
      'Na Campsoft continuam o nome, o CPF/CNPJ, o e-mail e o telefone do assinante (contrato 5001): a integração cancela licenças, mas não tem como excluir assinantes. ' +
        'Se o titular pedir a exclusão também lá, peça à Campsoft pelo canal de suporte ou de privacidade (encarregado/DPO) que consta no contrato do provedor com ela, ' +
        'informando o id_contrato.',
    );
    expect(await o.customers.get(mariaId)).toBeNull();

    // nothing of hers is searchable, by any kind of search, nor in the index itself
    for (const text of ['maria', 'silva pr', 'ma', '529.982', '52998224725', 'maria@exemplo', '91234', '1020']) {
      expect((await o.customers.search({ text, limit: 10 })).rows).toEqual([]);
    }
    expect(await o.t.store.db.selectFrom('customers').select('id').where(containsFilter(o.t.store.engine, 'maria')!).execute()).toEqual([]);
    expect((await o.customers.search({ text: 'joão', limit: 10 })).rows.map((r) => r.id)).toEqual([joaoId]);

    // nothing of hers anywhere in the store: name, document (clear, formatted, masked), e-mail, phone, senha
    const all = await everything();
    for (const text of ['Maria da Silva Prado', '52998224725', '529.982.247-25', '***.982.247-**', 'maria@exemplo.com.br', '912345678', 'Senha#Maria']) expect(all).not.toContain(text);
    const history = await events(o);
    expect(history.find((e) => e.kind === 'transmission.converged' && e.subject === `cliente:${mariaId}`)?.message).toBe(
      `Assinante criado e licença concedida: ${ERASED} (contrato 5001 · label ${c.labels.leitura}).`,
    );
    expect(history.find((e) => e.kind === 'import.row')?.message).toBe(`Linha 12: e-mail ${ERASED} repetido no arquivo.`);
    // João's events are untouched
    expect(history.find((e) => e.subject === `cliente:${joaoId}` && e.kind === 'transmission.converged')?.message).toContain(joao.name);
    expect(history.at(-1)).toMatchObject({
      kind: 'customer.lgpd_erase',
      subject: `cliente:${mariaId}`,
      message: `Dados de um cliente excluídos a pedido (LGPD). Serviços excluídos: 1; eventos anonimizados: ${result.eventsAnonymized}.`,
    });
    expect(result.eventsAnonymized).toBeGreaterThanOrEqual(5);
    expect(o.t.notices.at(-1)).toEqual(['customers', 'services', 'links', 'events']);
  });

  it('scrubs the names a customer had before, read back from their own save events', async () => {
    const id = await addCustomer(o, { ...maria, name: 'Maria Antiga' });
    await o.customers.save({ id, version: 1, values: maria });
    await insertEvent({ kind: 'note', subject: `cliente:${id}`, message: 'Ligação de Maria Antiga sobre a fatura.', actor: 'user' });
    await o.lgpd.erase(id);
    expect(JSON.stringify(await events(o))).not.toContain('Maria Antiga');
  });

  it('for a customer never transmitted, erases at once and says nothing stays on the platform', async () => {
    const id = await addCustomer(o, joao);
    await o.links.addService({ customerId: id, values: { id: '6001', planId: c.plans.fibra300, status: 'servico_habilitado' }, keptOptionalPackageIds: [] });
    const result = await o.lgpd.erase(id);
    expect(result).toEqual({
      servicesDeleted: 1,
      linksDeleted: 1,
      // the save (name, masked CPF) and the service.add (name)
      eventsAnonymized: 2,
      platformKeeps: { contracts: [], message: 'Pelo registro do escritório, nenhum dado deste cliente chegou à plataforma.' },
      closedMonthsKept: [],
      closedMonthsMessage: null,
    });
    expect(await o.t.store.db.selectFrom('services').select('id').execute()).toEqual([]);
  });
});
