import type { HistoryEvent } from '../../shared/domain/model';
import { db } from './db';

export type NewEvent = Omit<HistoryEvent, 'id' | 'at'> & { at?: string };

/**
 * Appends to the Histórico de Eventos. Call it inside the same `db.transaction(...)` as the change
 * it records (include `db.events` in the transaction's tables), so a row and its event land together.
 */
export function recordEvent(event: NewEvent): Promise<number | undefined> {
  return db.events.add({ ...event, at: event.at ?? new Date().toISOString() });
}
