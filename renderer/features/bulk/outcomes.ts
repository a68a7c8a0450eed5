import type { BulkOutcome } from '../../../shared/contract';

/** Each row's outcome as the office reads it, in the preview (pending) and in the result (done). */
export const outcomeLabels: Record<BulkOutcome, string> = {
  pending: 'A fazer',
  done: 'Feito',
  already: 'Já estava assim',
  refused: 'Recusado',
  unknown: 'Não encontrado',
};

/** Dark shades: white text on them keeps AA contrast. */
export const outcomeColors: Record<BulkOutcome, string> = {
  pending: 'blue.9',
  done: 'green.9',
  already: 'gray.7',
  refused: 'red.9',
  unknown: 'orange.9',
};
