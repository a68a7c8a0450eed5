import { describe, expect, it } from 'vitest';
import {
  countLinkStates,
  defaultStatusMap,
  IN_FLIGHT,
  LINK_STATES,
  linkState,
  linkStateDetail,
  linkStateLabels,
  linkStateOf,
  markInFlight,
  type LicenceState,
  type LinkStateInput,
  type ObservedState,
} from '../../../shared/domain';

const T = '2026-12-01T10:00:00.000Z';
const active: ObservedState = { state: 'active', sentHash: 'a.b', confirmedAt: T };
const suspended: ObservedState = { state: 'suspended', sentHash: 'a.b', confirmedAt: T };
const canceled: ObservedState = { state: 'canceled', sentHash: 'a.b', confirmedAt: T };
const never: ObservedState = { state: 'none' };
const failed = (message = 'A Campsoft recusou os dados: e-mail inválido. Corrija os campos indicados e transmita novamente.'): ObservedState => ({
  state: 'error',
  sentHash: 'a.b',
  error: { code: 'VALIDATION', message, retryable: false, at: T },
});

function state(observed: ObservedState, desired: LicenceState | undefined, more: Partial<LinkStateInput> = {}) {
  return linkState({ observed, desired, removed: false, runLive: false, ...more });
}

describe('one state per link: the confirmed state only when confirmed and wanted', () => {
  it.each([
    ['confirmed active, active wanted', active, 'active', 'active'],
    ['confirmed suspended, suspension wanted (suspenso_debito)', suspended, 'suspended', 'suspended'],
    ['confirmed suspended, service back to aguardando (held, not cancelled)', suspended, 'not_provisioned', 'suspended'],
    ['confirmed cancelled, cancellation wanted', canceled, 'canceled', 'canceled'],
  ] as const)('%s → %s', (_name, observed, desired, code) => {
    expect(state(observed, desired)).toEqual({ code });
  });
});

describe('Pendente: a wanted change the platform has not confirmed shows what is wanted, never the old state', () => {
  it.each([
    ['never sent, active wanted', never, 'active', 'create', 'Criação aguardando envio.'],
    ['active on the platform, the service is now suspenso_debito', active, 'suspended', 'suspend', 'Suspensão aguardando envio.'],
    ['active on the platform, the service went back to aguardando', active, 'not_provisioned', 'suspend', 'Suspensão aguardando envio.'],
    ['suspended on the platform, the customer paid', suspended, 'active', 'reenable', 'Reabilitação aguardando envio.'],
    ['active on the platform, the service was cancelled', active, 'canceled', 'cancel', 'Cancelamento aguardando envio.'],
    ['suspended on the platform, the service was cancelled', suspended, 'canceled', 'cancel', 'Cancelamento aguardando envio.'],
    ['cancelled on the platform, the service is active again', canceled, 'active', 'create', 'Criação aguardando envio.'],
  ] as const)('%s → %s', (_name, observed, desired, action, detail) => {
    const s = state(observed, desired);
    expect(s).toEqual({ code: 'pending', action });
    expect(linkStateDetail(s)).toBe(detail);
  });

  it('a removed package with a live licence: its cancellation waits', () => {
    expect(state(active, 'active', { removed: true })).toEqual({ code: 'pending', action: 'cancel' });
  });

  it('a data change only the planner sees (e-mail, senha: hashes): the planned steps make it pending', () => {
    const s = state(active, 'active', { planned: ['upsert_subscriber'] });
    expect(s).toEqual({ code: 'pending', action: 'update' });
    expect(linkStateDetail(s)).toBe('Atualização dos dados aguardando envio.');
    expect(state(suspended, 'suspended', { planned: ['upsert_subscriber'] })).toEqual({ code: 'pending', action: 'update' });
  });

  it('the status change is named even when the plan also sends the subscriber', () => {
    expect(state(active, 'suspended', { planned: ['upsert_subscriber', 'suspend'] })).toEqual({ code: 'pending', action: 'suspend' });
  });
});

describe('Enviando, and a send that got no answer', () => {
  it('marked in flight while its run goes: Enviando, with what it waits for from the Campsoft', () => {
    const s = state(markInFlight({ observed: active }), 'suspended', { runLive: true });
    expect(s).toEqual({ code: 'sending', action: 'suspend' });
    expect(linkStateLabels[s.code]).toBe('Enviando');
    expect(linkStateDetail(s)).toBe('Suspensão aguardando a Campsoft.');
  });

  it('in flight when the run stopped (the platform stopped answering, the app closed): Pendente, never the old Ativo', () => {
    const s = state(markInFlight({ observed: active }), 'suspended', { runLive: false });
    expect(s).toEqual({ code: 'pending', action: 'suspend', interrupted: true });
    expect(linkStateDetail(s)).toBe('Suspensão aguardando a Campsoft: o envio não foi confirmado e será refeito.');
  });

  it('in flight for a data update only: the update is what waits', () => {
    expect(state(markInFlight({ observed: active }), 'active', { runLive: true })).toEqual({ code: 'sending', action: 'update' });
  });

  it('in flight after an error (state unknown): the whole change is redone', () => {
    expect(state(markInFlight({ observed: failed() }), 'active', { runLive: true })).toEqual({ code: 'sending', action: 'activate' });
    expect(state(markInFlight({ observed: failed() }), 'suspended', { runLive: true })).toEqual({ code: 'sending', action: 'suspend' });
  });

  it('a link in flight counts once, as Enviando, even though the last pass also planned it', () => {
    const s = state(markInFlight({ observed: never }), 'active', { runLive: true, planned: ['upsert_subscriber', 'grant'] });
    expect(s.code).toBe('sending');
  });
});

