import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Router } from 'wouter';
import { useHashLocation } from '../../../renderer/app/hash-location';
import { run } from '../../../renderer/data/client';
import { PlansPage } from '../../../renderer/features/plans';
import { renderOnHost, useHostPerTest } from '../on-host';
import { eventsOf, seedIntegration, seedPackage, seedPlan } from '../packages/seed';
import { choose, typeInto } from '../packages/ui';

// Host answers and their change notices settle after a few ticks; a loaded machine needs more than 1 s.

const host = useHostPerTest();
const plans = () => host.bridge.host.handlers['plans.list']({});

async function leituraDigital() {
  const integration = await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
  return seedPackage({ integrationId: integration.id, name: 'Leitura Digital' });
}

describe('plan form', () => {
  it('saves a default package as mandatory (S11) and Travar Pacotes on (S12), and the list says so', async () => {
    const pkg = await leituraDigital();
    const user = userEvent.setup();
    renderOnHost(<PlansPage />, { path: '/novo' });

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
    const row = (await within(table).findByText('Fibra 500 + Leitura')).closest('tr')!;
    expect(row.textContent).toContain('R$ 119,90');
    expect(row.textContent).toContain('1 (1 obrigatório)');
    expect(row.textContent).toContain('Ligado');
    const [plan] = await plans();
    expect(plan).toMatchObject({ priceCents: 11990, defaultPackages: [{ packageId: pkg.id, mandatory: true }], lockPackages: true });
    expect(await eventsOf(host.bridge, 'plan.save')).toHaveLength(1);
  });

  it('keeps a default package optional when the switch is left off', async () => {
    const pkg = await leituraDigital();
    const plan = await seedPlan();
    const user = userEvent.setup();
    renderOnHost(<PlansPage />, { path: `/${plan.id}/editar?aba=pacotes` });
    await choose(user, 'Adicionar pacote ao plano', new RegExp(`Nº ${pkg.id} · Leitura Digital`));
    await user.click(screen.getByRole('button', { name: 'Salvar plano' }));
    await screen.findByRole('table', { name: 'Serviços/Planos' });
    expect((await host.bridge.host.handlers['plans.get']({ id: plan.id }))?.defaultPackages).toEqual([{ packageId: pkg.id, mandatory: false }]);
  });

  it('opens the aba Pacotes directly with ?aba=pacotes', async () => {
    const pkg = await leituraDigital();
    const plan = await seedPlan({ lockPackages: true, defaultPackages: [{ packageId: pkg.id, mandatory: true }] });
    renderOnHost(<PlansPage />, { path: `/${plan.id}/editar?aba=pacotes` });

    const tab = await screen.findByRole('tab', { name: /Pacotes/ });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(((await screen.findByRole('switch', { name: /Travar Pacotes/ })) as HTMLInputElement).checked).toBe(true);
    expect(((await screen.findByRole('switch', { name: `Obrigatório: Nº ${pkg.id} · Leitura Digital` })) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('textbox', { name: /Nome do plano/ })).toBeNull();
  });

  it('in the app (routes in the hash), ?aba=pacotes of one plan does not follow to "Adicionar plano"', async () => {
    const pkg = await leituraDigital();
    const plan = await seedPlan({ defaultPackages: [{ packageId: pkg.id, mandatory: true }] });
    window.history.replaceState(null, '', `/#/${plan.id}/editar?aba=pacotes`);
    const user = userEvent.setup();
    renderOnHost(
      <Router hook={useHashLocation}>
        <PlansPage />
      </Router>,
    );
    expect((await screen.findByRole('tab', { name: 'Pacotes (1)' })).getAttribute('aria-selected')).toBe('true');

    await user.click(screen.getByRole('link', { name: 'Cancelar' }));
    await user.click(await screen.findByRole('link', { name: /Adicionar plano/ }));
    expect(await screen.findByRole('textbox', { name: /Nome do plano/ })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Pacotes (0)' }).getAttribute('aria-selected')).toBe('false');
    expect(window.location.hash).toBe('#/novo');
    expect(window.location.search).toBe('');
  });

  it('says what is missing on the Dados tab and keeps the packages chosen', async () => {
    const pkg = await leituraDigital();
    const user = userEvent.setup();
    renderOnHost(<PlansPage />, { path: '/novo?aba=pacotes' });
    await choose(user, 'Adicionar pacote ao plano', new RegExp(`Nº ${pkg.id} · Leitura Digital`));
    await user.click(screen.getByRole('button', { name: 'Salvar plano' }));

    expect(await screen.findByText('Informe o nome do plano.')).toBeTruthy();
    expect(await plans()).toHaveLength(0);
    await typeInto(user, screen.getByRole('textbox', { name: /Nome do plano/ }), 'Fibra 300');
    await user.type(screen.getByRole('textbox', { name: /Valor \(R\$\)/ }), '89,90');
    expect(screen.getByRole('tab', { name: 'Pacotes (1)' })).toBeTruthy();

    // the success takes the failure toast away
    expect(screen.getByText('Plano não salvo')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Salvar plano' }));
    expect(await screen.findByText('Serviço/Plano "Fibra 300" salvo.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Plano não salvo')).toBeNull());
  });

  it('refuses to save over a change made elsewhere meanwhile, and Recarregar shows the current version', async () => {
    const plan = await seedPlan({ name: 'Fibra 500' });
    const user = userEvent.setup();
    renderOnHost(<PlansPage />, { path: `/${plan.id}/editar` });
    const price = await screen.findByRole('textbox', { name: /Valor \(R\$\)/ });

    // another desk changes the price while this form is open
    await run('plans.save', { id: plan.id, version: plan.version, values: { name: 'Fibra 500', priceCents: 10990, defaultPackages: [], lockPackages: false } });
    await typeInto(user, price, '119,90');
    await user.click(screen.getByRole('button', { name: 'Salvar plano' }));

    expect(await screen.findByText(/Este plano foi alterado em .*, depois que você abriu\. Recarregue para ver a versão atual; nada foi salvo\./)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Recarregar' }));
    await waitFor(() => expect((screen.getByRole('textbox', { name: /Valor \(R\$\)/ }) as HTMLInputElement).value).toBe('109,90'));
    expect((await host.bridge.host.handlers['plans.get']({ id: plan.id }))?.priceCents).toBe(10990);
  });

  it('explains what a plan is when there is none yet', async () => {
    renderOnHost(<PlansPage />, { path: '/' });
    expect(await screen.findByText('Nenhum Serviço/Plano cadastrado')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Adicionar plano/ })).toBeTruthy();
  });
});
