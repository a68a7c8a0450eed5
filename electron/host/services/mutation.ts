/**
 * The one write path (ARCHITECTURE, "One write path"): every service writes through `mutate`. One
 * transaction holds the rows and their history events; after the commit, and only then, the change
 * notice goes to every screen and, when desired state changed, the sync engine is told.
 * Modelled on Actual Budget's `mutator()`.
 */
import { sql } from 'kysely';
import { AppError } from '../../../shared/contract/result';
import type { DataTable } from '../../../shared/contract/data';
import type { HistoryActor, HistoryOutcome } from '../../../shared/domain/model';
import type { Clock } from '../ports';
import { eventRow } from '../store/rows';
import type { Engine, Store, Tx } from '../store/store';

export type NewEvent = {
  kind: string;
  outcome: HistoryOutcome;
  message: string;
  /** typed subject: see subjects.ts */
  subject?: string;
  integrationId?: string;
  platformErrorId?: string;
  /** default: the mutation's actor */
  actor?: HistoryActor;
  /** default: the mutation's time */
  at?: string;
};

/** Why a pass is due; the engine merges pending requests (a selection is never dropped). */
export type DesiredChange = { reason: 'edit' | 'import'; integrationIds?: readonly string[] };

export type Mutation = {
  tx: Tx;
  engine: Engine;
  /** ISO time of this write, one for all its rows */
  at: string;
  actor: HistoryActor;
  /** the desk's clerk, for `updatedBy` and the history */
  clerk: string | null;
  record(event: NewEvent): void;
  changed(...tables: DataTable[]): void;
  /** Desired licence state may differ now: a pass follows the commit. */
  desiredStateChanged(change?: Partial<DesiredChange>): void;
};

export type MutateOptions = { actor?: HistoryActor };
export type Mutate = <T>(fn: (m: Mutation) => Promise<T>, options?: MutateOptions) => Promise<T>;

export type MutatorDeps = {
  store: Store;
  clock: Clock;
  /** the name of the clerk at this desk (settings), null before it is set */
  clerk: () => string | null;
  notify: (tables: DataTable[]) => void;
  onDesiredStateChanged: (change: DesiredChange) => void;
  /** Inside the transaction, after its rows: tells the office's other desks (LISTEN/NOTIFY, store/changes.ts). */
  announce?: (tx: Tx, tables: readonly DataTable[]) => Promise<void>;
};

export function createMutator(deps: MutatorDeps): Mutate {
  return async function mutate(fn, options = {}) {
    const events: NewEvent[] = [];
    const tables = new Set<DataTable>();
    let desired: DesiredChange | null = null;
    const actor = options.actor ?? 'user';
    const at = new Date(deps.clock.now()).toISOString();
    const clerk = actor === 'user' ? deps.clerk() : null;
    const result = await deps.store.db.transaction().execute(async (tx) => {
      const value = await fn({
        tx,
        engine: deps.store.engine,
        at,
        actor,
        clerk,
        record: (e) => events.push(e),
        changed: (...t) => t.forEach((name) => tables.add(name)),
        desiredStateChanged: (change = {}) => {
          const ids = change.integrationIds;
          // No ids = every integration: a first list is kept, later lists merge, and "every" is never narrowed.
          const merged = desired === null ? (ids && [...ids]) : desired.integrationIds && ids ? [...new Set([...desired.integrationIds, ...ids])] : undefined;
          desired = { reason: change.reason ?? desired?.reason ?? 'edit', ...(merged && { integrationIds: merged }) };
        },
      });
      for (const chunk of chunked(events, 500)) {
        await tx
          .insertInto('events')
          .values(chunk.map((e) => eventRow({ ...e, at: e.at ?? at, actor: e.actor ?? actor, ...(clerk !== null && (e.actor ?? actor) === 'user' && { clerk }) })))
          .execute();
      }
      if (events.length > 0) tables.add('events');
      if (tables.size > 0) await deps.announce?.(tx, [...tables]);
      return value;
    });
    if (tables.size > 0) deps.notify([...tables]);
    if (desired) deps.onDesiredStateChanged(desired);
    return result;
  };
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What a versioned update sets besides its own fields: the next version and who wrote it. */
export function stamp(m: Mutation) {
  return { version: sql<number>`version + 1`, updatedBy: m.clerk ?? (m.actor === 'user' ? null : m.actor) };
}

const RECORD_NAMES = {
  integrations: ['Esta integração', 'alterada', 'excluída'],
  packages: ['Este pacote', 'alterado', 'excluído'],
  plans: ['Este plano', 'alterado', 'excluído'],
  customers: ['Este cliente', 'alterado', 'excluído'],
  services: ['Este serviço', 'alterado', 'excluído'],
  links: ['Este vínculo', 'alterado', 'excluído'],
} as const;
type Versioned = keyof typeof RECORD_NAMES;

/**
 * A save based on an older version of the row is refused (two desks, one record): nothing is
 * overwritten silently; the message names who changed it and when, and the form offers to reload.
 * `expected` undefined = the caller did not read a version (a system write), nothing to check.
 */
export async function checkVersion(tx: Tx, table: Versioned, id: string | number, expected: number | undefined): Promise<void> {
  if (expected === undefined) return;
  const row = await tx
    .selectFrom(table as 'plans')
    .select(['version', 'updatedBy', 'updatedAt'])
    .where('id', '=', id as number)
    .executeTakeFirst();
  const [name, changed, deleted] = RECORD_NAMES[table];
  if (!row) throw new AppError('NOT_FOUND', `${name} não existe mais: pode ter sido ${deleted} em outra mesa. Volte à lista.`);
  if (row.version !== expected) {
    const who = row.updatedBy ? ` por ${row.updatedBy}` : '';
    const when = new Date(row.updatedAt).toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'short' });
    throw new AppError('CONFLICT', `${name} foi ${changed}${who} em ${when}, depois que você abriu. Recarregue para ver a versão atual; nada foi salvo.`, {
      fields: { version: String(row.version) },
    });
  }
}
