/**
 * Configurações › Banco de dados, in the host (issue 12): which record this desk opens — the
 * embedded file ("Este computador") or the office's PostgreSQL ("Servidor do escritório") —, the
 * connection test, the switch (the host reopens on the other store), and the move of this desk's
 * embedded record into an empty server, counted and checked by the same rules as a backup restore.
 *
 * Where things live: the server's address in this desk's desk.json; its password in this desk's
 * vault (the entry DATABASE_VAULT_ID), never in the store, the renderer or a log.
 */
import { join } from 'node:path';
import pg from 'pg';
import { AppError } from '../../../shared/contract/result';
import type { DatabaseDraft, DatabaseProbe, DatabaseServer, DatabaseStatus, DatabaseUse, OfficeDesk } from '../../../shared/contract/database';
import type { HandlerTable } from '../dispatch';
import type { Clock, Emit } from '../ports';
import type { VaultPort } from '../vault-port';
import { migrations } from '../store/migrations';
import { pgConfig, serverFailureMessage, type PgConnection } from '../store/postgres';
import { openStore, STORE_FILE, type Store, type StoreLocation } from '../store/store';
import { countsOf, readWorkspace } from './backup';
import { createMutator } from './mutation';
import type { Desk } from './settings';
import { arrayFeed, busyTables, reportSummary, writeWorkspace } from './workspace-rows';

export const DATABASE_VAULT_ID = 'database:office';

/** The store this desk opens, from its desk.json and its vault. */
export function storeLocationOf(dataDir: string, desk: Desk, vault: VaultPort): { location: StoreLocation; notice?: string } {
  const chosen = desk.database();
  const embedded: StoreLocation = { engine: 'sqlite', file: join(dataDir, STORE_FILE) };
  if (!chosen?.use) return { location: embedded };
  const saved = vault.get(DATABASE_VAULT_ID);
  if (!saved) {
    // Without the password this desk cannot reach the office's record; it opens its own file so that
    // Configurações › Banco de dados can be reached to type it again, and says so on every screen.
    return {
      location: embedded,
      notice: 'Esta mesa usa o servidor do escritório, mas a senha dele não está no cofre desta mesa. Até digitá-la de novo em Configurações › Banco de dados, o SVA Desk mostra os dados deste computador.',
    };
  }
  return { location: { engine: 'postgres', connection: { ...chosen.server, password: saved.apiSecret } } };
}

/** Whether the office's server answers, as this desk last saw it. */
export type StoreHealth = {
  answered(): void;
  failed(): void;
  status(): Pick<DatabaseStatus, 'reachable' | 'lastAnswerAt' | 'unavailableSince'>;
};

export function createStoreHealth(clock: Clock, onChange: () => void): StoreHealth {
  let lastAnswerAt: string | null = null;
  let unavailableSince: string | null = null;
  const now = () => new Date(clock.now()).toISOString();
  return {
    answered() {
      lastAnswerAt = now();
      if (unavailableSince === null) return;
      unavailableSince = null;
      onChange();
    },
    failed() {
      if (unavailableSince !== null) return;
      unavailableSince = now();
      onChange();
    },
    status: () => ({ reachable: unavailableSince === null, lastAnswerAt, unavailableSince }),
  };
}

export type DatabaseServiceDeps = {
  store: Store;
  desk: Desk;
  deskId: string;
  vault: VaultPort;
  clock: Clock;
  emit: Emit;
  health: StoreHealth;
  /** the host reopens on the store desk.json now names; absent (tests), a restart does it */
  reopen?: () => void;
  /** why the desk is not on the store it chose (storeLocationOf) */
  notice?: string;
};

export type DatabaseService = ReturnType<typeof createDatabaseService>;

