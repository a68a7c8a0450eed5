import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceStatus } from '../../../shared/domain/model';
import { defaultStatusMap, desiredLicenceState, parseServiceStatus, serviceStatusLabels } from '../../../shared/domain/status';

const s2On = { suspendBySubscriptionStatus: true, statusMap: defaultStatusMap };
const s2Off = { suspendBySubscriptionStatus: false, statusMap: defaultStatusMap };
const status = fc.constantFrom(...ServiceStatus.options);

describe('service status import', () => {
  it.each([
    ['suspenso_debito', 'suspenso_debito'],
    ['Suspenso por Débito', 'suspenso_debito'],
    ['SUSPENSO POR DEBITO', 'suspenso_debito'],
    ['  serviço habilitado ', 'servico_habilitado'],
    ['Suspenso a Pedido do Cliente', 'suspenso_pedido_cliente'],
    ['Aguardando Instalacao', 'aguardando_instalacao'],
    ['Agendado para Instalação', 'agendado_para_instalacao'],
    ['CANCELADO', 'cancelado'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseServiceStatus(text)).toBe(expected);
  });

  it.each([
    ['A', 'servico_habilitado'],
    ['CM', 'servico_bloqueado'],
    ['CA', 'suspenso_debito'],
    ['FA', 'suspenso_debito'],
    ['AA', 'aguardando_assinatura_contrato'],
    ['D', 'inativo'],
    ['N', 'suspenso_debito'],
    ['Bloqueio Automático', 'suspenso_debito'],
    ['Financeiro em atraso', 'suspenso_debito'],
    ['Aguardando Assinatura', 'aguardando_assinatura_contrato'],
    ['Pré-contrato', 'aguardando_assinatura_contrato'],
    ['ATIVO', 'servico_habilitado'],
    ['Bloqueado', 'servico_bloqueado'],
    ['Desativado', 'inativo'],
  ])('reads the IXC / MK status %s as %s', (text, expected) => {
    expect(parseServiceStatus(text)).toBe(expected);
  });

  it('takes an IXC code only whole and in capitals (a lone lowercase letter is no status)', () => {
    expect(parseServiceStatus('a')).toBeNull();
    expect(parseServiceStatus(' CA ')).toBe('suspenso_debito');
    expect(parseServiceStatus('CAX')).toBeNull();
  });

  it('returns null for a status it does not know', () => {
    expect(parseServiceStatus('Em análise')).toBeNull();
    expect(parseServiceStatus('')).toBeNull();
  });

  it('reads back every prefix and every printed name, whatever the case and accents', () => {
    fc.assert(fc.property(status, fc.boolean(), fc.boolean(), (s, printed, upper) => {
      let text = printed ? serviceStatusLabels[s] : s;
      if (upper) text = text.toUpperCase();
      expect(parseServiceStatus(text)).toBe(s);
      expect(parseServiceStatus(text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))).toBe(s);
    }));
  });

  it('has a printed name for every status, all different', () => {
    const names = ServiceStatus.options.map((s) => serviceStatusLabels[s]);
    expect(new Set(names).size).toBe(ServiceStatus.options.length);
  });
});

describe('S2 desired licence state', () => {
  it('S2 on: suspends the licence when the service becomes suspenso_debito and re-enables it when paid', () => {
    expect(desiredLicenceState('suspenso_debito', s2On)).toBe('suspended');
    expect(desiredLicenceState('servico_habilitado', s2On)).toBe('active');
  });

  it('S2 on: keeps a paid-up customer over the data cap active', () => {
    expect(desiredLicenceState('franquia_excedida', s2On)).toBe('active');
  });

  it('S2 on: suspends every blocked status and a pause asked by the customer', () => {
    for (const s of ['suspenso_parcialmente', 'bloqueio_temporario', 'servico_bloqueado', 'suspenso_judicial', 'dedicado_suspenso', 'suspenso_pedido_cliente'] as const) {
      expect(desiredLicenceState(s, s2On)).toBe('suspended');
    }
  });

  it('does not provision a service still waiting for installation, and cancels an ended one', () => {
    expect(desiredLicenceState('aguardando_instalacao', s2On)).toBe('not_provisioned');
    expect(desiredLicenceState('agendado_para_instalacao', s2Off)).toBe('not_provisioned');
    expect(desiredLicenceState('cancelado', s2Off)).toBe('canceled');
    expect(desiredLicenceState('inativo', s2Off)).toBe('canceled');
  });

  it('S2 off: never suspends a licence, whatever the payment status', () => {
    fc.assert(fc.property(status, (s) => {
      expect(desiredLicenceState(s, s2Off)).not.toBe('suspended');
    }));
    expect(desiredLicenceState('suspenso_debito', s2Off)).toBe('active');
  });

  it('follows an integration whose map was edited by the office', () => {
    const map = { ...defaultStatusMap, suspenso_pedido_cliente: 'active' as const, franquia_excedida: 'suspended' as const };
    expect(desiredLicenceState('suspenso_pedido_cliente', { suspendBySubscriptionStatus: true, statusMap: map })).toBe('active');
    expect(desiredLicenceState('franquia_excedida', { suspendBySubscriptionStatus: true, statusMap: map })).toBe('suspended');
  });
});