describe('Erro + motivo and Bloqueado + motivo', () => {
  it('the platform refused: Erro with its message (cause and fix), not also Pendente', () => {
    const s = state(failed(), 'active', { planned: ['upsert_subscriber', 'grant', 'reenable'] });
    expect(s.code).toBe('error');
    expect(linkStateDetail(s)).toBe('A Campsoft recusou os dados: e-mail inválido. Corrija os campos indicados e transmita novamente.');
  });

  it('S9: never sent for a customer without phone: Bloqueado with the reason', () => {
    const reason = 'Cliente sem telefone cadastrado: cadastre um celular ou telefone fixo para transmitir.';
    const s = state({ state: 'blocked', blockedReason: reason }, 'active');
    expect(s).toEqual({ code: 'blocked', reason, action: 'create' });
    expect(linkStateDetail(s)).toBe(reason);
  });

  it('a licence on the platform whose change is blocked says what waits and what the platform still has', () => {
    const reason = 'Integração Campsoft inativa: ative a integração para transmitir os pacotes.';
    const s = state({ ...active, blockedReason: reason }, 'suspended');
    expect(s).toEqual({ code: 'blocked', reason, action: 'suspend', confirmed: 'active' });
    expect(linkStateDetail(s)).toBe(`${reason} A suspensão não será enviada até lá. Na Campsoft a licença continua ativa.`);
  });

  it('a block the last pass no longer applies (it planned the link): Pendente', () => {
    expect(state({ state: 'blocked', blockedReason: 'Cliente sem telefone' }, 'active', { planned: ['upsert_subscriber', 'grant'] })).toEqual({ code: 'pending', action: 'create' });
  });
});

describe('Nada a enviar: nothing on the platform and nothing to send is its own quiet state, not Pendente', () => {
  it.each([
    ['suspended before it was ever created', 'suspended', false, 'Serviço suspenso, sem licença na Campsoft: ela será criada quando o serviço for reabilitado.'],
    ['awaiting installation', 'not_provisioned', false, 'Serviço aguardando instalação ou liberação, sem licença na Campsoft: ela será criada quando o serviço for habilitado.'],
    ['cancelled and never sent', 'canceled', false, 'Cancelado antes de ser transmitido: não há licença na Campsoft e nada a enviar.'],
    ['removed before it was ever sent', 'active', true, 'Cancelado antes de ser transmitido: não há licença na Campsoft e nada a enviar.'],
  ] as const)('%s', (_name, desired, removed, reason) => {
    const s = state(never, desired, { removed });
    expect(s).toEqual({ code: 'idle', reason });
    expect(linkStateLabels[s.code]).toBe('Nada a enviar');
  });

  it('a licence cancelled on the platform while the service is suspended: nothing left, nothing to send', () => {
    expect(state(canceled, 'suspended').code).toBe('idle');
  });
});

describe('from the rows (S2)', () => {
  const integration = { suspendBySubscriptionStatus: true, statusMap: defaultStatusMap };
  it('suspenso_debito with the switch on wants a suspension; with it off the licence stays active', () => {
    expect(linkStateOf({ observed: active }, { status: 'suspenso_debito' }, integration, { runLive: false })).toEqual({ code: 'pending', action: 'suspend' });
    expect(linkStateOf({ observed: active }, { status: 'suspenso_debito' }, { ...integration, suspendBySubscriptionStatus: false }, { runLive: false })).toEqual({ code: 'active' });
  });

  it('a removed link wants its licence cancelled whatever its service says', () => {
    expect(linkStateOf({ observed: suspended, removedAt: T }, { status: 'servico_habilitado' }, integration, { runLive: false })).toEqual({ code: 'pending', action: 'cancel' });
  });

  it('without its service or integration the confirmed state is shown as it is', () => {
    expect(linkStateOf({ observed: active }, undefined, integration, { runLive: false })).toEqual({ code: 'active' });
  });
});

describe('one set of numbers', () => {
  it('every link is counted in exactly one state; the counts add up to the links', () => {
    const inputs: LinkStateInput[] = [
      { observed: never, desired: 'active', removed: false, runLive: false },
      { observed: markInFlight({ observed: active }), desired: 'suspended', removed: false, runLive: true },
      { observed: active, desired: 'active', removed: false, runLive: false },
      { observed: suspended, desired: 'suspended', removed: false, runLive: false },
      { observed: canceled, desired: 'canceled', removed: false, runLive: false },
      { observed: { state: 'blocked', blockedReason: 'x' }, desired: 'active', removed: false, runLive: false },
      { observed: failed(), desired: 'active', removed: false, runLive: false, planned: ['upsert_subscriber', 'grant'] },
      { observed: never, desired: 'not_provisioned', removed: false, runLive: false },
    ];
    const counts = countLinkStates(inputs.map(linkState));
    expect(counts).toEqual({ pending: 1, sending: 1, active: 1, suspended: 1, canceled: 1, blocked: 1, error: 1, idle: 1 });
    expect(Object.values(counts).reduce((a, b) => a + b)).toBe(inputs.length);
    expect(Object.keys(counts)).toEqual([...LINK_STATES]);
  });

  it('every state has a Portuguese name', () => {
    expect(LINK_STATES.map((c) => linkStateLabels[c])).toEqual(['Pendente', 'Enviando', 'Ativo', 'Suspenso', 'Cancelado', 'Bloqueado', 'Erro', 'Nada a enviar']);
  });

  it('the in-flight mark is the planner’s', () => {
    expect(markInFlight({ observed: never }).error?.code).toBe(IN_FLIGHT);
  });
});