export function createDatabaseService(deps: DatabaseServiceDeps) {
  const { store, desk, vault } = deps;

  function connectionOf(draft: DatabaseDraft): PgConnection {
    const { password, ...server } = draft;
    const typed = password?.length ? password : null;
    const saved = vault.get(DATABASE_VAULT_ID)?.apiSecret ?? null;
    const value = typed ?? saved;
    if (value === null) throw new AppError('INVALID_INPUT', 'Informe a senha do usuário do banco.', { fields: { password: 'Informe a senha do usuário do banco.' } });
    return { ...server, password: value };
  }

  async function desks(): Promise<OfficeDesk[]> {
    const rows = await store.db.selectFrom('desks').selectAll().orderBy('lastSeenAt', 'desc').execute();
    return rows.map((r) => ({ id: r.id, clerk: r.clerk, canTransmit: r.canTransmit === 1, lastSeenAt: r.lastSeenAt, thisDesk: r.id === deps.deskId }));
  }

  async function status(): Promise<DatabaseStatus> {
    const chosen = desk.database();
    const base = { server: chosen?.server ?? null, passwordSaved: vault.get(DATABASE_VAULT_ID) !== null, ...(deps.notice && { notice: deps.notice }) };
    if (store.engine === 'sqlite') return { engine: 'sqlite', ...base, reachable: true, lastAnswerAt: null, unavailableSince: null, desks: await desks() };
    const health = deps.health.status();
    let list: OfficeDesk[] = [];
    try {
      list = await desks();
    } catch {
      // the server is away: the rest of the status says so
    }
    return { engine: 'postgres', ...base, ...health, desks: list };
  }

  async function probe(connection: PgConnection): Promise<DatabaseProbe> {
    const client = new pg.Client({ ...pgConfig(connection), query_timeout: 10_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      const version = String((await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?');
      const known = (await client.query<{ t: string | null }>("SELECT to_regclass('public.kysely_migration')::text AS t")).rows[0]?.t;
      const pgName = `PostgreSQL ${version.split(' ')[0]}`;
      if (!known) return { serverVersion: version, schema: 'empty', customers: null, message: `Conectado ao ${pgName}. O banco "${connection.database}" não tem dados do SVA Desk: as tabelas são criadas ao usá-lo.` };
      const ran = (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map((r) => r.name);
      const ours = Object.keys(migrations);
      const customers = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM customers')).rows[0]?.n ?? 0);
      const people = `${customers.toLocaleString('pt-BR')} ${customers === 1 ? 'cliente' : 'clientes'}`;
      if (ran.some((name) => !ours.includes(name))) {
        return { serverVersion: version, schema: 'newer', customers, message: `Conectado ao ${pgName}, mas os dados foram gravados por um SVA Desk mais novo que o desta mesa: atualize esta mesa antes de usá-lo.` };
      }
      if (ran.length < ours.length) {
        return { serverVersion: version, schema: 'older', customers, message: `Conectado ao ${pgName}: dados do SVA Desk (${people}) de uma versão anterior, atualizados ao usar. Faça um backup do banco (pg_dump) antes.` };
      }
      return { serverVersion: version, schema: 'current', customers, message: `Conectado ao ${pgName}: dados do SVA Desk com ${people}.` };
    } catch (err) {
      throw new AppError('DATABASE_UNREACHABLE', serverFailureMessage(err, connection), { retryable: true });
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Copies this desk's embedded record into the server, which must hold no records. */
  async function moveInto(connection: PgConnection): Promise<string> {
    if (store.engine !== 'sqlite') throw new AppError('INVALID_INPUT', 'Esta mesa já usa o servidor do escritório: não há o que mover.');
    const tables = await readWorkspace(store.db);
    let target: Store;
    try {
      target = await openStore({ engine: 'postgres', connection });
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('DATABASE_UNREACHABLE', serverFailureMessage(err, connection), { retryable: true });
    }
    try {
      const busy = await busyTables(target.db);
      if (busy.length > 0) {
        throw new AppError('NOT_EMPTY', 'O banco do servidor já tem dados de um escritório: nada foi copiado. Para trabalhar com eles, use o servidor sem mover; para mover os dados desta mesa, escolha um banco vazio.');
      }
      const mutate = createMutator({ store: target, clock: deps.clock, clerk: () => desk.clerk(), notify: () => {}, onDesiredStateChanged: () => {} });
      return await mutate(async (m) => {
        const reports = await writeWorkspace(m, 'backup', arrayFeed(tables), countsOf(tables));
        const summary = reportSummary(reports);
        m.record({ kind: 'database.move', outcome: 'ok', message: `Dados desta mesa movidos para o servidor do escritório: ${summary}.` });
        return summary;
      });
    } finally {
      await target.close();
    }
  }

  function remember(server: DatabaseServer, use: boolean, password?: string): Promise<unknown> | void {
    desk.setDatabase({ server, use });
    if (password?.length) return vault.save(DATABASE_VAULT_ID, { baseUrl: `postgres://${server.host}:${server.port}/${server.database}`, apiKey: server.user, apiSecret: password });
  }

  const reopening = (done: string) => {
    if (!deps.reopen) return `${done} Feche e abra o SVA Desk para trabalhar com esses dados.`;
    setTimeout(deps.reopen, 0);
    return done;
  };

  async function use(input: DatabaseUse): Promise<{ summary: string }> {
    if (input.target === 'embedded') {
      const chosen = desk.database();
      if (!chosen?.use && store.engine === 'sqlite') return { summary: 'Esta mesa já usa os dados deste computador.' };
      if (chosen) desk.setDatabase({ ...chosen, use: false });
      return { summary: reopening('Esta mesa voltou a usar os dados deste computador; os do servidor continuam lá.') };
    }
    const { password, ...server } = input.draft;
    const connection = connectionOf(input.draft);
    const found = await probe(connection);
    if (found.schema === 'newer') throw new AppError('DATABASE_NEWER', found.message);
    let done = 'Esta mesa passou a usar o servidor do escritório.';
    if (input.move) done = `Copiado para o servidor: ${await moveInto(connection)}. Esta mesa passou a usar o servidor do escritório.`;
    await remember(server, true, password);
    return { summary: reopening(done) };
  }

  return { status, test: async (draft: DatabaseDraft) => probe(connectionOf(draft)), use };
}

export function databaseHandlers(s: DatabaseService): Pick<HandlerTable, 'database.status' | 'database.test' | 'database.use'> {
  return {
    'database.status': () => s.status(),
    'database.test': (draft) => s.test(draft),
    'database.use': (input) => s.use(input),
  };
}
