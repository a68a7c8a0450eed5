/**
 * Configurações › Backup e restauração › Em segundo plano, on the real host: "Abrir o SVA Desk
 * quando este computador ligar" saved as this desk's setting (main registers the login item from
 * it: test/unit/shell/main.test.ts), and absent from the browser host, which has none.
 */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { WorkspacePage } from '../../../renderer/features/workspace';
import { renderOnHost, useHostPerTest } from '../on-host';

describe('in the installed app', () => {
  const host = useHostPerTest({ host: 'electron' });

  it('turns starting with the computer on and off, saved for this desk and noted in the history', async () => {
    const user = userEvent.setup();
    renderOnHost(<WorkspacePage />);
    const toggle = await screen.findByRole('switch', { name: /^Abrir o SVA Desk quando este computador ligar/ });
    expect(screen.getByText(/Fechar a janela não encerra o SVA Desk: ele fica na bandeja do sistema/)).toBeTruthy();
    await waitFor(() => expect((toggle as HTMLInputElement).disabled).toBe(false));
    expect((toggle as HTMLInputElement).checked).toBe(false);

    await user.click(toggle);
    expect(await screen.findByText('Quando este computador ligar, o SVA Desk abre na bandeja e a rotina diária roda no horário.')).toBeTruthy();
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(true));
    expect((await host.bridge.host.handlers['settings.get']({})).startAtLogin).toBe(true);

    await waitFor(() => expect((toggle as HTMLInputElement).disabled).toBe(false));
    await user.click(toggle);
    expect(await screen.findByText('O SVA Desk não abre mais sozinho neste computador. A rotina diária só roda com ele aberto.')).toBeTruthy();
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(false));
    expect((await host.bridge.host.handlers['settings.get']({})).startAtLogin).toBe(false);
    const noted = await host.bridge.host.store.db.selectFrom('events').select('message').where('kind', '=', 'background.startAtLogin').orderBy('id').execute();
    expect(noted.map((e) => e.message)).toEqual(['Esta mesa passa a abrir o SVA Desk (na bandeja) quando o computador liga.', 'Esta mesa deixa de abrir o SVA Desk quando o computador liga.']);
  });
});

describe('in the browser', () => {
  useHostPerTest({ host: 'web' });

  it('has no such option: the browser host has no login item', async () => {
    renderOnHost(<WorkspacePage />);
    await screen.findByRole('textbox', { name: 'Endereço das atualizações' });
    // app.info has answered by the time the settings card shows; the card stays away
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole('switch', { name: /^Abrir o SVA Desk quando este computador ligar/ })).toBeNull();
    expect(screen.queryByText('Em segundo plano')).toBeNull();
  });
});
