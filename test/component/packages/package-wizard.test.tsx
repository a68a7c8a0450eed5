import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { PackagesPage } from '../../../renderer/features/packages/PackagesPage';
import { renderScreen } from '../render';
import { seedIntegration, seedPackage } from './seed';
import { choose, fieldError, optionsOf, typeInto } from './ui';

// Dexie live queries settle after a few ticks; a loaded machine needs more than the 1 s default.
configure({ asyncUtilTimeout: 8000 });

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
});

async function fillData(user: UserEvent, { name, price }: { name: string; price: string }) {
  await user.type(await screen.findByRole('textbox', { name: /Nome do pacote/ }), name);
  await user.click(screen.getByRole('radio', { name: 'Avulso' }));
  await user.type(screen.getByRole('textbox', { name: /Valor \(R\$\)/ }), price);
  await user.click(screen.getByRole('button', { name: 'Próximo' }));
}

async function fillComposition(user: UserEvent, items: { description: string; amount: string }[]) {
  for (const [i, item] of items.entries()) {
    if (i > 0) await user.click(screen.getByRole('button', { name: 'Adicionar item' }));
    await user.type(screen.getByRole('textbox', { name: `Descrição do item ${i + 1}` }), item.description);
    await user.type(screen.getByRole('textbox', { name: `Valor do item ${i + 1}` }), item.amount);
  }
  await user.click(screen.getByRole('button', { name: 'Próximo' }));
}

async function chooseProduct(user: UserEvent, product: RegExp) {
  await choose(user, 'Integração', 'Campsoft Sandbox');
  await choose(user, 'Produto', product);
}

