import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { recordEvent } from '../../../renderer/db/history';
import { CustomersPage } from '../../../renderer/features/customers/CustomersPage';
import { cancelAllServices, ERASED, eraseCustomer, exportCustomerData, LGPD_EXPORT_FORMAT } from '../../../renderer/features/customers/lgpd';
import { addService, linkPackage, saveCustomer } from '../../../renderer/features/customers/repository';
import { CustomerForm, IN_FLIGHT, type ObservedState } from '../../../shared/domain';
import { renderScreen } from '../render';
import { addCustomer, clearAll, fibra300, fibraLivre, kids, leitura, maria, seedCatalogue } from './fixtures';

const joao = { name: 'João Pereira Lima', document: '111.444.777-35', emails: ['joao@exemplo.net'], phones: ['(21) 99876-5432'] };

beforeEach(async () => {
  await clearAll();
  await seedCatalogue();
});

/** Maria with service 5001 (Leitura by default + Kids with her own senha), João with service 6001, and events about each. */
async function seedTwoCustomers() {
  const mariaId = await addCustomer();
  await addService(mariaId, { id: '5001', planId: fibra300.id, status: 'servico_habilitado' }, []);
  await linkPackage('5001', kids.id, { password: 'Senha#Maria' });
  const joaoId = await addCustomer(joao);
  await addService(joaoId, { id: '6001', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
  await linkPackage('6001', kids.id);
  await db.transaction('rw', db.events, async () => {
    // as the transmission controller and the conference with the platform write them
    await recordEvent({ actor: 'integration', kind: 'transmission.converged', subject: `cliente:${mariaId}`, outcome: 'ok', message: `Assinante criado e licença concedida: ${maria.name} (contrato 5001 · label ${leitura.label}).` });
    await recordEvent({ actor: 'integration', kind: 'transmission.converged', subject: `cliente:${joaoId}`, outcome: 'ok', message: `Assinante criado e licença concedida: ${joao.name} (contrato 6001 · label ${kids.label}).` });
    await recordEvent({ actor: 'user', kind: 'drift.accept', subject: `licenca:5001/${kids.label}`, outcome: 'info', message: `Conferência com a plataforma: ${maria.name} (id_contrato 5001, label ${kids.label}) — ok.` });
  });
  return { mariaId, joaoId };
}

async function setObserved(serviceId: string, observed: ObservedState) {
  const links = await db.links.where('serviceId').equals(serviceId).toArray();
  await db.links.bulkUpdate(links.map((l) => ({ key: l.id, changes: { observed } })));
}

/** Every row of every table, as text: what "anywhere in Dexie" means. */
async function everything(): Promise<string> {
  const tables = await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const));
  return JSON.stringify(Object.fromEntries(tables));
}

