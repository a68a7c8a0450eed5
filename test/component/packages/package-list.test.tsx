import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { PackagesPage } from '../../../renderer/features/packages';
import { usePackageList } from '../../../renderer/features/packages/store';
import { renderOnHost, useHostPerTest } from '../on-host';
import { eventsOf, seedIntegration, seedLink, seedPackage, seedPlan } from './seed';

// Host answers and their change notices settle after a few ticks; a loaded machine needs more than 1 s.

const host = useHostPerTest();
beforeEach(() => usePackageList.getState().clearFilters());

describe('package list', () => {
  it('tells what a package is and to add an integration first when there is none', async () => {
    renderOnHost(<PackagesPage />);
    expect(await screen.findByText('Nenhum pacote cadastrado')).toBeTruthy();
    expect(screen.getByText(/Um pacote é o que o provedor vende/)).toBeTruthy();
    expect(screen.getByText('Nenhuma integração cadastrada')).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Configurações › Integrações › Plataformas de Conteúdo' });
    expect(link.getAttribute('href')).toContain('/configuracoes/integracoes/plataformas-de-conteudo');
  });

  it('asks to sync the products when the integration has none yet', async () => {
    await seedIntegration(host.bridge);
    renderOnHost(<PackagesPage />);
    expect(await screen.findByText('Nenhum produto sincronizado')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Adicionar pacote' })).toBeNull();
  });

  it('warns when a package product is inactive on the platform, and filters by it', async () => {
    const integration = await seedIntegration(host.bridge, [
      { code: '101', name: 'Leitura Digital' },
      { code: '900', name: 'Produto Antigo' },
    ]);
    await seedPackage({ integrationId: integration.id, name: 'Leitura', productCode: '101' });
    await seedPackage({ integrationId: integration.id, name: 'Antigo', productCode: '900' });
    // the platform stopped offering product 900 after the package was made (S4)
    await host.bridge.host.store.db.updateTable('products').set({ status: 'inactive' }).where('code', '=', '900').execute();
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />);

    const table = await screen.findByRole('table', { name: 'Pacotes' });
    const old = within(table).getByText('Antigo').closest('tr')!;
    expect(old.textContent).toContain('Produto inativo na plataforma');
    expect(within(table).getByText('Leitura').closest('tr')!.textContent).not.toContain('Produto inativo');
    // the whole sentence is in the badge, never cut to "AGUARDANDO VALIDAÇÃO DA CONTABIL…"
    expect(within(old).getByText('Aguardando validação da contabilidade')).toBeTruthy();

    await user.click(screen.getByRole('checkbox', { name: 'Produto inativo' }));
    expect(within(table).queryByText('Leitura')).toBeNull();
    expect(screen.getByText('1 de 2 pacotes.')).toBeTruthy();
  });

  it('refuses to delete a package that services and plans use, says which, and offers to deactivate it', async () => {
    const integration = await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ integrationId: integration.id, name: 'Leitura' });
    const plan = await seedPlan({ name: 'Fibra 300', defaultPackages: [{ packageId: pkg.id, mandatory: true }] });
    await seedLink(host.bridge, { packageId: pkg.id, planId: plan.id, serviceId: '4021' });
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />);

    await user.click(await screen.findByRole('button', { name: `Ações do pacote Nº ${pkg.id} · Leitura` }));
    await user.click(await screen.findByRole('menuitem', { name: 'Excluir', hidden: true }));
    expect(
      await screen.findByText(
        `O pacote Nº ${pkg.id} · Leitura é usado por 1 serviço de cliente (4021) e o plano "Fibra 300", por isso não pode ser excluído. Desative-o para que não seja mais vinculado.`,
      ),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Desativar pacote' }));

    const row = () => within(screen.getByRole('table', { name: 'Pacotes' })).getByText('Leitura').closest('tr')!;
    await waitFor(() => expect(row().textContent).toContain('Inativo'));
    expect(await host.bridge.host.handlers['packages.get']({ id: pkg.id })).toMatchObject({ active: false });
    expect((await eventsOf(host.bridge, 'package.delete')).length).toBe(0);
  });

  it('deletes a package nobody uses after confirmation, and the host records it', async () => {
    const integration = await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ integrationId: integration.id, name: 'Leitura' });
    const user = userEvent.setup();
    renderOnHost(<PackagesPage />);
    await user.click(await screen.findByRole('button', { name: `Ações do pacote Nº ${pkg.id} · Leitura` }));
    await user.click(await screen.findByRole('menuitem', { name: 'Excluir', hidden: true }));
    expect(await screen.findByText(`O pacote Nº ${pkg.id} · Leitura não é usado por nenhum serviço nem plano. A exclusão não pode ser desfeita.`)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Excluir pacote' }));
    expect(await screen.findByText('Nenhum pacote cadastrado')).toBeTruthy();
    expect((await eventsOf(host.bridge, 'package.delete')).length).toBe(1);
  });
});
