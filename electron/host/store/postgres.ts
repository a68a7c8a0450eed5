/**
 * The office's server: PostgreSQL through node-postgres (`pg`) and Kysely's PostgresDialect, when
 * several desks share one record (ARCHITECTURE, "Where the data lives"). The same schema and
 * migrations as the embedded engine; what differs is connection handling and the change feed
 * (LISTEN/NOTIFY, see changes.ts).
 */
import pg from 'pg';
import { PostgresDialect } from 'kysely';

/** Where the office's server is. The password is the vault's, never stored with these. */
export type PgConnection = {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** TLS on: encrypted, the server's certificate not verified (libpq's sslmode=require) */
  tls: boolean;
};

/**
 * count(*) and sum() are bigint (int8) and numeric in PostgreSQL; node-postgres hands them over as
 * strings, SQLite as numbers. Every count the app takes fits a JavaScript number.
 */
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function pgConfig(c: PgConnection): pg.PoolConfig {
  return {
    host: c.host,
    port: c.port,
    database: c.database,
    user: c.user,
    password: c.password,
    ssl: c.tls ? { rejectUnauthorized: false } : false,
    connectionTimeoutMillis: 5_000,
    // a query the server never answers (a half-open connection) fails instead of hanging a screen
    query_timeout: 60_000,
    keepAlive: true,
    application_name: 'SVA Desk',
    types,
  };
}

export function openPool(c: PgConnection): pg.Pool {
  const pool = new pg.Pool({ ...pgConfig(c), max: 8, idleTimeoutMillis: 30_000 });
  // A client whose server went away emits 'error' (idle in the pool, or held between two queries of
  // a transaction); without a listener the host's thread would end. The query in flight fails by
  // itself, and the health learns of it from that failure.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

export function postgresDialect(pool: pg.Pool): PostgresDialect {
  return new PostgresDialect({ pool });
}

type PgLikeError = { code?: string; message?: string };

/** Connection-level failures: the server (or the way to it) is not there; nothing was written. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const UNREACHABLE_TEXT = /Connection terminated|connection timeout|timeout expired|Query read timeout|Client has encountered a connection error|not queryable/i;

export function isUnreachable(err: unknown): boolean {
  const e = err as PgLikeError | null;
  if (!e || typeof e !== 'object') return false;
  return (e.code !== undefined && UNREACHABLE_CODES.has(e.code)) || UNREACHABLE_TEXT.test(e.message ?? '');
}

export const SERVER_UNAVAILABLE = 'Servidor do escritório indisponível: nada foi gravado. As listas continuam com o que foi visto por último; tente de novo quando o servidor voltar (o SVA Desk reconecta sozinho).';

/** What "Testar conexão" says for each way a server can refuse, in the office's words. */
export function serverFailureMessage(err: unknown, server: Pick<PgConnection, 'host' | 'port' | 'database' | 'user'>): string {
  const e = (err ?? {}) as PgLikeError;
  const where = `${server.host}:${server.port}`;
  const text = e.message ?? '';
  switch (e.code) {
    case 'ECONNREFUSED':
      return `O servidor ${where} recusou a conexão: confira o endereço e a porta, se o PostgreSQL está no ar e se aceita conexões desta rede (listen_addresses).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Servidor "${server.host}" não encontrado na rede: confira o nome ou use o IP.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `O servidor ${where} não respondeu: confira a rede, o endereço e o firewall.`;
    case '28P01':
      return `Usuário "${server.user}" ou senha recusados pelo servidor.`;
    case '28000':
      return `O servidor não aceita conexões deste computador para o usuário "${server.user}" no banco "${server.database}": peça ao responsável para liberar no pg_hba.conf.`;
    case '3D000':
      return `O banco "${server.database}" não existe no servidor: crie-o (veja o README, "Servidor do escritório") ou confira o nome.`;
    case '42501':
      return `O usuário "${server.user}" não tem permissão para criar as tabelas do SVA Desk no banco "${server.database}": use o dono do banco (veja o README).`;
  }
  if (/does not support SSL/i.test(text)) return `O servidor ${where} não aceita TLS: desligue a opção TLS ou habilite ssl no PostgreSQL.`;
  if (/no pg_hba.conf entry/i.test(text) || /SSL off/i.test(text)) return `O servidor não aceita esta conexão (pg_hba.conf): talvez exija TLS; ligue a opção TLS ou peça ao responsável para liberar este computador.`;
  if (/timeout/i.test(text)) return `O servidor ${where} não respondeu a tempo: confira a rede, o endereço e o firewall.`;
  if (isUnreachable(err)) return `A conexão com o servidor ${where} caiu: confira a rede e tente de novo.`;
  return `O servidor ${where} recusou: ${text.slice(0, 200) || 'erro desconhecido'}.`;
}
