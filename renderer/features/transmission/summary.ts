import type { LinkPlan, OperationKind } from '../../../shared/domain';

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
