/**
 * Histórico de Eventos: every event, newest first, in keyset pages (no OFFSET: page 500 costs what
 * page 1 costs), with the office's filters and the count of everything they match; and the CSV
 * export of EVERY matching event, written page by page into a file the screen downloads
 * (transfers.ts), cells escaped by the one CSV helper (shared/csv.ts).
 *
 * Portable SQL (SQLite and PostgreSQL): LIKE … ESCAPE, keyset on the (at, id) index; the text
 * search is store/text-search.ts (case-insensitive for ASCII on SQLite, for every letter on PostgreSQL).
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { csvLines, toCsv, CSV_NEWLINE } from '../../../shared/csv';
import type { HistoryCursor, HistoryFilter, HistoryListPage, PreparedFile } from '../../../shared/contract/workspace';
import { historyCsvHeader, historyCsvRow } from '../../../shared/domain/history';
import { datedName } from '../../../shared/domain/text';
import type { HandlerTable } from '../dispatch';
import type { Clock, Emit } from '../ports';
import { eventOf } from '../store/rows';
import type { Database } from '../store/schema';
import type { Db, Engine } from '../store/store';
import { containsText, escapeLike } from '../store/text-search';
import type { Transfers } from './transfers';

export const EXPORT_PAGE = 2000;

const like = (column: Expression<unknown>, pattern: string) => sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`;

/** The filters as one condition; `maxId` bounds an export to the events that existed when it began. */
function matching(engine: Engine, f: HistoryFilter, maxId?: number) {
  return (eb: ExpressionBuilder<Database, 'events'>) => {
    const all: Expression<SqlBool>[] = [];
    if (f.integrationId) all.push(eb('integrationId', '=', f.integrationId));
    if (f.kind) all.push(f.kind.includes('.') ? eb('kind', '=', f.kind) : eb.or([eb('kind', '=', f.kind), like(eb.ref('kind'), `${escapeLike(f.kind)}.%`)]));
    if (f.outcome) all.push(eb('outcome', '=', f.outcome));
    if (f.actor) all.push(eb('actor', '=', f.actor));
    if (f.clerk) all.push(eb('clerk', '=', f.clerk));
    if (f.subject) all.push(eb.or([eb('subject', '=', f.subject), like(eb.ref('subject'), `${escapeLike(f.subject)}/%`)]));
    const text = f.text?.trim();
    if (text) all.push(eb.or([containsText(engine, eb.ref('message'), text), containsText(engine, eb.ref('subject'), text), containsText(engine, eb.ref('kind'), text)]));
    if (f.from) all.push(eb('at', '>=', f.from));
    if (f.to) all.push(eb('at', '<', f.to));
    if (maxId !== undefined) all.push(eb('id', '<=', maxId));
    return eb.and(all);
  };
}

/** Times as the screen shows them: in its time zone when it names one this runtime knows, else the host's. */
function dateFormat(timeZone: string | undefined) {
  try {
    return new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', ...(timeZone && { timeZone }) });
  } catch {
    return new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
  }
}

/** After the cursor, newest first. `at <= c.at` alone lets the engine range-scan the (at, id) index. */
const before = (c: HistoryCursor) => (eb: ExpressionBuilder<Database, 'events'>) =>
  eb.and([eb('at', '<=', c.at), eb.or([eb('at', '<', c.at), eb('id', '<', c.id)])]);

export type HistoryService = ReturnType<typeof createHistoryService>;

export function createHistoryService(deps: { db: Db; engine: Engine; transfers: Transfers; emit: Emit; clock: Clock }) {
  const { db, engine } = deps;

  async function total(filter: HistoryFilter, maxId?: number): Promise<number> {
    const row = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(matching(engine, filter, maxId))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function page(filter: HistoryFilter, after: HistoryCursor | undefined, limit: number, maxId?: number) {
    let q = db.selectFrom('events').selectAll().where(matching(engine, filter, maxId));
    if (after) q = q.where(before(after));
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const events = rows.slice(0, limit).map(eventOf);
    const last = events.at(-1);
    return { events, next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
  }

  return {
    async list(input: { filter: HistoryFilter; after?: HistoryCursor; limit: number }): Promise<HistoryListPage> {
      const { events, next } = await page(input.filter, input.after, input.limit);
      return { events, next, total: await total(input.filter) };
    },

    async facets() {
      const kinds = await db.selectFrom('events').select('kind').distinct().orderBy('kind').execute();
      const clerks = await db.selectFrom('events').select('clerk').distinct().where('clerk', 'is not', null).orderBy('clerk').execute();
      return { kinds: kinds.map((r) => r.kind), clerks: clerks.map((r) => r.clerk!) };
    },

    /** Every matching event as CSV, newest first, in pages of EXPORT_PAGE, with progress. */
    async export(filter: HistoryFilter, timeZone?: string): Promise<PreparedFile & { rows: number }> {
      // The events that exist now: one written during the export is not half in it.
      const top = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      const maxId = Number(top?.id ?? 0);
      const count = await total(filter, maxId);
      const names = new Map((await db.selectFrom('integrations').select(['id', 'description']).execute()).map((i) => [i.id, i.description]));
      const at = dateFormat(timeZone);
      const formatAt = (iso: string) => at.format(new Date(iso));

      const file = await deps.transfers.createFile(datedName('historico', 'csv', deps.clock.now()), 'text/csv');
      let written = 0;
      try {
        // papaparse ends a header without rows with a newline of its own: one newline, no blank line (Excel shows it as an empty row).
        await file.write(toCsv(historyCsvHeader, []).replace(/\r?\n$/, '') + CSV_NEWLINE);
        deps.emit('history.exportProgress', { transferId: file.transferId, written, total: count });
        let cursor: HistoryCursor | undefined;
        do {
          const { events, next } = await page(filter, cursor, EXPORT_PAGE, maxId);
          await file.write(csvLines(events.map((e) => historyCsvRow(e, e.integrationId ? names.get(e.integrationId) : undefined, formatAt))));
          written += events.length;
          deps.emit('history.exportProgress', { transferId: file.transferId, written, total: count });
          cursor = next ?? undefined;
        } while (cursor);
        return { ...(await file.finish()), rows: written };
      } catch (err) {
        await file.abandon();
        throw err;
      }
    },
  };
}

export function historyHandlers(h: HistoryService): Pick<HandlerTable, 'history.list' | 'history.facets' | 'history.export'> {
  return {
    'history.list': (input) => h.list(input),
    'history.facets': () => h.facets(),
    'history.export': ({ filter, timeZone }) => h.export(filter, timeZone),
  };
}
