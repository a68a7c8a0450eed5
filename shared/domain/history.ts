/**
 * The Histórico de Eventos as the office reads it: the words for who acted and how it went, and
 * the CSV line of an event, one home for the screen and for the host's export.
 */
import type { HistoryActor, HistoryEvent, HistoryOutcome } from './model';

export const historyOutcomeLabels: Record<HistoryOutcome, string> = { ok: 'Sucesso', error: 'Erro', info: 'Informação' };
export const historyActorLabels: Record<HistoryActor, string> = { user: 'Usuário', integration: 'Integração', system: 'Sistema' };

/** The category of an event kind: 'customer.save' → 'customer'. The Histórico filters by either. */
export const historyCategory = (kind: string): string => kind.split('.')[0]!;

export const historyCsvHeader = ['quando', 'quem', 'atendente', 'evento', 'assunto', 'resultado', 'mensagem', 'codigo_plataforma'] as const;

/** One event as a CSV line (cells escaped by shared/csv): `integrationName` for the "quem" column. */
export function historyCsvRow(e: HistoryEvent & { clerk?: string }, integrationName: string | undefined, formatAt: (iso: string) => string): string[] {
  const who = e.integrationId ? `${historyActorLabels[e.actor]} · ${integrationName ?? e.integrationId}` : historyActorLabels[e.actor];
  return [formatAt(e.at), who, e.clerk ?? '', e.kind, e.subject ?? '', historyOutcomeLabels[e.outcome], e.message, e.platformErrorId ?? ''];
}
