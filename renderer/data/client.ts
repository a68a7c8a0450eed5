/**
 * The renderer's reads and writes of the office's record (ARCHITECTURE, "renderer/data"): every
 * screen goes through here, never through the bridge or Dexie directly. Reads are TanStack Query
 * queries over host commands; each declares the tables it reads, and the host's change notice
 * (`data.changed`, after every commit, from this desk or another) refreshes exactly those.
 */
import { QueryClient, useMutation, useQuery, useQueryClient, type Query, type UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CommandInput, CommandName, CommandOutput, DataTable, EventName, Failure } from '../../shared/contract';
import { call, subscribe } from '../bridge';
import { createCachePersister } from './cache';

/** A refused command as an Error: `message` is Portuguese and says what to do; `fields` go next to inputs. */
export class CommandError extends Error {
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly retryable: boolean;
  constructor(failure: Failure) {
    super(failure.message);
    this.name = 'CommandError';
    this.code = failure.code;
    this.fields = failure.fields ?? {};
    this.retryable = failure.retryable;
  }
}

/** Runs a host command; a Failure becomes a CommandError. */
export async function run<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
  const r = await call(name, input);
  if (!r.ok) throw new CommandError(r);
  return r.data;
}

/** What a form shows for a refused write: the refused fields next to them, otherwise one message. */
export function formErrors(error: unknown): Record<string, string> {
  if (error instanceof CommandError) return Object.keys(error.fields).length > 0 ? error.fields : { form: error.message };
  return { form: error instanceof Error ? error.message : String(error) };
}

export function createQueryClient(opts: { persist?: boolean } = {}): QueryClient {
  const persister = opts.persist === false ? undefined : createCachePersister();
  return new QueryClient({
    defaultOptions: {
      queries: {
        ...(persister && { persister: persister.persisterFn }),
        // The host pushes a notice on every change: no refetch on focus or by timer.
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        retry: (failures, error) => error instanceof CommandError && error.retryable && failures < 2,
      },
    },
  });
}

export const queryClient = createQueryClient();

/** The queries a notice arrived for while they were being read: read again once that read ends. */
const again = new WeakMap<QueryClient, Set<Query>>();

function followUps(client: QueryClient): Set<Query> {
  let set = again.get(client);
  if (!set) {
    const pending = (set = new Set<Query>());
    again.set(client, pending);
    client.getQueryCache().subscribe((e) => {
      if (e.type !== 'updated' || !pending.has(e.query) || e.query.state.fetchStatus === 'fetching') return;
      pending.delete(e.query);
      void client.invalidateQueries({ queryKey: e.query.queryKey, exact: true });
    });
  }
  return set;
}

/**
 * Refreshes the queries `predicate` picks, without cancelling a read in flight: a query being read
 * is read once more when that read ends. During a run the host sends a notice several times a
 * second; cancelling and restarting on each one left a slow read (the links' states of a large
 * office) never finishing, and the counts stood still until the run ended.
 */
export function refreshQueries(client: QueryClient, predicate: (q: Query) => boolean): Promise<void> {
  const pending = followUps(client);
  const idle: Query[] = [];
  for (const q of client.getQueryCache().findAll({ predicate })) {
    if (q.state.fetchStatus === 'fetching') pending.add(q);
    else idle.push(q);
  }
  const ids = new Set(idle);
  return idle.length ? client.invalidateQueries({ predicate: (q) => ids.has(q) }) : Promise.resolve();
}

/** Refreshes the queries that read any of these tables. */
export function invalidateTables(client: QueryClient, tables: readonly DataTable[]): Promise<void> {
  const changed = new Set(tables);
  return refreshQueries(client, (q) => ((q.meta?.tables as DataTable[] | undefined) ?? []).some((t) => changed.has(t)));
}

/** Follows the host's change notices for the app's lifetime; returns the unsubscribe. */
export function followChanges(client: QueryClient = queryClient): () => void {
  return subscribe('data.changed', ({ tables }) => void invalidateTables(client, tables));
}

/**
 * A screen's read: `tables` are the parts of the record the command reads, so a change to any of
 * them refreshes it. `input: null` waits (e.g. no id yet).
 */
export function useHostQuery<N extends CommandName>(name: N, input: CommandInput<N> | null, tables: readonly DataTable[]): UseQueryResult<CommandOutput<N>, CommandError> {
  return useQuery({
    queryKey: [name, input],
    queryFn: () => run(name, input as CommandInput<N>),
    enabled: input !== null,
    meta: { tables },
  });
}

/** A screen's write. The host's change notice refreshes what it changed; no manual invalidation. */
export function useHostMutation<N extends CommandName>(name: N) {
  return useMutation<CommandOutput<N>, CommandError, CommandInput<N>>({ mutationFn: (input) => run(name, input) });
}

/**
 * Makes the queries of these commands follow a pushed event as well as `data.changed`: some answers
 * move without a table write (links.states, links.list and sync.state move with the sync engine's
 * `sync.state`). Call it in the component that reads them; it refreshes while that is mounted.
 */
export function useRefreshOn(event: EventName, commands: readonly CommandName[]): void {
  const client = useQueryClient();
  const key = commands.join(' ');
  useEffect(() => {
    const names = new Set(key.split(' '));
    return subscribe(event, () => void refreshQueries(client, (q) => names.has(q.queryKey[0] as string)));
  }, [client, event, key]);
}
