/**
 * Changes reach every desk (issue 12): on the office's server a write's transaction also sends a
 * NOTIFY naming the tables it changed and the desk that wrote them; PostgreSQL delivers it to every
 * listening desk when, and only if, the transaction commits. Each desk keeps one connection that
 * LISTENs, re-connects by itself when the server comes back, and then asks its screens to re-read
 * everything (what was announced while it was away is not replayed).
 *
 * The same connection tells whether the server answers: the status bar's "Servidor do escritório
 * indisponível" comes from here and from failed queries.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { DataTable } from '../../../shared/contract/data';
import { pgConfig, type PgConnection } from './postgres';
import type { Tx } from './store';

export const CHANGES_CHANNEL = 'sva_changes';
/** NOTIFY's payload limit is 8,000 bytes; ours is a desk id and at most every table name. */
type Notice = { desk: string; tables: DataTable[] };

/** Inside the writing transaction: delivered to the other desks at its commit. */
export async function announceChanges(tx: Tx, desk: string, tables: readonly DataTable[]): Promise<void> {
  await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify({ desk, tables: [...tables] } satisfies Notice)})`.execute(tx);
}

export type ChangeFeed = {
  /** the first LISTEN is in place (or failed: the feed keeps trying by itself) */
  ready: Promise<void>;
  close(): Promise<void>;
};

export type ChangeFeedDeps = {
  connection: PgConnection;
  desk: string;
  /** another desk's committed change; `tables` = every table after a reconnection */
  onChange(tables: DataTable[]): void;
  /** the listening connection is up (true) or lost (false) */
  onReachable(reachable: boolean): void;
  /** retry delays, for tests */
  retryMs?: readonly number[];
};

const RETRY_MS = [500, 1_000, 2_000, 5_000];

export function listenChanges(deps: ChangeFeedDeps): ChangeFeed {
  const retry = deps.retryMs ?? RETRY_MS;
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wasDown = false;
  let settle: () => void = () => {};
  const ready = new Promise<void>((resolve) => (settle = resolve));

  const parse = (payload: string | undefined): Notice | null => {
    try {
      const n = JSON.parse(payload ?? '') as Notice;
      const tables = n.tables.filter((t) => DataTable.safeParse(t).success);
      return typeof n.desk === 'string' ? { desk: n.desk, tables } : null;
    } catch {
      return null;
    }
  };

  function lost(c: pg.Client) {
    if (client !== c) return;
    client = null;
    c.removeAllListeners();
    c.on('error', () => {});
    void c.end().catch(() => {});
    if (closed) return;
    wasDown = true;
    deps.onReachable(false);
    timer = setTimeout(connect, retry[Math.min(attempt++, retry.length - 1)]);
  }

  async function connect() {
    if (closed) return;
    const c = new pg.Client({ ...pgConfig(deps.connection), query_timeout: 10_000 });
    client = c;
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    c.on('notification', (msg) => {
      if (msg.channel !== CHANGES_CHANNEL) return;
      const n = parse(msg.payload);
      if (n && n.desk !== deps.desk && n.tables.length > 0) deps.onChange(n.tables);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (client !== c) return;
      attempt = 0;
      deps.onReachable(true);
      // Whatever the other desks wrote while this one could not hear them: read it all again.
      if (wasDown) deps.onChange([...DataTable.options]);
      wasDown = false;
    } catch {
      lost(c);
    } finally {
      settle();
    }
  }

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
