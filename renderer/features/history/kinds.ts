/**
 * The Histórico's "Tipo" filter in the office's words: each event kind's category ('customer' of
 * 'customer.save', or the whole kind of a platform step such as 'grant') as a clerk names it.
 */
import { historyCategory } from '../../../shared/domain';

const categoryLabels: Record<string, string> = {
  customer: 'Clientes',
  service: 'Serviços dos clientes',
  link: 'Pacotes vinculados',
  package: 'Pacotes',
  plan: 'Serviços/Planos',
  integration: 'Integrações',
  products: 'Produtos (sincronização)',
  transmission: 'Transmissões',
  upsert_subscriber: 'Envio de assinantes à plataforma',
  grant: 'Liberação de licenças',
  suspend: 'Suspensão de licenças',
  reenable: 'Reativação de licenças',
  cancel: 'Cancelamento de licenças',
  licence: 'Licenças',
  platform: 'Conferência com a plataforma',
  drift: 'Correções da conferência',
  import: 'Importação do ERP',
  lgpd: 'LGPD (exportação e exclusão de dados)',
  backup: 'Backup e restauração',
  database: 'Banco de dados',
  legacy: 'Dados da versão anterior',
  demo: 'Dados de demonstração',
  desk: 'Atendente da mesa',
  background: 'Em segundo plano',
  schedule: 'Rotina diária',
};

export function categoryLabel(category: string): string {
  return categoryLabels[category] ?? `Outros (${category.replace(/[_.]/g, ' ')})`;
}

/** The categories present in the history, as Select options sorted by their label. */
export function categoryOptions(kinds: readonly string[]): { value: string; label: string }[] {
  const categories = [...new Set(kinds.map(historyCategory))];
  return categories.map((value) => ({ value, label: categoryLabel(value) })).sort((a, b) => a.label.localeCompare(b.label, 'pt-BR'));
}
