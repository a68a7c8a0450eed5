import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/app/App';
import { DashboardPage } from '../../../renderer/features/dashboard/DashboardPage';
import { TransmissionPage, TransmissionPreview } from '../../../renderer/features/transmission';
import { renderOnHost, useHostPerTest } from '../on-host';
import { choose } from '../packages/ui';
import { observed, refused, seedOffice } from './office';
import { planRow } from '../../../electron/host/store/rows';
import { T0 } from '../../fixtures/office';

// Host answers, the engine's passes and their notices settle after a few ticks; a loaded machine needs time.

const host = useHostPerTest();
const filter = (label: string, n: number | string) => screen.findByRole('button', { name: new RegExp(`^${label} \\(${n}\\)$`) });

describe('Transmissões on the host', () => {
  it('Transmitir agora sends a small pass; the counters move from Pendente to Ativo and the rows say when it was confirmed', async () => {
    await seedOffice(host.bridge, 3);
    const user = userEvent.setup();
    renderOnHost(<TransmissionPage />);
    await user.click(await screen.findByRole('button', { name: 'Transmitir agora' }));
    await filter('Ativo', 3);
    await filter('Pendente', 0);
    expect(await observed(host.bridge)).toEqual({ active: 3 });
    const table = screen.getByRole('table', { name: 'Vínculos' });
    const row = (await within(table).findByText('Cliente 001')).closest('tr')!;
    expect(row.textContent).toContain('Ativo');
    expect(row.textContent).toMatch(/\d{2}\/\d{2}\/\d{4}/);
  });

  it('a link in error shows why and Tentar novamente sends exactly that link', async () => {
    await seedOffice(host.bridge, 3, { link: (i) => (i <= 2 ? refused() : {}) });
    const user = userEvent.setup();
    renderOnHost(<TransmissionPage />);
    await user.click(await filter('Erro', 2));
    const table = await screen.findByRole('table', { name: 'Vínculos' });
    await within(table).findByText('Cliente 002');
    expect(table.textContent).toContain('Documento já vinculado a outro contrato.');
    const row = within(table).getByText('Cliente 001').closest('tr')!;
    await user.click(within(row).getByRole('button', { name: 'Tentar novamente' }));
    await filter('Erro', 1);
    await waitFor(async () => expect(await observed(host.bridge)).toEqual({ active: 2, error: 1 }));
    const links = await host.bridge.host.store.db.selectFrom('links').select(['id', 'observedState']).orderBy('id').execute();
    expect(links.map((l) => [l.id, l.observedState])).toEqual([
      ['L1', 'active'],
      ['L2', 'error'],
      ['L3', 'active'],
    ]);
  });

  it('Tentar novamente os selecionados sends the marked links only', async () => {
    await seedOffice(host.bridge, 3, { link: () => refused() });
    const user = userEvent.setup();
    renderOnHost(<TransmissionPage />);
    await user.click(await filter('Erro', 3));
    await user.click(await screen.findByRole('checkbox', { name: /^Selecionar Cliente 002/ }));
    await user.click(screen.getByRole('checkbox', { name: /^Selecionar Cliente 003/ }));
    expect(screen.getByText('2 vínculos selecionados.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Tentar novamente os selecionados' }));
    await filter('Erro', 1);
    await filter('Ativo', 2);
    expect(await observed(host.bridge)).toEqual({ active: 2, error: 1 });
  });

  it('a customer without phone is Bloqueado with the reason, and Corrigir cadastro leads to the form', async () => {
    await seedOffice(host.bridge, 2, { customer: (i) => (i === 2 ? { phones: [] } : {}) });
    const user = userEvent.setup();
    const { location } = renderOnHost(<TransmissionPage />);
    await user.click(await screen.findByRole('button', { name: 'Transmitir agora' }));
    await user.click(await filter('Bloqueado', 1));
    const table = await screen.findByRole('table', { name: 'Vínculos' });
    expect(await within(table).findByText(/Cliente sem telefone cadastrado/)).toBeTruthy();
    await user.click(within(table).getByRole('link', { name: 'Corrigir cadastro' }));
    expect(location.history?.at(-1)).toBe('/clientes/2/editar');
  });

  it('the daily routine hour is saved in the host settings', async () => {
    const user = userEvent.setup();
    renderOnHost(<TransmissionPage />);
    expect(await screen.findByText('Nenhum pacote vinculado a serviços de clientes ainda.')).toBeTruthy();
    await choose(user, 'Rotina diária às', '06:00');
    await waitFor(async () => expect((await host.bridge.host.handlers['settings.get']({})).schedule.hour).toBe(6));
  });
});

