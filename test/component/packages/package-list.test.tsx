import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { PackagesPage } from '../../../renderer/features/packages/PackagesPage';
import { usePackageList } from '../../../renderer/features/packages/store';
import { renderScreen } from '../render';
import { seedIntegration, seedPackage } from './seed';

configure({ asyncUtilTimeout: 8000 });

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
  usePackageList.getState().clearFilters();
});

describe('package list', () => {
  it('tells what a package is and to add an integration first when there is none', async () => {
    renderScreen(<PackagesPage />);
    expect(await screen.findByText('Nenhum pacote cadastrado')).toBeTruthy();
    expect(screen.getByText(/Um pacote é o que o provedor vende/)).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Configurações › Integrações › Plataformas de Conteúdo' });
    expect(link.getAttribute('href')).toContain('/configuracoes/integracoes/plataformas-de-conteudo');
  });

  it('warns when a package product is inactive on the platform, and filters by it', async () => {
    await seedIntegration([
      { code: '101', name: 'Leitura Digital' },
      { code: '900', name: 'Produto Antigo', status: 'inactive' },
    ]);
    await seedPackage({ name: 'Leitura', productCode: '101', label: 'campsoft-leitura-1' });
    await seedPackage({ name: 'Antigo', productCode: '900', label: 'campsoft-antigo-2' });
    const user = userEvent.setup();
    renderScreen(<PackagesPage />);

    const table = await screen.findByRole('table', { name: 'Pacotes' });
    const old = within(table).getByText('Antigo').closest('tr')!;
    expect(old.textContent).toContain('Produto inativo na plataforma');
    expect(within(table).getByText('Leitura').closest('tr')!.textContent).not.toContain('Produto inativo');

    await user.click(screen.getByRole('checkbox', { name: 'Produto inativo' }));
    expect(within(table).queryByText('Leitura')).toBeNull();
    expect(screen.getByText('1 de 2 pacotes.')).toBeTruthy();
  });

  it('refuses to delete a package that services use, and says which', async () => {
    await seedIntegration([{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ name: 'Leitura' });
    const now = new Date().toISOString();
    await db.links.add({ id: 'l1', serviceId: '4021', packageId: pkg.id, observed: { state: 'active' }, createdAt: now, updatedAt: now });
    const user = userEvent.setup();
    renderScreen(<PackagesPage />);

    await user.click(await screen.findByRole('button', { name: `Ações do pacote Nº ${pkg.id} · Leitura` }));
    await user.click(await screen.findByRole('menuitem', { name: 'Excluir', hidden: true }));
    expect(await screen.findByText(`O pacote Nº ${pkg.id} · Leitura é usado por 1 serviço de cliente (4021), por isso não pode ser excluído. Desative-o para que não seja mais vinculado.`)).toBeTruthy();
    expect(await db.packages.count()).toBe(1);
  });

  it('deletes a package nobody uses after confirmation', async () => {
    await seedIntegration([{ code: '101', name: 'Leitura Digital' }]);
    const pkg = await seedPackage({ name: 'Leitura' });
    const user = userEvent.setup();
    renderScreen(<PackagesPage />);
    await user.click(await screen.findByRole('button', { name: `Ações do pacote Nº ${pkg.id} · Leitura` }));
    await user.click(await screen.findByRole('menuitem', { name: 'Excluir', hidden: true }));
    await user.click(await screen.findByRole('button', { name: 'Excluir pacote' }));
    expect(await screen.findByText('Nenhum pacote cadastrado')).toBeTruthy();
    expect((await db.events.where('kind').equals('package.delete').toArray()).length).toBe(1);
  });
});
