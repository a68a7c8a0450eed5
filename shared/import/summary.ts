/** An import's counts in one Portuguese sentence, for the history event and the screen's last step. */
import { count } from '../domain/text';
import type { ImportCounts } from './diff';

export function countsSummary(counts: ImportCounts): string {
  const parts = [
    [counts.newCustomers, 'cliente novo', 'clientes novos'],
    [counts.changedCustomers, 'cliente alterado', 'clientes alterados'],
    [counts.newServices, 'serviço novo', 'serviços novos'],
    [counts.statusChanges, 'mudança de status', 'mudanças de status'],
    [counts.planChanges, 'mudança de plano', 'mudanças de plano'],
    [counts.newPlans, 'plano criado', 'planos criados'],
    [counts.newLinks, 'pacote vinculado', 'pacotes vinculados'],
    [counts.suspensions, 'suspensão', 'suspensões'],
    [counts.reenables, 'reabilitação', 'reabilitações'],
    [counts.cancellations, 'cancelamento', 'cancelamentos'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, one, many]) => count(n, one, many));
  return said.length === 0 ? 'nenhuma alteração' : said.join(', ');
}
