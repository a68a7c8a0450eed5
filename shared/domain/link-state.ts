/**
 * One state per link (issue 9). The Transmissões filters and rows, the status bar, the customer
 * detail and the Painel all show and count this one derivation, so they cannot contradict each
 * other. Pure: the caller hands in what the office wants (desired), what the platform last
 * confirmed (observed), what the last pass planned, and whether a run is sending right now.
 *
 * The rule of truth: a link shows a confirmed state (Ativo, Suspenso, Cancelado) only when the
 * platform confirmed it AND it is what the office wants. A wanted change that the platform has not
 * confirmed shows what is wanted and that it waits ("Suspensão aguardando envio"), never the old
 * confirmed state.
 *
 * | state      | when                                                                                  |
 * |------------|---------------------------------------------------------------------------------------|
 * | sending    | marked in flight and its integration's run is going                                   |
 * | pending    | a wanted change not confirmed yet: never sent, or sent without an answer (interrupted) |
 * | error      | the platform's last answer was a failure (state unknown until resent)                 |
 * | blocked    | the office's record stops it (S9 customer data, conflict, no credentials, …)          |
 * | active     | confirmed active, and active is wanted                                                |
 * | suspended  | confirmed suspended, and a suspension is wanted                                       |
 * | canceled   | confirmed cancelled, and a cancellation is wanted                                     |
 * | idle       | nothing on the platform and nothing to send ("Nada a enviar"): suspended before ever  |
 * |            | created, awaiting installation, cancelled before ever sent                            |
 */
import type { Integration, LicenceState, Link, ObservedState, Service } from './model';
import type { OperationKind } from './operation';
import { IN_FLIGHT } from './planner';
import { desiredLicenceState } from './status';

export const LINK_STATES = ['pending', 'sending', 'active', 'suspended', 'canceled', 'blocked', 'error', 'idle'] as const;
export type LinkStateCode = (typeof LINK_STATES)[number];

/** A change the office wants and the platform has not confirmed. */
export type LinkAction = 'create' | 'activate' | 'update' | 'suspend' | 'reenable' | 'cancel';

export type LinkStateInput = {
  observed: ObservedState;
  /** the package was removed from the service: its licence is to be cancelled */
  removed: boolean;
  /** desiredLicenceState of the link's service under its integration; undefined when those rows are missing */
  desired: LicenceState | undefined;
  /** the steps the last pass planned for this link (data changes only the planner sees: hashes) */
  planned?: readonly OperationKind[];
  /** a run of the link's integration is going now */
  runLive: boolean;
};

export type LinkState = {
  code: LinkStateCode;
  /** pending, sending: what is wanted; blocked: what is held back, when a change is */
  action?: LinkAction;
  /** pending: an attempt was made and got no confirmation (the platform did not answer, the app closed) */
  interrupted?: boolean;
  /** blocked, error, idle: why, in the office's words (the cause and what to do) */
  reason?: string;
  /** blocked: what the platform still has meanwhile */
  confirmed?: 'active' | 'suspended';
};

/** What the platform is known to hold, as the planner reads it. */
type Seen = 'absent' | 'active' | 'suspended' | 'unknown';
type Target = 'active' | 'held' | 'canceled';

function seen(state: ObservedState['state']): Seen {
  if (state === 'active' || state === 'suspended') return state;
  if (state === 'error') return 'unknown';
  return 'absent';
}

function targetOf(removed: boolean, desired: LicenceState | undefined): Target | undefined {
  if (removed) return 'canceled';
  if (desired === undefined) return undefined;
  if (desired === 'active') return 'active';
  return desired === 'canceled' ? 'canceled' : 'held';
}

/** The status change from what is seen to what is wanted (the planner's transition table, named). */
function change(from: Seen, target: Target | undefined): LinkAction | undefined {
  if (target === undefined) return undefined;
  if (target === 'canceled') return from === 'absent' ? undefined : 'cancel';
  if (target === 'held') return from === 'active' || from === 'unknown' ? 'suspend' : undefined;
  if (from === 'absent') return 'create';
  if (from === 'suspended') return 'reenable';
  return from === 'unknown' ? 'activate' : undefined;
}

const IDLE_REASONS = {
  not_provisioned: 'Serviço aguardando instalação ou liberação, sem licença na Campsoft: ela será criada quando o serviço for habilitado.',
  suspended: 'Serviço suspenso, sem licença na Campsoft: ela será criada quando o serviço for reabilitado.',
  canceled: 'Cancelado antes de ser transmitido: não há licença na Campsoft e nada a enviar.',
} as const;

