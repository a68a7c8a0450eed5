import { screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app/App';
import { setBridge } from '../../renderer/bridge';
import { createQueryClient } from '../../renderer/data/client';
import type { DesktopApi } from '../../shared/contract';
import { renderScreen } from './render';

function fakeApi(info: Record<string, unknown> | null, listeners: Record<string, (p: unknown) => void> = {}): DesktopApi {
  return {
    commands: new Proxy({}, {
      get: (_t, name) => async () =>
        name === 'app.info' && info ? { ok: true, data: info } : { ok: false, code: 'HOST_UNREACHABLE', message: 'O SVA Desk (host) não está respondendo.', retryable: true },
    }) as DesktopApi['commands'],
    on(event, listener) {
      listeners[event] = listener as (p: unknown) => void;
      return () => delete listeners[event];
    },
  };
}

afterEach(() => setBridge(undefined));

/** The app as main.tsx mounts it: its reads go through a query client. */
const renderApp = () =>
  renderScreen(
    <QueryClientProvider client={createQueryClient({ persist: false })}>
      <App />
    </QueryClientProvider>,
  );

describe('status bar', () => {
  it('says online, the secure-storage state in words and the version', async () => {
    setBridge(fakeApi({ name: 'SVA Desk', version: '1.2.3', platform: 'win32', host: 'electron', secureStorage: 'basic_text', online: true }));
    renderApp();
    const bar = await screen.findByRole('status', { name: 'Barra de status' });
    expect(await screen.findByText('SVA Desk 1.2.3 · desktop')).toBeTruthy();
    expect(bar.textContent).toContain('Online');
    expect(bar.textContent).toContain('Cofre indisponível (basic_text)');
  });

  it('says the credentials must be typed again when the vault file was damaged, and why on hover', async () => {
    const notice = 'O arquivo de credenciais estava danificado e foi guardado à parte como vault.json.corrupt-2026-12-02T00-40-00-000Z. Digite de novo as credenciais das integrações marcadas em Integrações.';
    setBridge(fakeApi({ name: 'SVA Desk', version: '1.2.3', platform: 'win32', host: 'electron', secureStorage: 'available', vaultNotice: notice, online: true }));
    renderApp();
    const badge = await screen.findByText('Credenciais: digite de novo');
    const { default: userEvent } = await import('@testing-library/user-event');
    await userEvent.setup().hover(badge);
    expect(await screen.findByText(notice)).toBeTruthy();
  });

  it('turns offline when main pushes network.status', async () => {
    const listeners: Record<string, (p: unknown) => void> = {};
    setBridge(fakeApi({ name: 'SVA Desk', version: '1.2.3', platform: 'linux', host: 'web', secureStorage: 'development', online: true }, listeners));
    renderApp();
    await screen.findByText('SVA Desk 1.2.3 · host web');
    const { act } = await import('@testing-library/react');
    act(() => listeners['network.status']({ online: false, checkedAt: new Date().toISOString() }));
    expect((await screen.findByRole('status', { name: 'Barra de status' })).textContent).toContain('Offline');
  });

  it('says the Campsoft is not answering, and how long ago it last answered', async () => {
    const listeners: Record<string, (p: unknown) => void> = {};
    setBridge(fakeApi({ name: 'SVA Desk', version: '1.2.3', platform: 'linux', host: 'web', secureStorage: 'development', online: true }, listeners));
    renderApp();
    await screen.findByText('SVA Desk 1.2.3 · host web');
    const { act } = await import('@testing-library/react');
    const now = Date.now();
    act(() =>
      listeners['network.status']({
        online: false,
        osOnline: true,
        checkedAt: new Date(now).toISOString(),
        platforms: [{ integrationId: 'int-1', state: 'not_answering', since: new Date(now - 20_000).toISOString(), lastAnswerAt: new Date(now - 125_000).toISOString() }],
      }),
    );
    const bar = await screen.findByRole('status', { name: 'Barra de status' });
    expect(bar.textContent).toContain('Campsoft sem resposta');
    expect(bar.textContent).toContain('última resposta há 2 min');
    expect(bar.textContent).not.toContain('Online');

    // a connection refused reads as offline, with its cause
    act(() => listeners['network.status']({ online: false, osOnline: true, checkedAt: new Date(now).toISOString(), platforms: [{ integrationId: 'int-1', state: 'unreachable', since: new Date(now - 5_000).toISOString() }] }));
    expect(bar.textContent).toContain('Campsoft inacessível');
    expect(bar.textContent).toMatch(/sem resposta há \d+ s/);

    act(() => listeners['network.status']({ online: true, osOnline: true, checkedAt: new Date(now).toISOString(), platforms: [] }));
    expect(bar.textContent).toContain('Online');
  });

  it('shows the host error instead of a blank bar when main does not answer', async () => {
    setBridge(fakeApi(null));
    renderApp();
    expect(await screen.findByText('O SVA Desk (host) não está respondendo.')).toBeTruthy();
  });
});