describe('package wizard', () => {
  it('generates the label from the name and the package number when left blank (S10), and records the save', async () => {
    await seedIntegration([{ code: '101', name: 'Leitura Digital' }]);
    const user = userEvent.setup();
    const { location } = renderScreen(<PackagesPage />, { path: '/novo' });

    await fillData(user, { name: 'Leitura Digital Família', price: '19,90' });
    await fillComposition(user, [{ description: 'Licença de leitura', amount: '19,90' }]);
    await chooseProduct(user, /Leitura Digital \(cód\. 101\)/);
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    const table = await screen.findByRole('table', { name: 'Pacotes' });
    const [pkg] = await db.packages.toArray();
    // the package number is the auto-increment id, which IndexedDB never reuses
    expect(within(table).getByText(`campsoft-leitura-digital-familia-${pkg.id}`)).toBeTruthy();
    expect(within(table).getByText('R$ 19,90')).toBeTruthy();
    expect(location.history?.at(-1)).toBe('/');
    const events = await db.events.where('kind').equals('package.save').toArray();
    expect(events.map((e) => e.message)).toEqual([expect.stringContaining(`label campsoft-leitura-digital-familia-${pkg.id}`)]);
  });

  it('says next to the label which package already uses it, and keeps everything typed', async () => {
    await seedIntegration([{ code: '101', name: 'Leitura Digital' }]);
    const taken = await seedPackage({ name: 'Leitura', label: 'campsoft-leitura-1' });
    const user = userEvent.setup();
    renderScreen(<PackagesPage />, { path: '/novo' });

    await fillData(user, { name: 'Leitura Kids', price: '9,90' });
    await fillComposition(user, [{ description: 'Licença infantil', amount: '9,90' }]);
    await chooseProduct(user, /Leitura Digital/);
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'campsoft-leitura-1');
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    const label = screen.getByRole('textbox', { name: 'Label' });
    await waitFor(() => expect(label.getAttribute('aria-invalid')).toBe('true'));
    expect(fieldError(label)).toContain(`Label já usado pelo pacote Nº ${taken.id} · Leitura:`);
    expect((label as HTMLInputElement).value).toBe('campsoft-leitura-1');
    expect(await db.packages.count()).toBe(1);

    await user.click(screen.getByRole('button', { name: /Dados/ }));
    expect((screen.getByRole('textbox', { name: /Nome do pacote/ }) as HTMLInputElement).value).toBe('Leitura Kids');
  });

  it('shows the difference and refuses to save until the composition adds up to the price (S6)', async () => {
    await seedIntegration([{ code: '101', name: 'Leitura Digital' }]);
    const user = userEvent.setup();
    renderScreen(<PackagesPage />, { path: '/novo' });

    await fillData(user, { name: 'Combo Fibra + Leitura', price: '19,90' });
    await user.type(screen.getByRole('textbox', { name: 'Descrição do item 1' }), 'Licença de leitura');
    await user.type(screen.getByRole('textbox', { name: 'Valor do item 1' }), '10,00');
    expect(screen.getByTestId('composition-total').textContent).toContain('Diferença: faltam R$ 9,90');
    await user.click(screen.getByRole('button', { name: 'Próximo' }));
    await chooseProduct(user, /Leitura Digital/);
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    expect(await screen.findByText('A composição soma R$ 10,00, mas o preço do pacote é R$ 19,90. Faltam R$ 9,90: ajuste os itens.')).toBeTruthy();
    expect(await db.packages.count()).toBe(0);

    await typeInto(user, screen.getByRole('textbox', { name: 'Valor do item 1' }), '19,90');
    expect(screen.getByTestId('composition-total').textContent).toContain('Composição confere com o valor.');
    await user.click(screen.getByRole('button', { name: /Integração/ }));
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));
    await screen.findByRole('table', { name: 'Pacotes' });
    expect(await db.packages.count()).toBe(1);
  });

  it('takes the accountant approval away when the price changes, and the list shows it awaits validation', async () => {
    await seedIntegration([{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ compositionApproval: { by: 'Contabilidade Silva', at: '2026-03-02T15:00:00.000Z' } });
    const user = userEvent.setup();
    renderScreen(<PackagesPage />, { path: `/${pkg.id}/editar` });

    await typeInto(user, await screen.findByRole('textbox', { name: /Valor \(R\$\)/ }), '29,90');
    await user.click(screen.getByRole('button', { name: 'Próximo' }));
    expect(screen.getByText(/a validação de Contabilidade Silva em 02\/03\/2026 foi retirada/)).toBeTruthy();
    expect((screen.getByRole('switch', { name: /Validado pela contabilidade/ }) as HTMLInputElement).checked).toBe(false);
    await typeInto(user, screen.getByRole('textbox', { name: 'Valor do item 1' }), '29,90');
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    const table = await screen.findByRole('table', { name: 'Pacotes' });
    expect(within(table).getByText('Aguardando validação da contabilidade')).toBeTruthy();
    expect((await db.packages.get(pkg.id))?.compositionApproval).toBeUndefined();
  });

  it('keeps the accountant approval when only the name changes', async () => {
    await seedIntegration([{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ compositionApproval: { by: 'Contabilidade Silva', at: '2026-03-02T15:00:00.000Z' } });
    const user = userEvent.setup();
    renderScreen(<PackagesPage />, { path: `/${pkg.id}/editar` });

    await typeInto(user, await screen.findByRole('textbox', { name: /Nome do pacote/ }), 'Leitura Plus');
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));

    const table = await screen.findByRole('table', { name: 'Pacotes' });
    expect(within(table).getByText('Validada por Contabilidade Silva em 02/03/2026')).toBeTruthy();
  });

  it('offers one active product per package and asks for it when missing (S3)', async () => {
    await seedIntegration([
      { code: '101', name: 'Leitura Digital' },
      { code: '102', name: 'Audiolivros' },
      { code: '900', name: 'Produto Antigo', status: 'inactive' },
    ]);
    const user = userEvent.setup();
    renderScreen(<PackagesPage />, { path: '/novo' });
    await fillData(user, { name: 'Benefício Leitura', price: '0' });
    await user.click(screen.getByRole('button', { name: 'Próximo' }));
    await choose(user, 'Integração', 'Campsoft Sandbox');

    expect(screen.getByText('Na Campsoft cada pacote entrega um único produto. Para oferecer outro produto, crie outro pacote.')).toBeTruthy();
    const options = await optionsOf(user, 'Produto');
    expect(options).toEqual(['Leitura Digital (cód. 101)', 'Audiolivros (cód. 102)']);
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));
    await waitFor(() =>
      expect(fieldError(screen.getByRole('combobox', { name: /^Produto/ }))).toBe('Escolha um produto: na Campsoft cada pacote entrega exatamente um produto.'),
    );

    await choose(user, 'Produto', /Leitura Digital/);
    await choose(user, 'Produto', /Audiolivros/);
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));
    await screen.findByRole('table', { name: 'Pacotes' });
    const [pkg] = await db.packages.toArray();
    expect(pkg).toMatchObject({ productCode: '102', priceCents: 0, kind: 'avulso' });
  });

  it('warns in the wizard when the package product went inactive on the platform', async () => {
    await seedIntegration([{ code: '101', name: 'Leitura Digital', status: 'inactive' }]);
    const pkg = await seedPackage();
    const user = userEvent.setup();
    renderScreen(<PackagesPage />, { path: `/${pkg.id}/editar` });
    await user.click(await screen.findByRole('button', { name: /Integração/ }));
    expect(await screen.findByText('Produto inativo na plataforma')).toBeTruthy();
  });

  it('keeps a typed amount that does not parse and says how to write it', async () => {
    await seedIntegration([{ code: '101', name: 'Leitura Digital' }]);
    const user = userEvent.setup();
    renderScreen(<PackagesPage />, { path: '/novo' });
    await fillData(user, { name: 'Leitura', price: '19.90' });
    await user.click(screen.getByRole('button', { name: /Integração/ }));
    await user.click(screen.getByRole('button', { name: 'Salvar pacote' }));
    const price = await screen.findByRole('textbox', { name: /Valor \(R\$\)/ });
    expect(screen.getByText(/Use o formato 1.234,56/)).toBeTruthy();
    expect((price as HTMLInputElement).value).toBe('19.90');
  });
});
