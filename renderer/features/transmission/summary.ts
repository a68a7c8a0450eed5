import type { Link, LinkPlan, ObservedState, OperationKind } from '../../../shared/domain';
import { IN_FLIGHT } from '../../../shared/domain';

/** What a pass will do, in the office's words: for the preview and the pending counter. */
export type PassSummary = {
  links: number;
  creations: number;
  updates: number;
  suspensions: number;
  reenables: number;
  cancellations: number;
};

export function stepsOf(plan: LinkPlan): OperationKind[] {
  return plan.steps.map((s) => s.kind);
}

/** The action a link's plan amounts to, named as the office names it. */
export function planAction(kinds: readonly OperationKind[]): keyof Omit<PassSummary, 'links'> {
  if (kinds.includes('cancel')) return 'cancellations';
  if (kinds.includes('grant')) return 'creations';
  if (kinds.includes('suspend')) return 'suspensions';
  if (kinds.includes('reenable')) return 'reenables';
  return 'updates';
}

export function summarize(plans: readonly LinkPlan[]): PassSummary {
  const s: PassSummary = { links: plans.length, creations: 0, updates: 0, suspensions: 0, reenables: 0, cancellations: 0 };
  for (const p of plans) s[planAction(stepsOf(p))]++;
  return s;
}

export const actionLabels: Record<keyof Omit<PassSummary, 'links'>, string> = {
  creations: 'Criar assinante e licença',
  updates: 'Atualizar dados do assinante',
  suspensions: 'Suspender',
  reenables: 'Reabilitar',
  cancellations: 'Cancelar licença',
};

export type TransmissionStatus = 'pending' | 'sending' | 'active' | 'suspended' | 'canceled' | 'blocked' | 'error' | 'none';

export const transmissionStatusLabels: Record<TransmissionStatus, { label: string; color: string }> = {
  pending: { label: 'Pendente', color: 'yellow' },
  sending: { label: 'Enviando', color: 'blue' },
  active: { label: 'Ativo', color: 'teal' },
  suspended: { label: 'Suspenso', color: 'orange' },
  canceled: { label: 'Cancelado', color: 'gray' },
  blocked: { label: 'Bloqueado', color: 'red' },
  error: { label: 'Erro', color: 'red' },
  none: { label: 'Sem licença', color: 'gray' },
};

/**
 * One status per link, as the Transmissões screen shows it. `pending` wins over the observed state
 * when the last plan has steps for the link; an IN_FLIGHT mark is "Enviando".
 */
export function transmissionStatus(link: Pick<Link, 'observed' | 'removedAt'>, pending: boolean): TransmissionStatus {
  const o: ObservedState = link.observed;
  if (o.error?.code === IN_FLIGHT) return 'sending';
  if (o.state === 'blocked' || (o.blockedReason && o.state !== 'active' && o.state !== 'suspended')) return 'blocked';
  if (o.state === 'error') return 'error';
  if (pending) return 'pending';
  if (o.state === 'active') return 'active';
  if (o.state === 'suspended') return 'suspended';
  if (o.state === 'canceled') return 'canceled';
  return link.removedAt ? 'canceled' : 'pending';
}
