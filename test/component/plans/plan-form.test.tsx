import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { PlansPage } from '../../../renderer/features/plans/PlansPage';
import type { Plan } from '../../../shared/domain';
import { seedIntegration, seedPackage } from '../packages/seed';
import { choose, typeInto } from '../packages/ui';
import { renderScreen } from '../render';

// Dexie live queries settle after a few ticks; a loaded machine needs more than the 1 s default.
configure({ asyncUtilTimeout: 8000 });

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
  await seedIntegration([{ code: '101', name: 'Leitura Digital' }]);
});

async function seedPlan(patch: Partial<Plan> = {}) {
  const row = { name: 'Fibra 500', priceCents: 9990, defaultPackages: [], lockPackages: false, active: true, createdAt: '2026-03-02T12:00:00.000Z', updatedAt: '2026-03-02T12:00:00.000Z', ...patch };
  return (await db.plans.add(row as Plan)) as number;
}

describe('plan form', () => {
  it('saves a default package as mandatory (S11) and Travar Pacotes on (S12), and the list says so', async () => {
    const pkg = await seedPackage({ name: 'Leitura Digital' });
    const user = userEvent.setup();
    renderScreen(<PlansPage />, { path: '/novo' });

    await user.type(await screen.findByRole('textbox', { name: /Nome do plano/ }), 'Fibra 500 + Leitura');
    await user.type(screen.getByRole('textbox', { name: /Valor \(R\$\)/ }), '119,90');
    await user.click(screen.getByRole('tab', { name: /Pacotes/ }));
    expect(await screen.findByText(/pode ser retirado ao adicionar o serviço do cliente/)).toBeTruthy();
    await choose(user, 'Adicionar pacote ao plano', new RegExp(`Nº ${pkg.id} · Leitura Digital`));
    const mandatory = await screen.findByRole('switch', { name: `Obrigatório: Nº ${pkg.id} · Leitura Digital` });
    await user.click(mandatory);
    await user.click(screen.getByRole('switch', { name: /Travar Pacotes/ }));
    expect(screen.getByText(/só os pacotes desta lista poderão ser vinculados/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Salvar plano' }));

    const table = await screen.findByRole('table', { name: 'Serviços/Planos' });
    const row = within(table).getByText('Fibra 500 + Leitura').closest('tr')!;
    expect(row.textContent).toContain('R$ 119,90');
    expect(row.textContent).toContain('1 (1 obrigatório)');
    expect(row.textContent).toContain('Ligado');
    const [plan] = await db.plans.toArray();
    expect(plan).toMatchObject({ priceCents: 11990, defaultPackages: [{ packageId: pkg.id, mandatory: true }], lockPackages: true });
    expect((await db.events.where('kind').equals('plan.save').toArray()).length).toBe(1);
  });

  it('keeps a default package optional when the switch is left off', async () => {
    const pkg = await seedPackage({ name: 'Leitura Digital' });
    const id = await seedPlan();
    const user = userEvent.setup();
    renderScreen(<PlansPage />, { path: `/${id}/editar?aba=pacotes` });
    await choose(user, 'Adicionar pacote ao plano', new RegExp(`Nº ${pkg.id} · Leitura Digital`));
    await user.click(screen.getByRole('button', { name: 'Salvar plano' }));
    await screen.findByRole('table', { name: 'Serviços/Planos' });
    expect((await db.plans.get(id))?.defaultPackages).toEqual([{ packageId: pkg.id, mandatory: false }]);
  });

  it('opens the aba Pacotes directly with ?aba=pacotes', async () => {
    const pkg = await seedPackage({ name: 'Leitura Digital' });
    const id = await seedPlan({ lockPackages: true, defaultPackages: [{ packageId: pkg.id, mandatory: true }] });
    renderScreen(<PlansPage />, { path: `/${id}/editar?aba=pacotes` });

    const tab = await screen.findByRole('tab', { name: /Pacotes/ });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(((await screen.findByRole('switch', { name: /Travar Pacotes/ })) as HTMLInputElement).checked).toBe(true);
    expect(((await screen.findByRole('switch', { name: `Obrigatório: Nº ${pkg.id} · Leitura Digital` })) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('textbox', { name: /Nome do plano/ })).toBeNull();
  });

  it('says what is missing on the Dados tab and keeps the packages chosen', async () => {
    const pkg = await seedPackage({ name: 'Leitura Digital' });
    const user = userEvent.setup();
    renderScreen(<PlansPage />, { path: '/novo?aba=pacotes' });
    await choose(user, 'Adicionar pacote ao plano', new RegExp(`Nº ${pkg.id} · Leitura Digital`));
    await user.click(screen.getByRole('button', { name: 'Salvar plano' }));

    expect(await screen.findByText('Informe o nome do plano.')).toBeTruthy();
    expect(await db.plans.count()).toBe(0);
    await typeInto(user, screen.getByRole('textbox', { name: /Nome do plano/ }), 'Fibra 300');
    await user.type(screen.getByRole('textbox', { name: /Valor \(R\$\)/ }), '89,90');
    expect(screen.getByRole('tab', { name: 'Pacotes (1)' })).toBeTruthy();
  });

  it('explains what a plan is when there is none yet', async () => {
    renderScreen(<PlansPage />, { path: '/' });
    expect(await screen.findByText('Nenhum Serviço/Plano cadastrado')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Adicionar plano/ })).toBeTruthy();
  });
});
