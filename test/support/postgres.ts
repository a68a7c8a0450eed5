/**
 * A throwaway PostgreSQL cluster on loopback for the tests and the bench (TOOLCHAIN, "PostgreSQL
 * for the office server"): initdb in a temporary folder, the server on a free port with its socket in
 * that folder, password authentication over TCP as a desk would use it, stopped and deleted after.
 * As root the server binaries run as the `postgres` user (initdb refuses root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { PgConnection } from '../../electron/host/store/postgres';

export const TEST_PASSWORD = 'senha-de-teste';

export type PgServer = { admin: PgConnection; dir: string; stop(): void; start(): void };

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL não está instalado (apt-get install postgresql): os testes do servidor do escritório precisam dele.');
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(opts: { durable?: boolean } = {}): Promise<PgServer> {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'sva-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, TEST_PASSWORD + '\n');
  if (root) {
    const { uid, gid } = { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} falhou: ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=300'];
  // Tests throw the cluster away: no need to wait for the disk. The bench keeps the defaults.
  if (!opts.durable) options.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  const start = () => run('pg_ctl', ['-D', data, '-o', options.join(' '), '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  start();
  return {
    admin: { host: '127.0.0.1', port, database: 'postgres', user: 'postgres', password: TEST_PASSWORD, tls: false },
    dir,
    start,
    stop() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
}

export function removeCluster(server: PgServer): void {
  try {
    server.stop();
  } catch {
    // already stopped
  }
  rmSync(server.dir, { recursive: true, force: true });
}

let counter = 0;

/** A new empty database on the cluster, for one test's store. */
export async function createDatabase(admin: PgConnection, prefix = 't'): Promise<PgConnection> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new pg.Client({ ...admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return { ...admin, database: name };
}

export async function dropDatabase(admin: PgConnection, database: string): Promise<void> {
  const client = new pg.Client({ ...admin });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
