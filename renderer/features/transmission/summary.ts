import type { PassSummary } from '../../../shared/domain/pass-summary';

// What a pass will do: one home for the host's engine and the screens.
export { planAction, stepsOf, summarize, type PassSummary } from '../../../shared/domain/pass-summary';

export const actionLabels: Record<keyof Omit<PassSummary, 'links'>, string> = {
  creations: 'Criar assinante e licença',
  updates: 'Atualizar dados do assinante',
  suspensions: 'Suspender',
  reenables: 'Reabilitar',
  cancellations: 'Cancelar licença',
};
