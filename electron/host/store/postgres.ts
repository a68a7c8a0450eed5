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
  // An idle client whose server went away emits 'error'; without a listener the process would end.
  pool.on('error', () => {});
  return pool;
}

export function postgresDialect(pool: pg.Pool): PostgresDialect {
  return new PostgresDialect({ pool });
}