export function linkState(input: LinkStateInput): LinkState {
  const { observed } = input;
  const target = targetOf(input.removed, input.desired);
  const planned = input.planned !== undefined && input.planned.length > 0;

  if (observed.error?.code === IN_FLIGHT) {
    // the mark keeps the state from before the send: the change asked for is from there
    const action = change(seen(observed.state), target) ?? 'update';
    return input.runLive ? { code: 'sending', action } : { code: 'pending', action, interrupted: true };
  }
  if (observed.state === 'error') {
    return { code: 'error', reason: observed.error?.message ?? 'A plataforma recusou o último envio. Use Tentar novamente; se persistir, veja o Histórico.' };
  }
  const wanted = change(seen(observed.state), target) ?? (planned ? 'update' : undefined);
  if (!planned && (observed.state === 'blocked' || observed.blockedReason !== undefined)) {
    const blocked: LinkState = { code: 'blocked', reason: observed.blockedReason ?? 'Transmissão bloqueada: confira o cadastro do cliente e a integração.' };
    if (wanted) blocked.action = wanted;
    if (observed.state === 'active' || observed.state === 'suspended') blocked.confirmed = observed.state;
    return blocked;
  }
  if (wanted) return { code: 'pending', action: wanted };
  if (observed.state === 'active' || observed.state === 'suspended') return { code: observed.state };
  // a cancelled licence counts as Cancelado only where a cancellation is what is wanted
  if (observed.state === 'canceled' && target !== 'held') return { code: 'canceled' };
  // nothing on the platform and nothing to send
  const why = input.removed || input.desired === 'canceled' ? 'canceled' : input.desired === 'suspended' ? 'suspended' : 'not_provisioned';
  return { code: 'idle', reason: IDLE_REASONS[why] };
}

/** The states' names as every screen prints them. */
export const linkStateLabels: Record<LinkStateCode, string> = {
  pending: 'Pendente',
  sending: 'Enviando',
  active: 'Ativo',
  suspended: 'Suspenso',
  canceled: 'Cancelado',
  blocked: 'Bloqueado',
  error: 'Erro',
  idle: 'Nada a enviar',
};

const actionNouns: Record<LinkAction, string> = {
  create: 'Criação',
  activate: 'Ativação',
  update: 'Atualização dos dados',
  suspend: 'Suspensão',
  reenable: 'Reabilitação',
  cancel: 'Cancelamento',
};

/** A blocked link's change that waits for the fix (nothing to say for a licence that does not exist yet). */
const heldBack: Record<LinkAction, string> = {
  create: '',
  activate: ' A ativação não será enviada até lá.',
  update: ' A atualização dos dados não será enviada até lá.',
  suspend: ' A suspensão não será enviada até lá.',
  reenable: ' A reabilitação não será enviada até lá.',
  cancel: ' O cancelamento não será enviado até lá.',
};

/**
 * The line under the badge: what is wanted and what it waits for, or why nothing goes.
 * "Suspensão aguardando envio", "Suspensão aguardando a Campsoft", "Cliente sem telefone…".
 */
export function linkStateDetail(state: LinkState): string | undefined {
  switch (state.code) {
    case 'pending':
      return state.interrupted
        ? `${actionNouns[state.action!]} aguardando a Campsoft: o envio não foi confirmado e será refeito.`
        : `${actionNouns[state.action!]} aguardando envio.`;
    case 'sending':
      return `${actionNouns[state.action!]} aguardando a Campsoft.`;
    case 'blocked': {
      const held = state.action ? heldBack[state.action] : '';
      const meanwhile = state.confirmed ? ` Na Campsoft a licença continua ${state.confirmed === 'active' ? 'ativa' : 'suspensa'}.` : '';
      return `${state.reason ?? ''}${held}${meanwhile}`.trim();
    }
    case 'error':
    case 'idle':
      return state.reason;
    default:
      return undefined;
  }
}

export type LinkStateCounts = Record<LinkStateCode, number>;

export function emptyCounts(): LinkStateCounts {
  return { pending: 0, sending: 0, active: 0, suspended: 0, canceled: 0, blocked: 0, error: 0, idle: 0 };
}

/** How many links are in each state; the counts add up to the number of links. */
export function countLinkStates(states: Iterable<Pick<LinkState, 'code'>>): LinkStateCounts {
  const counts = emptyCounts();
  for (const s of states) counts[s.code]++;
  return counts;
}

/**
 * linkState from the rows: the desired state is the service's status under the integration's
 * Habilitar/Suspender switch and map (S2), as the planner reads it.
 */
export function linkStateOf(
  link: Pick<Link, 'observed' | 'removedAt'>,
  service: Pick<Service, 'status'> | undefined,
  integration: Pick<Integration, 'suspendBySubscriptionStatus' | 'statusMap'> | undefined,
  run: { planned?: readonly OperationKind[]; runLive: boolean },
): LinkState {
  const desired = service && integration ? desiredLicenceState(service.status, integration) : undefined;
  return linkState({ observed: link.observed, removed: link.removedAt !== undefined, desired, ...run });
}
