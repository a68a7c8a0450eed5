import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { CustomersPage } from '../../../renderer/features/customers/CustomersPage';
import { catchDownloads } from '../downloads';
import { renderOnHost, useHostPerTest } from '../on-host';
import { addCustomer, addService, joao, linkPackage, maria, seedCatalogue, setObserved, type Catalogue } from './host-seed';

// Host answers and their change notices settle after a few ticks; a loaded machine needs more than 1 s.

const host = useHostPerTest();
let c: Catalogue;
beforeEach(async () => {
  c = await seedCatalogue(host.bridge);
});

/** Maria with service 5001 (Leitura by default + Kids with her own senha), and João with 6001. */
async function seedTwoCustomers() {
  const mariaId = await addCustomer();
  await addService(mariaId, '5001', c.fibra300.id);
  await linkPackage('5001', c.kids.id, { password: 'Senha#Maria' });
  const joaoId = await addCustomer(joao);
  await addService(joaoId, '6001', c.fibraLivre.id);
  await linkPackage('6001', c.kids.id);
  return { mariaId, joaoId };
}

const saved = catchDownloads();

describe('Exportar dados (LGPD)', () => {
  it("downloads one JSON file with the customer's own data, named without personal data", async () => {
    const { mariaId } = await seedTwoCustomers();
    const u = userEvent.setup();
    renderOnHost(<CustomersPage />, { path: `/${mariaId}` });
    const lgpd = await screen.findByRole('region', { name: 'Dados pessoais (LGPD)' });
    await u.click(within(lgpd).getByRole('button', { name: 'Exportar dados (LGPD)' }));
    expect(await screen.findByText('Arquivo com os dados do cliente gerado. Entregue-o somente ao titular.')).toBeTruthy();

    expect(saved[0]!.name).toMatch(new RegExp(`^lgpd-cliente-${mariaId}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const file = JSON.parse(await saved[0]!.blob.text()) as { format: string; customer: { document: string }; links: { password?: string }[]; events: { kind: string }[] };
    expect(file.format).toBe('sva-desk-lgpd-export');
    expect(file.customer.document).toBe('52998224725');
    expect(file.links.map((l) => l.password)).toContain('Senha#Maria');
    expect(JSON.stringify(file)).not.toContain(joao.name);
    expect(file.events.map((e) => e.kind)).toContain('customer.save');
  });
});

describe('Excluir dados do cliente (LGPD)', () => {
  it('the dialog explains what to do first, and its shortcut cancels every service of the customer', async () => {
    const { mariaId } = await seedTwoCustomers();
    await addService(mariaId, '5002', c.fibraLivre.id, { status: 'suspenso_debito' });
    await setObserved(host.bridge, '5001', { state: 'active', sentHash: 'a.b', confirmedAt: '2026-03-02T12:00:00.000Z' });
    const u = userEvent.setup();
    renderOnHost(<CustomersPage />, { path: `/${mariaId}` });
    await u.click(await screen.findByRole('button', { name: 'Excluir dados do cliente (LGPD)' }));

    const dialog = await screen.findByRole('dialog', { name: `Excluir dados de ${maria.name}?` });
    expect(within(dialog).getByText(/Cancele os serviços do cliente; quando a plataforma confirmar o cancelamento das licenças, a exclusão fica disponível/)).toBeTruthy();
    const items = within(dialog).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toHaveLength(2);
    for (const item of items) expect(item).toContain('serviço 5001');
    expect(within(dialog).queryByRole('button', { name: /^Excluir dados de/ })).toBeNull();

    await u.click(within(dialog).getByRole('button', { name: 'Cancelar todos os serviços do cliente' }));
    await waitFor(async () => expect((await host.bridge.host.handlers['customers.get']({ id: mariaId }))!.services.map((s) => s.status)).toEqual(['cancelado', 'cancelado']));
    // still refused until the platform confirms; the dialog now says to wait for the transmission
    expect(await within(dialog).findByText(/Os serviços já estão cancelados: aguarde a transmissão confirmar/)).toBeTruthy();
  });

  it('a customer whose data reached the platform: the confirmation says what stays there', async () => {
    const { mariaId } = await seedTwoCustomers();
    await setObserved(host.bridge, '5001', { state: 'canceled', sentHash: 'a.b', confirmedAt: '2026-03-03T10:00:00.000Z' });
    const u = userEvent.setup();
    renderOnHost(<CustomersPage />, { path: `/${mariaId}` });
    await u.click(await screen.findByRole('button', { name: 'Excluir dados do cliente (LGPD)' }));
    const dialog = await screen.findByRole('dialog', { name: `Excluir dados de ${maria.name}?` });
    expect(await within(dialog).findByText(/Na Campsoft continuam o nome, o CPF\/CNPJ, o e-mail e o telefone do assinante \(contrato 5001\)/)).toBeTruthy();
    // how to ask Campsoft, with the contract to quote, and no link to an address the app does not know
    expect(within(dialog).getByText(/peça à Campsoft pelo canal de suporte ou de privacidade \(encarregado\/DPO\)/)).toBeTruthy();
    expect(within(dialog).getByText(/Anote o id_contrato antes de excluir/)).toBeTruthy();
    expect(within(dialog).queryAllByRole('link')).toEqual([]);
    expect(within(dialog).getByRole('button', { name: `Excluir dados de ${maria.name}` })).toBeTruthy();
  });

  it('a never-transmitted customer: the dialog names them, erases on confirmation and goes back to the list', async () => {
    const { mariaId, joaoId } = await seedTwoCustomers();
    const { location } = renderOnHost(<CustomersPage />, { path: `/${mariaId}` });
    const u = userEvent.setup();
    await u.click(await screen.findByRole('button', { name: 'Excluir dados do cliente (LGPD)' }));
    const dialog = await screen.findByRole('dialog', { name: `Excluir dados de ${maria.name}?` });
    expect(within(dialog).getByText(/CPF 529\.982\.247-25/)).toBeTruthy();
    expect(within(dialog).getByText('Pelo registro do escritório, nenhum dado deste cliente chegou à plataforma.')).toBeTruthy();
    await u.click(within(dialog).getByRole('button', { name: `Excluir dados de ${maria.name}` }));
    await waitFor(() => expect(location.history?.at(-1)).toBe('/'));
    expect(await host.bridge.host.handlers['customers.get']({ id: mariaId })).toBeNull();
    expect(await host.bridge.host.handlers['customers.get']({ id: joaoId })).not.toBeNull();
    const table = await screen.findByRole('table', { name: 'Clientes' });
    await waitFor(() => expect(table.textContent).not.toContain(maria.name));
  });
});
