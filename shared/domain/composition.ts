/**
 * S6: a package's value is split into fiscal items (composição) that the accountant validates.
 * The SCM/SVA split decides taxes and NFCom items, so any change asks for approval again.
 */
import type { CompositionApproval, CompositionItem } from './model';
import { formatBRL } from './money';

export function compositionTotal(items: readonly CompositionItem[]): number {
  return items.reduce((sum, item) => sum + item.amountCents, 0);
}

/** Portuguese problems that keep the composition from being saved; empty when it is sound. */
export function validateComposition(priceCents: number, items: readonly CompositionItem[]): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(priceCents) || priceCents < 0) {
    problems.push('O preço do pacote não pode ser negativo. Informe um valor a partir de R$ 0,00.');
  }
  items.forEach((item, i) => {
    const n = i + 1;
    if (item.description.trim() === '') {
      problems.push(`Item ${n} da composição sem descrição: descreva o item (por exemplo "Licença de leitura digital").`);
    }
    if (!Number.isInteger(item.amountCents) || item.amountCents < 0) {
      problems.push(`Item ${n} da composição com valor negativo: informe um valor a partir de R$ 0,00.`);
    }
  });
  if (problems.length > 0) return problems;

  const total = compositionTotal(items);
  // A benefit may be given for free: R$ 0,00 with no items, or items all at zero.
  if (priceCents === 0 && total === 0) return [];
  if (items.length === 0) {
    return [`Informe a composição do valor: os itens fiscais (SVA, SCM, outro) devem somar ${formatBRL(priceCents)}.`];
  }
  if (total !== priceCents) {
    const diff = priceCents - total;
    return [
      `A composição soma ${formatBRL(total)}, mas o preço do pacote é ${formatBRL(priceCents)}. ` +
        `${diff > 0 ? 'Faltam' : 'Sobram'} ${formatBRL(Math.abs(diff))}: ajuste os itens.`,
    ];
  }
  return [];
}

type Priced = { priceCents: number; composition: readonly CompositionItem[] };

export function compositionNeedsReapproval(before: Priced, after: Priced): boolean {
  if (before.priceCents !== after.priceCents) return true;
  if (before.composition.length !== after.composition.length) return true;
  return before.composition.some((item, i) => {
    const other = after.composition[i];
    return (
      item.description.trim() !== other.description.trim() ||
      item.fiscalKind !== other.fiscalKind ||
      item.amountCents !== other.amountCents
    );
  });
}

/** The package to save: the accountant's approval survives only if price and items are unchanged. */
export function keepApprovalIfUnchanged<P extends Priced & { compositionApproval?: CompositionApproval }>(
  before: Priced,
  after: P,
): P {
  if (!compositionNeedsReapproval(before, after)) return after;
  const { compositionApproval: _cleared, ...rest } = after;
  return rest as P;
}

const sameApproval = (a?: CompositionApproval, b?: CompositionApproval) => a?.by === b?.by && a?.at === b?.at;

/**
 * S6: the approval a saved package carries. An approval given anew with the save holds (the
 * accountant validated these values); the one carried over from the saved package survives only if
 * price and items are unchanged.
 */
export function approvalAfterSave(
  before: (Priced & { compositionApproval?: CompositionApproval }) | undefined,
  after: Priced,
  approval: CompositionApproval | undefined,
): CompositionApproval | undefined {
  if (!approval) return undefined;
  if (before && sameApproval(approval, before.compositionApproval) && compositionNeedsReapproval(before, after)) return undefined;
  return approval;
}

/** S6: an approval is dated when the accountant gave it, never later than today (a day of slack for time zones). */
export function approvalDateProblem(at: string, nowMs: number): string | null {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return 'Informe a data da validação no formato dd/mm/aaaa, por exemplo 03/02/2026.';
  if (t > nowMs + 24 * 3600 * 1000) return 'A data da validação não pode estar no futuro.';
  return null;
}
