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

/** The history's message for a link the platform confirmed: the verb, who, and the licence (readConfirmed reads it back). */
export function confirmedMessage(action: PassAction, who: string, key: string): string {
  return `${confirmedVerbs[action]}: ${who} (${keyText(key)}).`;
}

const CONFIRMED_TAIL = /^ \(contrato (.*) · label (\S*)\)\.$/;

/**
 * A confirmed transmission's message (confirmedMessage) read back: the action and the licence; null
 * for any other text. The Painel's monthly licences are computed from these.
 */
export function readConfirmed(message: string): { action: PassAction; contractIdentifier: string; label: string } | null {
  // the last " (contrato ": the customer's name may hold parentheses of its own
  const at = message.lastIndexOf(' (contrato ');
  const tail = at < 0 ? null : CONFIRMED_TAIL.exec(message.slice(at));
  if (!tail) return null;
  for (const [action, verb] of Object.entries(confirmedVerbs) as [PassAction, string][]) {
    if (message.startsWith(`${verb}: `)) return { action, contractIdentifier: tail[1]!, label: tail[2]! };
  }
  return null;
}

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
