import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { IntegrationsPage } from '../../../renderer/features/integrations';
import { renderOnHost, useHostPerTest } from '../on-host';
import { eventsOf, seedIntegration, seedPackage, seedProducts } from '../packages/seed';

// Host answers (and the sandbox behind it) settle after a few ticks; a loaded machine needs more than 1 s.

const host = useHostPerTest();
const integrations = () => host.bridge.host.handlers['integrations.list']({});
const next = (user: UserEvent) => user.click(screen.getByRole('button', { name: 'Próximo' }));

describe('integration wizard', () => {
  it('saves record and connection in one go, keeps the draft test, and never gets the secret back (S1)', async () => {
    const user = userEvent.setup();
    const { location } = renderOnHost(<IntegrationsPage />, { path: '/nova' });
    await next(user);
    await user.type(screen.getByRole('textbox', { name: /Descrição/ }), ' Leitura');
    await user.click(screen.getByRole('button', { name: 'Preencher credenciais de demonstração do sandbox' }));
    await waitFor(() => expect((screen.getByLabelText(/ApiSecret \(Senha da API\)/) as HTMLInputElement).value).not.toBe(''));
    // Mantine names the eye button "Toggle password visibility" unless told otherwise
    expect(screen.getByRole('button', { name: 'Mostrar ou ocultar a senha', hidden: true })).toBeTruthy();
    await next(user);
    expect((screen.getByRole('switch', { name: /^Habilitar\/Suspender Assinaturas/ }) as HTMLInputElement).checked).toBe(true);
    await next(user);
    await user.click(screen.getByRole('button', { name: 'Testar conexão' }));
    expect(await screen.findByText('Conexão funcionando')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Salvar' }));

    await waitFor(() => expect(location.history?.at(-1)).toMatch(/^\/[\w-]+\/produtos\?nova=1$/));
    const [saved] = await integrations();
    expect(saved).toMatchObject({ description: 'Campsoft Leitura', environment: 'sandbox', active: true, connection: { configured: true }, ispName: expect.any(String) });
    expect(saved.connection.keyHint).toMatch(/^••••/);
    expect(JSON.stringify(saved)).not.toContain('sandbox-secret');
    expect(await screen.findByText('Agora clique em', { exact: false })).toBeTruthy();
    // the test made on the typed draft is in the history of the integration it became
    expect((await eventsOf(host.bridge, 'integration.test')).map((e) => e.outcome)).toEqual(['ok']);
    expect((await eventsOf(host.bridge, 'integration.create')).length).toBe(1);
  });

  it('refuses blank credentials next to the fields, and the wizard stays on Conexão', async () => {
    const user = userEvent.setup();
    renderOnHost(<IntegrationsPage />, { path: '/nova' });
    await next(user);
    await next(user);
    expect(screen.getByText('Informe a ApiKey (Chave da API) recebida da Campsoft.')).toBeTruthy();
    expect(screen.getByText('Informe a ApiSecret (Senha da API) recebida da Campsoft.')).toBeTruthy();
    // the step list does not jump past it either
    await user.click(screen.getByRole('button', { name: /Testar e salvar/ }));
    expect(screen.getByRole('textbox', { name: /ApiKey/ })).toBeTruthy();
    expect(await integrations()).toHaveLength(0);
  });

  it('edits with the saved credentials kept: the form shows only their hint, and Testar uses them', async () => {
    const integration = await seedIntegration(host.bridge, [], { description: 'Campsoft Sandbox' });
    const user = userEvent.setup();
    renderOnHost(<IntegrationsPage />, { path: `/${integration.id}/editar` });
    expect(await screen.findByText('Editar integração "Campsoft Sandbox"')).toBeTruthy();
    await next(user);
    expect(screen.getByText(/Credenciais salvas: ApiKey ••••/)).toBeTruthy();
    expect((screen.getByLabelText(/ApiSecret \(Senha da API\)/) as HTMLInputElement).value).toBe('');
    await next(user);
    await user.click(screen.getByRole('switch', { name: /^Habilitar\/Suspender Assinaturas/ }));
    await next(user);
    await user.click(screen.getByRole('button', { name: 'Testar conexão' }));
    expect(await screen.findByText('Conexão funcionando')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Salvar' }));

    await screen.findByRole('table');
    const [saved] = await integrations();
    expect(saved).toMatchObject({ suspendBySubscriptionStatus: false, connection: { configured: true }, version: 2 });
    expect((await eventsOf(host.bridge, 'integration.test')).length).toBe(1);
  });
});

describe('integration list and products', () => {
  it('lists products active first, then by code as people count (1, 2, 10, 100)', async () => {
    const integration = await seedIntegration(host.bridge);
    await seedProducts(host.bridge, integration.id, [
      { code: '100', name: 'Cem' },
      { code: '3', name: 'Três', status: 'inactive' },
      { code: '10', name: 'Dez' },
      { code: '2', name: 'Dois' },
      { code: '1', name: 'Um' },
    ]);
    renderOnHost(<IntegrationsPage />, { path: `/${integration.id}/produtos` });
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(6));
    const codes = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.querySelector('td')?.textContent);
    expect(codes).toEqual(['1', '2', '10', '100', '3']);
  });

  it('Sincronizar brings the active products of the platform through the host (S4)', async () => {
    const integration = await seedIntegration(host.bridge);
    const user = userEvent.setup();
    renderOnHost(<IntegrationsPage />, { path: `/${integration.id}/produtos` });
    expect(await screen.findByText('Nenhum produto sincronizado ainda.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Sincronizar' }));
    expect(await screen.findByText('Sincronização concluída')).toBeTruthy();
    expect(await screen.findByRole('cell', { name: '1192001' })).toBeTruthy();
    expect((await eventsOf(host.bridge, 'products.sync')).map((e) => e.outcome)).toEqual(['ok']);
  });

  it('refuses to delete an integration that packages use, naming them; deactivates it instead', async () => {
    const integration = await seedIntegration(host.bridge, [{ code: '101', name: 'Leitura Digital' }]);
    await seedPackage({ integrationId: integration.id, name: 'Leitura' });
    const user = userEvent.setup();
    renderOnHost(<IntegrationsPage />, { path: '/' });

    const row = (await screen.findByText('Campsoft Sandbox')).closest('tr')!;
    expect(row.textContent).toContain('1');
    await user.click(within(row).getByRole('button', { name: 'Ações de Campsoft Sandbox' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Excluir', hidden: true }));
    await user.click(await screen.findByRole('button', { name: 'Excluir' }));
    expect(await screen.findByText(/Esta integração é usada pelo pacote "Leitura"/)).toBeTruthy();
    expect(await integrations()).toHaveLength(1);

    await user.click(within(row).getByRole('button', { name: 'Ações de Campsoft Sandbox' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Desativar', hidden: true }));
    await waitFor(() => expect(screen.getByText('Campsoft Sandbox').closest('tr')!.textContent).toContain('Desativada'));
  });
});
