/**
 * The move of an old browser workspace into the store (issue 10 item 6): on the first start of this
 * version, a workspace in the renderer's old IndexedDB (Dexie schema v1 or v2) is copied into the
 * store, counted and checked, and the old database is kept (read-only, by the renderer) until the
 * next successful start.
 *
 * The renderer reads the old tables and sends them here in chunks (legacy.begin → legacy.rows … →
 * legacy.finish). Each row is parsed by its known fields as it arrives (a bad row stops the move at
 * once, naming it) and staged in memory as compact JSON text, one string per chunk: ~the size of the
 * old database, so 100k customers fit (figures in the report of this change). Nothing touches the
 * store before finish; finish checks that every table holds the count announced at begin and writes
 * everything in ONE mutation (workspace-rows.ts), with the move recorded in the settings and the
 * history. All or nothing: a failure leaves the store as it was and the old database untouched.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/contract/result';
import { workspaceTableLabels, workspaceTables, type LegacyStatus, type RestoreResult, type TableCounts, type WorkspaceTable } from '../../../shared/contract/workspace';
import type { HandlerTable } from '../dispatch';
import type { Db } from '../store/store';
import type { Mutate } from './mutation';
import { readSetting, writeSetting } from './settings';
import { busyTables, notEmptyMessage, parseRow, reportSummary, writeWorkspace, type RowFeed } from './workspace-rows';

type Session = {
  id: string;
  schemaVersion: number;
  expected: TableCounts;
  /** per table, each chunk's parsed rows as JSON text */
  staged: Record<WorkspaceTable, string[]>;
  received: Record<WorkspaceTable, number>;
};

const n = (v: number) => v.toLocaleString('pt-BR');

export type LegacyService = ReturnType<typeof createLegacyService>;

export function createLegacyService(deps: { db: Db; mutate: Mutate }) {
  const { db, mutate } = deps;
  /** This start of the host: a move done in an earlier one has survived a restart. */
  const hostSession = randomUUID();
  let session: Session | null = null;

  function current(id: string): Session {
    if (!session || session.id !== id) {
      throw new AppError('LEGACY_SESSION_GONE', 'A cópia dos dados antigos foi interrompida (o SVA Desk reiniciou ou outra cópia começou). Nada foi gravado: feche e abra o SVA Desk para copiar de novo.');
    }
    return session;
  }

  return {
    hostSession,

    async status(): Promise<LegacyStatus> {
      const move = await readSetting(db, 'legacy.move');
      const storeEmpty = (await busyTables(db)).length === 0;
      if (!move) return { storeEmpty, move: null, oldDatabaseReleased: false };
      const { session: movedIn, ...shown } = move;
      return { storeEmpty, move: shown, oldDatabaseReleased: movedIn !== hostSession };
    },

    async begin(input: { schemaVersion: number; counts: TableCounts }) {
      const busy = await busyTables(db);
      if (busy.length > 0) throw new AppError('NOT_EMPTY', notEmptyMessage(busy, 'legacy'));
      // A new begin replaces an unfinished move (the screen was reloaded mid-way).
      session = {
        id: randomUUID(),
        schemaVersion: input.schemaVersion,
        expected: input.counts,
        staged: Object.fromEntries(workspaceTables.map((t) => [t, []])) as unknown as Session['staged'],
        received: Object.fromEntries(workspaceTables.map((t) => [t, 0])) as Session['received'],
      };
      return { sessionId: session.id };
    },

    rows(input: { sessionId: string; table: WorkspaceTable; rows: unknown[] }) {
      const s = current(input.sessionId);
      const { table, rows } = input;
      const offset = s.received[table];
      if (offset + rows.length > s.expected[table]) {
        session = null;
        throw new AppError(
          'COUNT_MISMATCH',
          `Chegaram mais ${workspaceTableLabels[table].many} (${n(offset + rows.length)}) do que os ${n(s.expected[table])} anunciados. Nada foi copiado e os dados antigos continuam intactos: feche e abra o SVA Desk para tentar de novo.`,
        );
      }
      let parsed: unknown[];
      try {
        parsed = rows.map((row, i) => parseRow('legacy', table, row, offset + i));
      } catch (err) {
        session = null;
        throw err;
      }
      if (parsed.length > 0) s.staged[table].push(JSON.stringify(parsed));
      s.received[table] += rows.length;
      return { received: s.received[table] };
    },

    async finish(sessionId: string): Promise<RestoreResult> {
      const s = current(sessionId);
      session = null;
      const short = workspaceTables.find((t) => s.received[t] !== s.expected[t]);
      if (short) {
        throw new AppError(
          'COUNT_MISMATCH',
          `Faltaram ${workspaceTableLabels[short].many}: ${n(s.expected[short])} anunciados, ${n(s.received[short])} recebidos. Nada foi copiado e os dados antigos continuam intactos: feche e abra o SVA Desk para tentar de novo.`,
        );
      }
      const feed = Object.fromEntries(
        workspaceTables.map((t) => [
          t,
          function* () {
            for (const chunk of s.staged[t]) yield JSON.parse(chunk);
          },
        ]),
      ) as unknown as RowFeed;

      return mutate(async (m) => {
        const tables = await writeWorkspace(m, 'legacy', feed, s.expected);
        const summary = reportSummary(tables);
        await writeSetting(m, 'legacy.move', { at: m.at, clerk: m.clerk, schemaVersion: s.schemaVersion, tables, session: hostSession });
        m.record({
          kind: 'legacy.move',
          outcome: 'ok',
          message: `Dados do SVA Desk anterior (banco do navegador, versão ${s.schemaVersion}) trazidos para o banco do SVA Desk e conferidos: ${summary}. O banco antigo fica guardado, sem alterações, até o próximo início.`,
        });
        // The vault on this desk still holds the same integrations' credentials: a pass may send what was pending.
        m.desiredStateChanged({ reason: 'import' });
        return { tables, summary };
      });
    },

    abort(sessionId: string) {
      const known = session?.id === sessionId;
      if (known) session = null;
      return { aborted: known };
    },
  };
}

export function legacyHandlers(l: LegacyService): Pick<HandlerTable, 'legacy.status' | 'legacy.begin' | 'legacy.rows' | 'legacy.finish' | 'legacy.abort'> {
  return {
    'legacy.status': () => l.status(),
    'legacy.begin': (input) => l.begin(input),
    'legacy.rows': async (input) => l.rows(input),
    'legacy.finish': ({ sessionId }) => l.finish(sessionId),
    'legacy.abort': async ({ sessionId }) => l.abort(sessionId),
  };
}