describe('Exportar dados (LGPD)', () => {
  it("holds the customer's row, services, links (own senha included) and the events about them, and nothing of another customer", async () => {
    const { mariaId } = await seedTwoCustomers();
    const data = await exportCustomerData(mariaId);

    expect(data.format).toBe(LGPD_EXPORT_FORMAT);
    expect(data.version).toBe(1);
    expect(data.header).toMatch(/senha personalizada/);
    expect(data.customer).toMatchObject({ id: mariaId, name: maria.name, document: '52998224725', emails: ['maria@exemplo.com.br'] });
    expect(data.customer).not.toHaveProperty('nameKey');
    expect(data.customer).not.toHaveProperty('phoneKeys');
    expect(data.customer).not.toHaveProperty('nameSuffixes');
    expect(data.services.map((s) => s.id)).toEqual(['5001']);
    expect(data.links.map((l) => l.packageId).sort()).toEqual([leitura.id, kids.id]);
    expect(data.links.find((l) => l.packageId === kids.id)?.password).toBe('Senha#Maria');

    const kinds = data.events.map((e) => `${e.kind} ${e.subject}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        `customer.save cliente:${mariaId}`,
        `service.add cliente:${mariaId}/servico:5001`,
        `link.add cliente:${mariaId}/servico:5001`,
        `transmission.converged cliente:${mariaId}`,
        `drift.accept licenca:5001/${kids.label}`,
      ]),
    );
    expect(data.events).toHaveLength(5);

    const text = JSON.stringify(data);
    for (const other of ['João', '11144477735', '6001', 'joao@exemplo.net']) expect(text).not.toContain(other);
  });

  it('records that the export happened, without personal data', async () => {
    const { mariaId } = await seedTwoCustomers();
    await exportCustomerData(mariaId);
    const event = (await db.events.where('kind').equals('customer.lgpd_export').toArray())[0];
    expect(event.subject).toBe(`cliente:${mariaId}`);
    expect(event.message).toBe('Dados do cliente exportados a pedido do titular (LGPD).');
  });
});

describe('Excluir dados do cliente (LGPD)', () => {
  const onPlatform: [string, ObservedState][] = [
    ['active', { state: 'active', sentHash: 'a.b' }],
    ['suspended', { state: 'suspended', sentHash: 'a.b' }],
    ['error', { state: 'error', error: { code: 'TIMEOUT', message: 'Tempo esgotado', retryable: true } }],
    ['in flight', { state: 'none', error: { code: IN_FLIGHT, message: 'Transmissão em andamento', retryable: true } }],
  ];

  it.each(onPlatform)('is refused while a licence may be on the platform (%s), and nothing is deleted', async (_, observed) => {
    const { mariaId } = await seedTwoCustomers();
    await setObserved('5001', observed);
    await expect(eraseCustomer(mariaId)).rejects.toMatchObject({ code: 'LICENCE_ON_PLATFORM' });
    expect(await db.customers.get(mariaId)).toBeDefined();
    expect(await db.links.where('serviceId').equals('5001').count()).toBe(2);
  });

  it('the dialog explains what to do first, and its shortcut cancels every service of the customer', async () => {
    const { mariaId } = await seedTwoCustomers();
    await addService(mariaId, { id: '5002', planId: fibraLivre.id, status: 'suspenso_debito' }, []);
    await setObserved('5001', { state: 'active', sentHash: 'a.b' });
    renderScreen(<CustomersPage />, { path: `/${mariaId}` });
    const u = userEvent.setup();
    await u.click(await screen.findByRole('button', { name: 'Excluir dados do cliente (LGPD)' }));

    const dialog = await screen.findByRole('dialog', { name: `Excluir dados de ${maria.name}?` });
    expect(within(dialog).getByText(/Cancele os serviços do cliente; quando a plataforma confirmar o cancelamento das licenças, a exclusão fica disponível/)).toBeTruthy();
    expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringContaining('serviço 5001: licença ativa na plataforma'),
      expect.stringContaining('serviço 5001: licença ativa na plataforma'),
    ]);
    expect(within(dialog).queryByRole('button', { name: /^Excluir dados de/ })).toBeNull();

    await u.click(within(dialog).getByRole('button', { name: 'Cancelar todos os serviços do cliente' }));
    await waitFor(async () => expect((await db.services.where('customerId').equals(mariaId).toArray()).map((s) => s.status)).toEqual(['cancelado', 'cancelado']));
    expect((await db.services.get('6001'))?.status).toBe('servico_habilitado');
    // still refused until the platform confirms; the dialog now says to wait for the transmission
    expect(await within(dialog).findByText(/Os serviços já estão cancelados: aguarde a transmissão confirmar/)).toBeTruthy();

    // the platform confirms the cancellations: the dialog turns into the confirmation
    await setObserved('5001', { state: 'canceled', sentHash: 'a.b' });
    expect(await within(dialog).findByRole('button', { name: `Excluir dados de ${maria.name}` })).toBeTruthy();
  });

  it('cancelAllServices leaves the already cancelled services alone', async () => {
    const { mariaId } = await seedTwoCustomers();
    await addService(mariaId, { id: '5002', planId: fibraLivre.id, status: 'cancelado' }, []);
    expect(await cancelAllServices(mariaId)).toEqual(['5001']);
  });

  it("when allowed, deletes the customer's rows and anonymizes the events about them; no name or CPF remains, the other customer is untouched", async () => {
    const { mariaId, joaoId } = await seedTwoCustomers();
    await setObserved('5001', { state: 'canceled', sentHash: 'a.b', confirmedAt: '2026-03-03T10:00:00.000Z' });
    const joaoBefore = { customer: await db.customers.get(joaoId), links: await db.links.where('serviceId').equals('6001').toArray() };
    const joaoEvents = (await db.events.toArray()).filter((e) => JSON.stringify(e).includes('João') || e.subject?.includes('6001'));
    const eventsBefore = await db.events.count();

    await eraseCustomer(mariaId);

    expect(await db.customers.get(mariaId)).toBeUndefined();
    expect(await db.services.where('customerId').equals(mariaId).count()).toBe(0);
    expect(await db.links.where('serviceId').equals('5001').count()).toBe(0);
    const all = await everything();
    for (const personal of ['Maria', 'maria', '52998224725', '529.982.247-25', '***.982.247-**', 'maria@exemplo.com.br', '91234-5678', '11912345678', 'Senha#Maria']) {
      expect(all).not.toContain(personal);
    }
    // the audit trail remains: every event kept, anonymized, plus the erasure
    expect(await db.events.count()).toBe(eventsBefore + 1);
    const transmitted = (await db.events.where('kind').equals('transmission.converged').toArray()).find((e) => e.message.includes('contrato 5001'));
    expect(transmitted).toMatchObject({ subject: `cliente:${mariaId}`, message: `Assinante criado e licença concedida: ${ERASED} (contrato 5001 · label ${leitura.label}).` });
    const saved = (await db.events.where('kind').equals('customer.save').toArray()).find((e) => e.subject === `cliente:${mariaId}`);
    expect(saved?.message).toBe(`Cliente cadastrado: ${ERASED} (${ERASED}).`);
    const erased = await db.events.where('kind').equals('customer.lgpd_erase').first();
    expect(erased?.message).toMatch(/^Dados de um cliente excluídos a pedido \(LGPD\)\./);

    expect(await db.customers.get(joaoId)).toEqual(joaoBefore.customer);
    expect(await db.links.where('serviceId').equals('6001').toArray()).toEqual(joaoBefore.links);
    const joaoAfter = await db.events.bulkGet(joaoEvents.map((e) => e.id!));
    expect(joaoAfter).toEqual(joaoEvents);
  });

  it('scrubs a former name from the messages of the events about a renamed customer', async () => {
    const id = await addCustomer();
    await db.transaction('rw', db.events, () =>
      recordEvent({ actor: 'integration', kind: 'transmission.failed', subject: `cliente:${id}`, outcome: 'error', message: `Falha ao transmitir ${maria.name}: tempo esgotado` }),
    );
    // the new name does not contain the former one: only the past names read from the customer's events match it
    await saveCustomer(CustomerForm.parse({ ...maria, name: 'Maria Aparecida Souza' }), { id });
    await eraseCustomer(id);
    const failed = await db.events.where('kind').equals('transmission.failed').first();
    expect(failed).toMatchObject({ subject: `cliente:${id}`, message: `Falha ao transmitir ${ERASED}: tempo esgotado` });
    const all = await everything();
    for (const name of [maria.name, 'Maria Aparecida Souza']) expect(all).not.toContain(name);
  });

  it('a never-transmitted customer: the dialog names them, erases on confirmation and goes back to the list', async () => {
    const { mariaId } = await seedTwoCustomers();
    const { location } = renderScreen(<CustomersPage />, { path: `/${mariaId}` });
    const u = userEvent.setup();
    await u.click(await screen.findByRole('button', { name: 'Excluir dados do cliente (LGPD)' }));
    const dialog = await screen.findByRole('dialog', { name: `Excluir dados de ${maria.name}?` });
    expect(within(dialog).getByText(/CPF 529\.982\.247-25/)).toBeTruthy();
    await u.click(within(dialog).getByRole('button', { name: `Excluir dados de ${maria.name}` }));
    await waitFor(() => expect(location.history?.at(-1)).toBe('/'));
    expect(await db.customers.get(mariaId)).toBeUndefined();
    expect(await screen.findByRole('table', { name: 'Clientes' }, { timeout: 5000 })).toBeTruthy();
  });
});
