import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { readServiceIds } from '../../../renderer/features/bulk';
import { CustomersPage } from '../../../renderer/features/customers/CustomersPage';
import { PlansPage } from '../../../renderer/features/plans';
import { addCustomer, addService, joao, maria, seedCatalogue } from '../customers/host-seed';
import { renderOnHost, useHostPerTest } from '../on-host';
import { choose } from '../packages/ui';

const host = useHostPerTest();
const utf8 = (text: string) => new TextEncoder().encode(text);
const linksOf = async (serviceId: string) => (await host.bridge.host.store.db.selectFrom('links').selectAll().where('serviceId', '=', serviceId).where('removedAt', 'is', null).execute()).map((l) => l.packageId);

describe('Ações em massa: the dialog on a real host', () => {
  it('from a file of id_cliente_servico: unknown ids reported per line, S12 refusals with the reason, the others linked', async () => {
    const c = await seedCatalogue(host.bridge);
    await addService(await addCustomer(maria), '9001', c.fibraLivre.id);
    await addService(await addCustomer(joao), '9002', c.fibraTravada.id);
    const user = userEvent.setup();
    renderOnHost(<CustomersPage />);
    await screen.findByText(/2 clientes, em ordem de nome/);

    const file = new File(['id_cliente_servico;nome\n9001;Maria\n404;Ninguém\n9002;João\n'], 'selecao.csv', { type: 'text/csv' });
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    await user.upload(input, file);
    const dialog = await screen.findByRole('dialog', { name: 'Ação em massa — 3 linhas do arquivo selecao.csv (coluna id_cliente_servico)' });
    await choose(user, 'Pacote', 'Kids Livros');
    await user.click(within(dialog).getByRole('button', { name: 'Ver prévia' }));

    expect(await within(dialog).findByText('Alcance: serviços do arquivo selecao.csv — 2 serviços, 3 linhas.')).toBeTruthy();
    expect(within(dialog).getByLabelText('A fazer: 1')).toBeTruthy();
    expect(within(dialog).getByLabelText('Recusado: 1')).toBeTruthy();
    expect(within(dialog).getByLabelText('Não encontrado: 1')).toBeTruthy();
    const table = await within(dialog).findByRole('table', { name: 'Prévia por serviço' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    // the file's own lines (the header is line 1)
    expect(within(table).getAllByRole('row').map((r) => r.querySelector('td')?.textContent ?? null)).toEqual([null, '2', '3', '4']);
    expect(table.textContent).toContain('Serviço 404 não encontrado no SVA Desk: confira o id_cliente_servico no ERP ou importe o cliente antes.');
    expect(table.textContent).toContain('O plano "Fibra 500 Travado" está com Travar Pacotes ligado');

    await user.click(within(dialog).getByRole('button', { name: 'Confirmar: vincular em 1 serviço' }));
    expect(await screen.findByRole('dialog', { name: 'Resultado da ação em massa' })).toBeTruthy();
    await waitFor(() => expect(within(dialog).getByLabelText('Feito: 1')).toBeTruthy());
    expect(await linksOf('9001')).toEqual([c.kids.id]);
    expect(await linksOf('9002')).toEqual([]);
  });

  it('asks which parameter to change, and shows the field’s own message when its value is invalid', async () => {
    const c = await seedCatalogue(host.bridge);
    await addService(await addCustomer(maria), '9001', c.fibra300.id);
    const user = userEvent.setup();
    renderOnHost(<CustomersPage />);
    // the list's rows are virtual (none in jsdom's layout): the page's box ticks them
    await user.click(await screen.findByRole('checkbox', { name: 'Selecionar os clientes desta página' }));
    await user.click(screen.getByRole('button', { name: 'Ação em massa…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ação em massa — 1 cliente selecionado' });
    await user.click(within(dialog).getByRole('radio', { name: /Alterar parâmetros/ }));
    await choose(user, 'Pacote', 'Leitura Digital');
    await user.click(within(dialog).getByRole('button', { name: 'Ver prévia' }));
    expect(await within(dialog).findByText('Escolha ao menos um parâmetro.')).toBeTruthy();

    await user.click(within(dialog).getByRole('checkbox', { name: 'Alterar id_contrato' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Novo valor de id_contrato' }), 'x'.repeat(101));
    await user.click(within(dialog).getByRole('button', { name: 'Ver prévia' }));
    expect(await within(dialog).findByText('O id_contrato pode ter no máximo 100 caracteres.')).toBeTruthy();
    // nothing typed was lost
    expect((within(dialog).getByRole('textbox', { name: 'Novo valor de id_contrato' }) as HTMLInputElement).value).toHaveLength(101);
  });

  it('on a plan: mandatory defaults ticked and fixed, an optional one only when chosen (S11)', async () => {
    const c = await seedCatalogue(host.bridge);
    await addService(await addCustomer(maria), '9001', c.fibraLivre.id);
    // the plan gets its defaults after the service exists (as after an import)
    await host.bridge.host.handlers['plans.save']({
      id: c.fibraLivre.id,
      version: c.fibraLivre.version,
      values: { name: 'Fibra Livre', priceCents: 9990, defaultPackages: [{ packageId: c.leitura.id, mandatory: true }, { packageId: c.kids.id, mandatory: false }] },
    });
    const user = userEvent.setup();
    renderOnHost(<PlansPage />);
    await user.click(await screen.findByRole('button', { name: 'Aplicar pacotes padrão aos serviços existentes de Fibra Livre' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('Leitura Digital — obrigatório: vai para todos os serviços do plano')).toBeTruthy();
    expect(within(dialog).queryByRole('checkbox', { name: /Leitura Digital/ })).toBeNull();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Kids Livros — opcional: marque para incluir' }));
    await user.click(within(dialog).getByRole('button', { name: 'Ver prévia' }));
    const packages = await within(dialog).findByRole('table', { name: 'Pacotes da ação' });
    expect(packages.textContent).toContain('Opcional, incluído');
    await user.click(within(dialog).getByRole('button', { name: 'Confirmar: vincular 2 pacotes' }));
    await screen.findByRole('dialog', { name: 'Resultado da ação em massa' });
    await waitFor(async () => expect((await linksOf('9001')).sort()).toEqual([c.leitura.id, c.kids.id].sort()));
  });
});

describe('readServiceIds', () => {
  it('reads the id_cliente_servico column, or a header-less list of ids, and refuses an empty one in Portuguese', async () => {
    expect(await readServiceIds(utf8('nome;id_cliente_servico\nMaria;9001\nJoão;9002\n'), 'a.csv')).toEqual({ fileName: 'a.csv', column: 'id_cliente_servico', serviceIds: ['9001', '9002'], lines: [2, 3] });
    expect(await readServiceIds(utf8('9001\n9002\n9003\n'), 'b.csv')).toEqual({ fileName: 'b.csv', column: 'primeira coluna', serviceIds: ['9001', '9002', '9003'], lines: [1, 2, 3] });
    expect(await readServiceIds(utf8('id_cliente_servico\n\n'), 'c.csv')).toEqual({
      error: 'O arquivo "c.csv" não tem códigos de serviço na coluna id_cliente_servico. Use uma coluna id_cliente_servico com um código por linha.',
    });
  });
});
