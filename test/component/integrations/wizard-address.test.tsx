import { screen } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setBridge } from '../../../renderer/bridge';
import { IntegrationWizard } from '../../../renderer/features/integrations/IntegrationWizard';
import type { DesktopApi } from '../../../shared/contract';
import { API_ADDRESS_FIX } from '../../../shared/domain';
import { fieldError } from '../packages/ui';
import { renderOnHost } from '../on-host';


/** main is never asked: the Conexão step refuses the address by itself. */
let called: string[] = [];
const api: DesktopApi = {
  commands: new Proxy({} as DesktopApi['commands'], {
    get: (_t, name: string) => async () => {
      called.push(name);
      return { ok: false, code: 'UNKNOWN', message: 'não usado neste teste', retryable: false };
    },
  }),
  on: () => () => {},
};

beforeEach(() => {
  called = [];
  setBridge(api);
});
afterEach(() => setBridge(undefined));

async function toConnectionStep(user: UserEvent, address: string) {
  renderOnHost(<IntegrationWizard />);
  await user.click(await screen.findByRole('button', { name: 'Próximo' }));
  await user.click(screen.getByText('Personalizado'));
  await user.type(screen.getByRole('textbox', { name: /Endereço da API/ }), address);
  await user.type(screen.getByRole('textbox', { name: /ApiKey/ }), 'chave');
  await user.type(screen.getByLabelText(/^ApiSecret \(Senha da API\)/), 'segredo');
  await user.click(screen.getByRole('button', { name: 'Próximo' }));
}

/** The Stepper marks a finished step with a check icon; the Conexão step must not get one. */
const connectionStepDone = () => screen.getByRole('button', { name: /Conexão\s*Ambiente e credenciais/ }).hasAttribute('data-completed');

describe('integration wizard, Conexão step: the API address', () => {
  it.each([
    ['htp://api.exemplo.com.br/svas/v1', 'O endereço da API precisa começar com https:// (recebido htp://).'],
    ['ftp://api.exemplo.com.br/svas/v1', 'O endereço da API precisa começar com https:// (recebido ftp://).'],
    ['api.exemplo.com.br/svas/v1', 'O endereço da API "api.exemplo.com.br/svas/v1" não começa com https://.'],
    ['http://api.exemplo.com.br/svas/v1', 'O endereço api.exemplo.com.br usa http://, que enviaria a ApiSecret sem criptografia.'],
    ['https://usuario:senha@api.exemplo.com.br/svas/v1', 'O endereço da API não pode conter usuário ou senha.'],
  ])('refuses %s at the field, says why and what to do, and keeps the step open', async (address, reason) => {
    const user = userEvent.setup();
    await toConnectionStep(user, address);
    const field = screen.getByRole('textbox', { name: /Endereço da API/ });
    expect(fieldError(field)).toBe(`${reason} ${API_ADDRESS_FIX}`);
    expect(connectionStepDone()).toBe(false);
    // still on Conexão: the ApiKey field is on screen, the Assinaturas step is not
    expect(screen.getByRole('textbox', { name: /ApiKey/ })).toBeTruthy();
    expect(screen.queryByText('Habilitar/Suspender Assinaturas')).toBeNull();
    expect(called).not.toContain('connection.save');
  });

  it('accepts https:// anywhere and http:// on this computer, and the message goes away once fixed', async () => {
    const user = userEvent.setup();
    await toConnectionStep(user, 'htp://127.0.0.1:4010/svas/v1');
    const field = screen.getByRole('textbox', { name: /Endereço da API/ });
    expect(fieldError(field)).toMatch(/recebido htp:\/\//);
    await user.clear(field);
    await user.type(field, 'http://127.0.0.1:4010/svas/v1');
    expect(fieldError(field)).toBe('');
    await user.click(screen.getByRole('button', { name: 'Próximo' }));
    expect(await screen.findByText('Habilitar/Suspender Assinaturas')).toBeTruthy();
    expect(connectionStepDone()).toBe(true);
  });
});
