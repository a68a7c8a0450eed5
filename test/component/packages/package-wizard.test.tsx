import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { run } from '../../../renderer/data/client';
import { PackagesPage } from '../../../renderer/features/packages';
import { renderOnHost, useHostPerTest } from '../on-host';
import { eventsOf, seedIntegration, seedPackage } from './seed';
import { choose, fieldError, optionsOf, typeInto } from './ui';

// Host answers and their change notices settle after a few ticks; a loaded machine needs more than 1 s.

const host = useHostPerTest();
const packages = () => host.bridge.host.handlers['packages.list']({});

async function fillData(user: UserEvent, { name, price }: { name: string; price: string }) {
  await user.type(await screen.findByRole('textbox', { name: /Nome do pacote/ }), name);
  await user.click(screen.getByRole('radio', { name: 'Avulso' }));
  await user.type(screen.getByRole('textbox', { name: /Valor \(R\$\)/ }), price);
  await user.click(screen.getByRole('button', { name: 'Próximo' }));
}

async function fillComposition(user: UserEvent, items: { description: string; amount: string }[]) {
  for (const [i, item] of items.entries()) {
    if (i > 0) await user.click(screen.getByRole('button', { name: 'Adicionar item' }));
    await user.type(await screen.findByRole('textbox', { name: `Descrição do item ${i + 1}` }), item.description);
    await user.type(screen.getByRole('textbox', { name: `Valor do item ${i + 1}` }), item.amount);
  }
  await user.click(screen.getByRole('button', { name: 'Próximo' }));
}

async function chooseProduct(user: UserEvent, product: RegExp) {
  await choose(user, 'Integração', 'Campsoft Sandbox');
  await choose(user, 'Produto', product);
}

/** The step buttons of the Stepper, by their label. */
const stepButton = (label: string) => screen.getByRole('button', { name: new RegExp(`^\\d*\\s*${label}`) });

