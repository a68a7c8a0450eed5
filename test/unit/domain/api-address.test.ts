import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../../electron/host/campsoft';
import { AppError } from '../../../shared/contract';
import { API_ADDRESS_FIX, apiAddressProblem, checkApiAddress } from '../../../shared/domain';

describe('S1: the address the ApiSecret is sent to (one rule for the wizard and main)', () => {
  it.each([
    ['https://api2.campsoft.com.br/svas/v1/', 'https://api2.campsoft.com.br/svas/v1'],
    ['  https://homologacao.exemplo.com.br/svas/v1  ', 'https://homologacao.exemplo.com.br/svas/v1'],
    ['http://127.0.0.1:4010/svas/v1', 'http://127.0.0.1:4010/svas/v1'],
    ['http://localhost:4010/svas/v1', 'http://localhost:4010/svas/v1'],
    ['http://[::1]:4010/svas/v1', 'http://[::1]:4010/svas/v1'],
  ])('accepts %s', (raw, url) => {
    expect(checkApiAddress(raw)).toEqual({ ok: true, url });
  });

  it.each([
    ['', 'Informe o endereço da API.'],
    ['htp://api.exemplo.com.br', 'O endereço da API precisa começar com https:// (recebido htp://).'],
    ['ftp://api.exemplo.com.br', 'O endereço da API precisa começar com https:// (recebido ftp://).'],
    ['javascript:alert(1)', 'O endereço da API precisa começar com https:// (recebido javascript://).'],
    ['api.exemplo.com.br/svas/v1', 'O endereço da API "api.exemplo.com.br/svas/v1" não começa com https://.'],
    ['https://', 'O endereço da API "https://" não é válido.'],
    ['http://192.168.0.10/svas/v1', 'O endereço 192.168.0.10 usa http://, que enviaria a ApiSecret sem criptografia.'],
    ['https://u:p@api.exemplo.com.br', 'O endereço da API não pode conter usuário ou senha.'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(checkApiAddress(raw)).toEqual({ ok: false, reason });
    expect(apiAddressProblem(raw)).toBe(`${reason} ${API_ADDRESS_FIX}`);
  });

  it('main refuses the same addresses with the same words (INSECURE_URL)', () => {
    for (const raw of ['htp://x.com.br', 'ftp://x.com.br', 'http://10.0.0.1/svas/v1', 'x.com.br']) {
      let err: unknown;
      try {
        checkBaseUrl(raw);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INSECURE_URL');
      expect((err as AppError).message).toBe(apiAddressProblem(raw));
    }
    expect(checkBaseUrl('https://api2.campsoft.com.br/svas/v1/')).toBe('https://api2.campsoft.com.br/svas/v1');
  });
});
