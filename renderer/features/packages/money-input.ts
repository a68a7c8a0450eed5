import { formatBRL } from '../../../shared/domain';

/** Centavos as a person types them back: `19,90`, `1.234,56` (no `R$`). */
export function centsToInput(cents: number): string {
  return formatBRL(cents).replace(/^R\$\s*/, '');
}
