import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../renderer/data/client';
import { CustomersPage } from '../../../renderer/features/customers/CustomersPage';
import { useCustomersUi } from '../../../renderer/features/customers/ui-store';
import { SEARCH_PAGE } from '../../../shared/contract';
import { customerRow } from '../../../electron/host/store/rows';
import { cpfFor } from '../../fixtures/documents';
import { renderOnHost, useHostPerTest } from '../on-host';
import { addCustomer, maria } from './host-seed';

// Host answers and their change notices settle after a few ticks; a loaded machine needs more than 1 s.

// jsdom has no layout: give the virtualized list's scroll box a size so it renders the rows on screen.
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
});
afterAll(() => vi.restoreAllMocks());

const host = useHostPerTest();
beforeEach(() => useCustomersUi.setState({ query: '', pages: [] }));

const customers = async () => (await host.bridge.host.handlers['customers.search']({ text: '', limit: 1000 })).rows;

describe('Clientes list', () => {
  it('with no customers yet, offers to add one or import from the ERP', async () => {
    renderOnHost(<CustomersPage />);
    expect(await screen.findByRole('heading', { name: 'Nenhum cliente cadastrado ainda' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Adicionar cliente' }).getAttribute('href')).toBe('/novo');
    expect(screen.getByRole('link', { name: 'Importar do ERP' }).getAttribute('href')).toBe('/importacao');
  });

  it('lists customers with masked documents and marks the ones that will not be transmitted (S9)', async () => {
    await addCustomer();
    await addCustomer({ name: 'Joana Prado', document: '111.444.777-35', emails: ['joana@exemplo.com'], phones: [] });
    renderOnHost(<CustomersPage />);
    const table = await screen.findByRole('table', { name: 'Clientes' });
    await within(table).findByText('Joana Prado');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1].textContent).toContain('Joana Prado');
    expect(rows[1].textContent).toContain('***.444.777-**');
    expect(rows[1].textContent).not.toContain('joana@exemplo.com');
    expect(within(rows[1]).getByText('Não transmite')).toBeTruthy();
    expect(rows[2].textContent).toContain('Maria José da Silva');
    expect(within(rows[2]).queryByText('Não transmite')).toBeNull();
    expect(screen.getByText('2 clientes, em ordem de nome')).toBeTruthy();
  });

  it('finds a customer by a word inside the name and by phone, and says when nothing matches', async () => {
    await addCustomer();
    await addCustomer({ name: 'Joana Prado', document: '111.444.777-35', emails: [], phones: ['(21) 3456-7890'] });
    const user = userEvent.setup();
    renderOnHost(<CustomersPage />);
    const search = await screen.findByLabelText('Buscar cliente');
    await user.type(search, '(21) 3456');
    await waitFor(() => expect(screen.getByText('1 cliente encontrado, em ordem de nome')).toBeTruthy());
    expect(screen.getByRole('table', { name: 'Clientes' }).textContent).toContain('Joana Prado');
    await user.clear(search);
    await user.type(search, 'josé');
    await waitFor(() => expect(screen.getByRole('table', { name: 'Clientes' }).textContent).toContain('Maria José da Silva'));
    expect(screen.getByRole('table', { name: 'Clientes' }).textContent).not.toContain('Joana Prado');
    await user.clear(search);
    await user.type(search, 'Zeca');
    expect(await screen.findByText('Nenhum cliente encontrado')).toBeTruthy();
    expect(screen.getByText(/Nenhum cliente encontrado para “Zeca”/)).toBeTruthy();
  });

  it('reaches every customer, page by page, past the first page', async () => {
    const at = '2026-03-02T12:00:00.000Z';
    const total = SEARCH_PAGE + 30;
    // many customers at once: straight into the store, as an import would have written them
    await host.bridge.host.store.db
      .insertInto('customers')
      .values(
        Array.from({ length: total }, (_, i) => ({
          ...customerRow({ name: `Cliente ${String(i + 1).padStart(4, '0')}`, documentType: 'cpf', document: cpfFor(i + 1), emails: [], phones: [], createdAt: at, updatedAt: at }),
          updatedBy: null,
        })),
      )
      .execute();
    const user = userEvent.setup();
    renderOnHost(<CustomersPage />);
    expect(await screen.findByText(`Mostrando 1–${SEARCH_PAGE} de ${total} clientes, em ordem de nome`)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Página anterior' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Próxima página' }));
    expect(await screen.findByText(`Mostrando ${SEARCH_PAGE + 1}–${total} de ${total} clientes, em ordem de nome`)).toBeTruthy();
    expect(await within(screen.getByRole('table', { name: 'Clientes' })).findByText(`Cliente ${String(SEARCH_PAGE + 1).padStart(4, '0')}`)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Próxima página' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Página anterior' }));
    expect(await screen.findByText(`Mostrando 1–${SEARCH_PAGE} de ${total} clientes, em ordem de nome`)).toBeTruthy();
  });

  it('shows a customer saved elsewhere without reloading (the host announces the change)', async () => {
    await addCustomer();
    renderOnHost(<CustomersPage />);
    await screen.findByText('1 cliente, em ordem de nome');
    await addCustomer({ name: 'Joana Prado', document: '111.444.777-35', emails: [], phones: [] });
    expect(await within(screen.getByRole('table', { name: 'Clientes' })).findByText('Joana Prado')).toBeTruthy();
  });
});