describe('package wizard', () => {
  it('generates the label from the name and the package number when left blank (S10), and the host records the save', async () => {
    await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const user = userEvent.setup();
    const { location } = renderOnHost(<PackagesPage />, { path: '/novo' });

    await fillData(user, { name: 'Leitura Digital Família', price: '19,90' });
    await fillComposition(user, [{ description: 'Licença de leitura', amount: '19,90' }]);
    await chooseProduct(user, /Leitura Digital \(cód\. 101\)/);
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    const table = await screen.findByRole('table', { name: 'Pacotes' });
    const [pkg] = await packages();
    expect(await within(table).findByText(`campsoft-leitura-digital-familia-${pkg.id}`)).toBeTruthy();
    expect(within(table).getByText('R$ 19,90')).toBeTruthy();
    expect(location.history?.at(-1)).toBe('/');
    expect((await eventsOf(host.bridge, 'package.save')).map((e) => e.message)).toEqual([expect.stringContaining(`label campsoft-leitura-digital-familia-${pkg.id}`)]);
  });

  it('does not move past an empty Dados step, nor mark it done', async () => {
    await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />, { path: '/novo' });

    await user.click(await screen.findByRole('button', { name: 'Próximo' }));
    expect(fieldError(screen.getByRole('textbox', { name: /Nome do pacote/ }))).toBe('Informe o nome do pacote.');
    expect(screen.getByText('Escolha como o pacote é vendido: avulso, benefício ou combo.')).toBeTruthy();
    expect(fieldError(screen.getByRole('textbox', { name: /Valor \(R\$\)/ }))).not.toBe('');
    expect(stepButton('Dados').hasAttribute('data-completed')).toBe(false);
    // jumping ahead through the step list lands on the step to fix, too
    await user.click(stepButton('Integração'));
    expect(screen.getByRole('textbox', { name: /Nome do pacote/ })).toBeTruthy();

    await fillData(user, { name: 'Leitura', price: '19,90' });
    expect(await screen.findByRole('textbox', { name: 'Descrição do item 1' })).toBeTruthy();
    expect(stepButton('Dados').hasAttribute('data-completed')).toBe(true);
  });

  it('says next to the label which package already uses it, keeps everything typed, and the success clears the failure toast', async () => {
    const integration = await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const taken = await seedPackage({ integrationId: integration.id, name: 'Leitura', label: 'campsoft-leitura-1' });
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />, { path: '/novo' });

    await fillData(user, { name: 'Leitura Kids', price: '9,90' });
    await fillComposition(user, [{ description: 'Licença infantil', amount: '9,90' }]);
    await chooseProduct(user, /Leitura Digital/);
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'campsoft-leitura-1');
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    const label = screen.getByRole('textbox', { name: 'Label' });
    await waitFor(() => expect(label.getAttribute('aria-invalid')).toBe('true'));
    expect(fieldError(label)).toContain(`Label já usado pelo pacote Nº ${taken.id} · Leitura:`);
    expect((label as HTMLInputElement).value).toBe('campsoft-leitura-1');
    expect(screen.getByText('Pacote não salvo')).toBeTruthy();
    expect(await packages()).toHaveLength(1);

    await user.click(stepButton('Dados'));
    expect((screen.getByRole('textbox', { name: /Nome do pacote/ }) as HTMLInputElement).value).toBe('Leitura Kids');

    await user.click(stepButton('Integração'));
    await typeInto(user, screen.getByRole('textbox', { name: 'Label' }), 'campsoft-leitura-kids');
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));
    expect(await screen.findByText(/salvo com o label campsoft-leitura-kids/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Pacote não salvo')).toBeNull());
  });

  it('shows the difference and does not leave the composition until it adds up to the price (S6)', async () => {
    await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />, { path: '/novo' });

    await fillData(user, { name: 'Combo Fibra + Leitura', price: '19,90' });
    await user.type(await screen.findByRole('textbox', { name: 'Descrição do item 1' }), 'Licença de leitura');
    await user.type(screen.getByRole('textbox', { name: 'Valor do item 1' }), '10,00');
    expect(screen.getByTestId('composition-total').textContent).toContain('Diferença: faltam R$ 9,90');
    await user.click(screen.getByRole('button', { name: 'Próximo' }));

    expect(await screen.findByText('A composição soma R$ 10,00, mas o preço do pacote é R$ 19,90. Faltam R$ 9,90: ajuste os itens.')).toBeTruthy();
    expect(stepButton('Composição').hasAttribute('data-completed')).toBe(false);

    await typeInto(user, screen.getByRole('textbox', { name: 'Valor do item 1' }), '19,90');
    expect(screen.getByTestId('composition-total').textContent).toContain('Composição confere com o valor.');
    await user.click(screen.getByRole('button', { name: 'Próximo' }));
    await chooseProduct(user, /Leitura Digital/);
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));
    await screen.findByRole('table', { name: 'Pacotes' });
    expect(await packages()).toHaveLength(1);
  });

  it('takes the accountant approval away when the price changes, and the list shows it awaits validation', async () => {
    const integration = await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ integrationId: integration.id, compositionApproval: { by: 'Contabilidade Silva', at: '2026-03-02T15:00:00.000Z' } });
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />, { path: `/${pkg.id}/editar` });

    await typeInto(user, await screen.findByRole('textbox', { name: /Valor \(R\$\)/ }), '29,90');
    await user.click(screen.getByRole('button', { name: 'Próximo' }));
    expect(await screen.findByText(/a validação de Contabilidade Silva em 02\/03\/2026 foi retirada/)).toBeTruthy();
    expect((screen.getByRole('switch', { name: /Validado pela contabilidade/ }) as HTMLInputElement).checked).toBe(false);
    await typeInto(user, screen.getByRole('textbox', { name: 'Valor do item 1' }), '29,90');
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    const table = await screen.findByRole('table', { name: 'Pacotes' });
    expect(await within(table).findByText('Aguardando validação da contabilidade')).toBeTruthy();
    const [saved] = await packages();
    expect(saved.compositionApproval).toBeUndefined();
    expect(saved.priceCents).toBe(2990);
  });

  it('keeps the accountant approval when only the name changes', async () => {
    const integration = await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ integrationId: integration.id, compositionApproval: { by: 'Contabilidade Silva', at: '2026-03-02T15:00:00.000Z' } });
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />, { path: `/${pkg.id}/editar` });

    await typeInto(user, await screen.findByRole('textbox', { name: /Nome do pacote/ }), 'Leitura Plus');
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    const table = await screen.findByRole('table', { name: 'Pacotes' });
    expect(await within(table).findByText('Leitura Plus')).toBeTruthy();
    expect(within(table).getByText('Validada por Contabilidade Silva em 02/03/2026')).toBeTruthy();
  });

  it('offers one active product per package and asks for it when missing (S3)', async () => {
    await seedIntegration(host.bridge, [
      { code: '101', name: 'Leitura Digital' },
      { code: '102', name: 'Audiolivros' },
      { code: '900', name: 'Produto Antigo', status: 'inactive' },
    ]);
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />, { path: '/novo' });
    await fillData(user, { name: 'Benefício Leitura', price: '0' });
    await user.click(await screen.findByRole('button', { name: 'Próximo' }));
    await choose(user, 'Integração', 'Campsoft Sandbox');

    expect(screen.getByText('Na Campsoft cada pacote entrega um único produto. Para oferecer outro produto, crie outro pacote.')).toBeTruthy();
    await waitFor(async () => expect(await optionsOf(user, 'Produto')).toEqual(['Leitura Digital (cód. 101)', 'Audiolivros (cód. 102)']));
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));
    await waitFor(() =>
      expect(fieldError(screen.getByRole('combobox', { name: /^Produto/ }))).toBe('Escolha um produto: na Campsoft cada pacote entrega exatamente um produto.'),
    );

    await choose(user, 'Produto', /Leitura Digital/);
    await choose(user, 'Produto', /Audiolivros/);
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));
    await screen.findByRole('table', { name: 'Pacotes' });
    const [pkg] = await packages();
    expect(pkg).toMatchObject({ productCode: '102', priceCents: 0, kind: 'avulso' });
  });

  it('warns in the wizard when the package product went inactive on the platform', async () => {
    const integration = await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ integrationId: integration.id });
    await host.bridge.host.store.db.updateTable('products').set({ status: 'inactive' }).execute();
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />, { path: `/${pkg.id}/editar` });
    await user.click(await screen.findByRole('button', { name: /Integração/ }));
    expect(await screen.findByText('Produto inativo na plataforma')).toBeTruthy();
  });

  it('keeps a typed amount that does not parse, says how to write it, and stays on Dados', async () => {
    await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />, { path: '/novo' });
    await fillData(user, { name: 'Leitura', price: '19.90' });
    const price = screen.getByRole('textbox', { name: /Valor \(R\$\)/ });
    expect(fieldError(price)).toMatch(/Use o formato 1.234,56/);
    expect((price as HTMLInputElement).value).toBe('19.90');
    expect(screen.queryByRole('textbox', { name: 'Descrição do item 1' })).toBeNull();
  });

  it('refuses to save over a change made elsewhere meanwhile, says so, and Recarregar shows the current version', async () => {
    const integration = await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ integrationId: integration.id, name: 'Leitura' });
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />, { path: `/${pkg.id}/editar` });
    const name = await screen.findByRole('textbox', { name: /Nome do pacote/ });

    // another desk renames it while this form is open
    await run('packages.save', { id: pkg.id, version: pkg.version, values: { ...pkg, priceCents: pkg.priceCents, label: pkg.label, name: 'Leitura Família' } });
    await typeInto(user, name, 'Leitura Plus');
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    expect(await screen.findByText(/Este pacote foi alterado em .*, depois que você abriu\. Recarregue para ver a versão atual; nada foi salvo\./)).toBeTruthy();
    expect((await host.bridge.host.handlers['packages.get']({ id: pkg.id }))?.name).toBe('Leitura Família');
    await user.click(screen.getByRole('button', { name: 'Recarregar' }));
    await waitFor(() => expect((screen.getByRole('textbox', { name: /Nome do pacote/ }) as HTMLInputElement).value).toBe('Leitura Família'));
    expect(screen.queryByText(/depois que você abriu/)).toBeNull();
  });
});
