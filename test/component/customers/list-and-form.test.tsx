import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../../renderer/db/db';
import { CustomersPage } from '../../../renderer/features/customers/CustomersPage';
import { useCustomersUi } from '../../../renderer/features/customers/ui-store';
import { renderScreen } from '../render';
import { addCustomer, clearAll, maria } from './fixtures';

// jsdom has no layout: give the virtualized list's scroll box a size so it renders the rows on screen.
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
});
afterAll(() => vi.restoreAllMocks());

beforeEach(async () => {
  await clearAll();
  useCustomersUi.setState({ query: '' });
});

describe('Clientes list', () => {
  it('with no customers yet, offers to add one or import from the ERP', async () => {
    renderScreen(<CustomersPage />);
    expect(await screen.findByRole('heading', { name: 'Nenhum cliente cadastrado ainda' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Adicionar cliente' }).getAttribute('href')).toBe('/novo');
    expect(screen.getByRole('link', { name: 'Importar do ERP' }).getAttribute('href')).toBe('/importacao');
  });

  it('lists customers with masked documents and marks the ones that will not be transmitted (S9)', async () => {
    await addCustomer();
    await addCustomer({ name: 'Joana Prado', document: '111.444.777-35', emails: ['joana@exemplo.com'], phones: [] });
    renderScreen(<CustomersPage />);
    const table = await screen.findByRole('table', { name: 'Clientes' });
    await within(table).findByText('Joana Prado');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1].textContent).toContain('Joana Prado');
    expect(rows[1].textContent).toContain('***.444.777-**');
    expect(within(rows[1]).getByText('Não transmite')).toBeTruthy();
    expect(rows[2].textContent).toContain('Maria José da Silva');
    expect(within(rows[2]).queryByText('Não transmite')).toBeNull();
    expect(screen.getByText('2 clientes')).toBeTruthy();
  });

  it('narrows the list as the clerk types a phone, and says when nothing matches', async () => {
    await addCustomer();
    await addCustomer({ name: 'Joana Prado', document: '111.444.777-35', emails: [], phones: ['(21) 3456-7890'] });
    const user = userEvent.setup();
    renderScreen(<CustomersPage />);
    const search = await screen.findByLabelText('Buscar cliente');
    await user.type(search, '(21) 3456');
    await waitFor(() => expect(screen.getByText('1 cliente encontrado')).toBeTruthy());
    expect(screen.getByRole('table', { name: 'Clientes' }).textContent).toContain('Joana Prado');
    await user.clear(search);
    await user.type(search, 'Zeca');
    expect(await screen.findByText('Nenhum cliente encontrado')).toBeTruthy();
  });
});

describe('customer form', () => {
  it('masks an alphanumeric CNPJ as typed, shows the parsed phone and saves the customer', async () => {
    const user = userEvent.setup();
    const { location } = renderScreen(<CustomersPage />, { path: '/novo' });
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
    const saved = await db.customers.toCollection().first();
    expect(saved).toMatchObject({ document: '12ABC34501DE35', documentType: 'cnpj', emails: ['contato@acai.com.br'] });
    expect(saved?.phones).toEqual([{ ddi: '55', ddd: '11', number: '912345678', mobile: true }]);
  });

  it('shows each error next to its field and keeps everything typed', async () => {
    const user = userEvent.setup();
    renderScreen(<CustomersPage />, { path: '/novo' });
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
    expect(await db.customers.count()).toBe(0);
  });

  it('refuses a CPF already registered, naming the customer with a link to it', async () => {
    const id = await addCustomer();
    const user = userEvent.setup();
    renderScreen(<CustomersPage />, { path: '/novo' });
    await user.type(await screen.findByLabelText(/Nome \/ Razão social/), 'Outra Maria');
    await user.type(screen.getByLabelText(/CPF\/CNPJ/), maria.document as string);
    await user.click(screen.getByRole('button', { name: 'Salvar cliente' }));
    expect(await screen.findByText(/CPF já cadastrado para Maria José da Silva/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Abrir o cadastro de Maria José da Silva' }).getAttribute('href')).toBe(`/${id}`);
    expect(await db.customers.count()).toBe(1);
  });

  it('edits a stored customer with its data filled in', async () => {
    const id = await addCustomer();
    const user = userEvent.setup();
    renderScreen(<CustomersPage />, { path: `/${id}/editar` });
    const name = (await screen.findByDisplayValue('Maria José da Silva')) as HTMLInputElement;
    expect(screen.getByDisplayValue('529.982.247-25')).toBeTruthy();
    expect(screen.getByDisplayValue('(11) 91234-5678')).toBeTruthy();
    await user.clear(name);
    await user.type(name, 'Maria Silva');
    await user.click(screen.getByRole('button', { name: 'Salvar cliente' }));
    await waitFor(async () => expect((await db.customers.get(id))?.name).toBe('Maria Silva'));
  });
});