describe('customer form', () => {
  it('masks an alphanumeric CNPJ as typed, shows the parsed phone and saves the customer in the host', async () => {
    const user = userEvent.setup();
    const { location } = renderOnHost(<CustomersPage />, { path: '/novo' });
    await user.type(await screen.findByLabelText(/Nome \/ Razão social/), 'Livraria Açaí Ltda');
    const document = screen.getByLabelText(/CPF\/CNPJ/);
    await user.type(document, '12abc34501de35');
    expect((document as HTMLInputElement).value).toBe('12.ABC.345/01DE-35');
    expect(screen.getByText('CNPJ válido')).toBeTruthy();
    await user.type(screen.getByLabelText('E-mail'), 'contato@acai.com.br');
    await user.type(screen.getByLabelText('Telefone'), '11912345678');
    expect(screen.getByText('Celular · DDI 55 · DDD 11 · número 91234-5678')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Salvar cliente' }));

    await waitFor(() => expect(location.history?.at(-1)).toMatch(/^\/\d+$/));
    const id = Number(location.history!.at(-1)!.slice(1));
    const saved = (await host.bridge.host.handlers['customers.get']({ id }))?.customer;
    expect(saved).toMatchObject({ document: '12ABC34501DE35', documentType: 'cnpj', emails: ['contato@acai.com.br'] });
    expect(saved?.phones).toEqual([{ ddi: '55', ddd: '11', number: '912345678', mobile: true }]);
    expect(await screen.findByRole('heading', { level: 2, name: 'Livraria Açaí Ltda' })).toBeTruthy();
  });

  it('shows each error next to its field and keeps everything typed', async () => {
    const user = userEvent.setup();
    renderOnHost(<CustomersPage />, { path: '/novo' });
    await user.type(await screen.findByLabelText(/Nome \/ Razão social/), 'Maria');
    await user.type(screen.getByLabelText(/CPF\/CNPJ/), '52998224700');
    await user.type(screen.getByLabelText('E-mail'), 'maria@');
    await user.type(screen.getByLabelText('Telefone'), '(20) 91234-5678');
    await user.click(screen.getByRole('button', { name: 'Salvar cliente' }));

    expect(await screen.findByText('CPF inválido: dígitos verificadores não conferem. Confira o documento digitado.')).toBeTruthy();
    expect(screen.getByText(/E-mail inválido: "maria@"/)).toBeTruthy();
    expect(screen.getByText('DDD 20 não existe no Brasil. Confira o DDD do telefone.')).toBeTruthy();
    expect((screen.getByLabelText('Telefone') as HTMLInputElement).value).toBe('(20) 91234-5678');
    expect((screen.getByLabelText(/Nome \/ Razão social/) as HTMLInputElement).value).toBe('Maria');
    expect(await customers()).toHaveLength(0);
  });

  it('refuses a CPF already registered, naming the customer with a link to them', async () => {
    const id = await addCustomer();
    const user = userEvent.setup();
    renderOnHost(<CustomersPage />, { path: '/novo' });
    await user.type(await screen.findByLabelText(/Nome \/ Razão social/), 'Outra Maria');
    await user.type(screen.getByLabelText(/CPF\/CNPJ/), maria.document);
    await user.click(screen.getByRole('button', { name: 'Salvar cliente' }));
    expect(await screen.findByText(/CPF já cadastrado para Maria José da Silva/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Abrir o cadastro do cliente' }).getAttribute('href')).toBe(`/${id}`);
    expect(await customers()).toHaveLength(1);
  });

  it('edits a stored customer with its data filled in', async () => {
    const id = await addCustomer();
    const user = userEvent.setup();
    renderOnHost(<CustomersPage />, { path: `/${id}/editar` });
    const name = (await screen.findByDisplayValue('Maria José da Silva')) as HTMLInputElement;
    expect(screen.getByDisplayValue('529.982.247-25')).toBeTruthy();
    expect(screen.getByDisplayValue('(11) 91234-5678')).toBeTruthy();
    await user.clear(name);
    await user.type(name, 'Maria Silva');
    await user.click(screen.getByRole('button', { name: 'Salvar cliente' }));
    await waitFor(async () => expect((await host.bridge.host.handlers['customers.get']({ id }))?.customer.name).toBe('Maria Silva'));
  });

  it('refuses to save over a change made elsewhere meanwhile, and Recarregar shows the current version', async () => {
    const id = await addCustomer();
    const user = userEvent.setup();
    renderOnHost(<CustomersPage />, { path: `/${id}/editar` });
    const name = (await screen.findByDisplayValue('Maria José da Silva')) as HTMLInputElement;

    // another desk adds an e-mail while this form is open
    const opened = (await host.bridge.host.handlers['customers.get']({ id }))!.customer;
    await run('customers.save', { id, version: opened.version, values: { ...maria, emails: ['maria@exemplo.com.br', 'financeiro@exemplo.com.br'] } });
    await user.clear(name);
    await user.type(name, 'Maria Silva');
    await user.click(screen.getByRole('button', { name: 'Salvar cliente' }));

    expect(await screen.findByText(/Este cliente foi alterado em .*, depois que você abriu\. Recarregue para ver a versão atual; nada foi salvo\./)).toBeTruthy();
    expect((await host.bridge.host.handlers['customers.get']({ id }))?.customer.name).toBe('Maria José da Silva');
    await user.click(screen.getByRole('button', { name: 'Recarregar' }));
    expect(await screen.findByDisplayValue('financeiro@exemplo.com.br')).toBeTruthy();
    expect(screen.getByDisplayValue('Maria José da Silva')).toBeTruthy();
  });
});