describe('the preview of a large pass', () => {
  it('the list filters by plan and by integration, and says what it shows', async () => {
    const { integration } = await seedOffice(host.bridge, 3);
    const db = host.bridge.host.store.db;
    await db.insertInto('plans').values({ ...planRow({ id: 2, name: 'Fibra 500MB + Leitura', priceCents: 12990, lockPackages: false, active: true, createdAt: T0, updatedAt: T0 }), updatedBy: null }).execute();
    await db.updateTable('services').set({ planId: 2 }).where('id', '=', 'S3').execute();
    const user = userEvent.setup();
    renderOnHost(<TransmissionPage />);
    const table = await screen.findByRole('table', { name: 'Vínculos' });
    await within(table).findByText('Cliente 001');
    expect(within(table).getAllByRole('row')).toHaveLength(4);

    await choose(user, 'Plano', 'Fibra 500MB + Leitura');
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Vínculos' })).getAllByRole('row')).toHaveLength(2));
    expect(within(screen.getByRole('table', { name: 'Vínculos' })).getByText('Cliente 003')).toBeTruthy();
    expect(screen.getByText(/^1 vínculo do plano Fibra 500MB \+ Leitura\./)).toBeTruthy();

    await choose(user, 'Integração', integration.description);
    await screen.findByText(new RegExp(`^1 vínculo da integração ${integration.description}, do plano Fibra 500MB \\+ Leitura\\.`));
    await choose(user, 'Plano', 'Fibra');
    await screen.findByText(new RegExp(`^2 vínculos da integração ${integration.description}, do plano Fibra\\.`));
  });

  it('waits for the office: the summary, the rows paged, Adiar keeps them pending, Confirmar sends exactly them', async () => {
    await seedOffice(host.bridge, 120);
    const user = userEvent.setup();
    renderOnHost(
      <>
        <TransmissionPage />
        <TransmissionPreview />
      </>,
    );
    await user.click(await screen.findByRole('button', { name: 'Transmitir agora' }));
    let dialog = await screen.findByRole('dialog', { name: 'Confirmar transmissão' });
    expect(dialog.textContent).toContain('Esta transmissão vai alterar 120 vínculos na plataforma');
    expect(dialog.textContent).toContain('120 · Criar assinante e licença');
    const rows = within(dialog).getByRole('table', { name: 'Vínculos da transmissão' });
    await within(rows).findByText('Cliente 001');
    expect(within(rows).getAllByRole('row')).toHaveLength(101);
    // which package each row is about: one customer can have two
    expect(within(rows).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Cliente', 'Pacote', 'O que será feito']);
    expect(within(rows).getAllByText('Leitura Digital')).toHaveLength(100);
    expect(dialog.textContent).toContain('1–100 de 120 vínculos');
    await user.click(within(dialog).getByRole('button', { name: 'Próxima página' }));
    await within(rows).findByText('Cliente 120');
    expect(within(rows).queryByText('Cliente 001')).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Adiar' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Confirmar transmissão' })).toBeNull());
    expect(await observed(host.bridge)).toEqual({ none: 120 });
    await filter('Pendente', 120);

    await user.click(screen.getByRole('button', { name: 'Transmitir agora' }));
    dialog = await screen.findByRole('dialog', { name: 'Confirmar transmissão' });
    await user.click(within(dialog).getByRole('button', { name: 'Confirmar e transmitir' }));
    // 240 platform calls, the screen re-reading its page after each batch: generous on 2 busy cores
    await waitFor(async () => expect(await observed(host.bridge)).toEqual({ active: 120 }), { timeout: 90_000 });
    await filter('Ativo', 120);
    expect(await observed(host.bridge)).toEqual({ active: 120 });
    expect(screen.queryByRole('dialog', { name: 'Confirmar transmissão' })).toBeNull();
  }, 180_000);
});

describe('one set of numbers', () => {
  it('the status bar and the Painel count what the filters count', async () => {
    await seedOffice(host.bridge, 4, { link: (i) => (i === 1 ? refused() : {}), customer: (i) => (i === 2 ? { emails: [] } : {}) });
    // an edit's pass plans every link and leaves the refused one alone (only a person resends it)
    await host.bridge.host.engine.request('edit');
    renderOnHost(<App />);
    const bar = await screen.findByRole('status', { name: 'Barra de status' });
    await waitFor(() => expect(bar.textContent).toMatch(/Cofre de desenvolvimento1 com erroSVA Desk/));
    const active = (await screen.findByText('Licenças ativas')).closest('div')!;
    await waitFor(() => expect(active.textContent).toMatch(/^Licenças ativas2/));
    const pending = screen.getByText('Pendentes de transmissão').closest('div')!;
    expect(pending.textContent).toMatch(/^Pendentes de transmissão0.*1 bloqueado · 1 com erro/);
    expect(screen.getByText('Clientes', { selector: 'p' }).closest('div')!.textContent).toContain('4 pacotes vinculados');
  });

  it('the Painel shows the licences the platform bills for, from the newer of Testar and Conferir, and when', async () => {
    const { integration } = await seedOffice(host.bridge, 2);
    renderOnHost(<DashboardPage />);
    expect(await screen.findByText(/licenças na plataforma ainda não conferidas/)).toBeTruthy();
    await host.bridge.host.handlers['sync.request']({ trigger: 'manual' });
    await waitFor(async () => expect(await observed(host.bridge)).toEqual({ active: 2 }));
    await host.bridge.host.handlers['platform.check']({ integrationId: integration.id });
    await waitFor(() => expect(screen.getByText('Integrações').closest('div')!.textContent).toMatch(/2 licenças ativas na plataforma \(lido em \d{2}\/\d{2}\/\d{4}/));
  });
});
