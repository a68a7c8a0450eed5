/** What a pass will do, in the office's words: for the preview, the pending counter and the history. */
import type { LinkPlan, OperationKind } from './operation';

export type PassSummary = {
  links: number;
  creations: number;
  updates: number;
  suspensions: number;
  reenables: number;
  cancellations: number;
};
export type PassAction = keyof Omit<PassSummary, 'links'>;

export function stepsOf(plan: Pick<LinkPlan, 'steps'>): OperationKind[] {
  return plan.steps.map((s) => s.kind);
}

/** The action a link's plan amounts to, named as the office names it. */
export function planAction(kinds: readonly OperationKind[]): PassAction {
  if (kinds.includes('cancel')) return 'cancellations';
  if (kinds.includes('grant')) return 'creations';
  if (kinds.includes('suspend')) return 'suspensions';
  if (kinds.includes('reenable')) return 'reenables';
  return 'updates';
}

export function summarize(plans: readonly Pick<LinkPlan, 'steps'>[]): PassSummary {
  const s: PassSummary = { links: plans.length, creations: 0, updates: 0, suspensions: 0, reenables: 0, cancellations: 0 };
  for (const p of plans) s[planAction(stepsOf(p))]++;
  return s;
}

/** The history's sentence for a link the platform confirmed. */
export const confirmedVerbs: Record<PassAction, string> = {
  creations: 'Assinante criado e licença concedida',
  updates: 'Dados do assinante atualizados',
  suspensions: 'Licença suspensa',
  reenables: 'Licença reabilitada',
  cancellations: 'Licença cancelada',
};

/** `["integration","contract","label"]` (linkKey) → `contrato 123 · label campsoft-x-1`, for the history. */
export function keyText(key: string): string {
  try {
    const [, contract, label] = JSON.parse(key) as string[];
    return `contrato ${contract} · label ${label}`;
  } catch {
    return key;
  }
}

/** Milliseconds from `now` to the next `hour`:00 local time (today if still ahead, else tomorrow): the daily routine. */
export function msUntilHour(hour: number, now = new Date()): number {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next <= now) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}
