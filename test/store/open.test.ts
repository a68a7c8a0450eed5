import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../electron/host/store/migrations';
import { openStore, STORE_FILE } from '../../electron/host/store/store';

const dirs: string[] = [];
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'sva-store-'));
  dirs.push(d);
  return join(d, STORE_FILE);
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('store: opening the embedded engine', () => {
  it('creates the schema at the latest version and reopens without running it again', async () => {
    const file = tempFile();
    const first = await openStore({ engine: 'sqlite', file });
    expect(await first.version()).toBe(LATEST_VERSION);
    await first.db.insertInto('settings').values({ key: 'k', value: '"v"', updatedAt: '2026-12-01T00:00:00.000Z' }).execute();
    await first.close();
    const again = await openStore({ engine: 'sqlite', file });
    expect(await again.version()).toBe(LATEST_VERSION);
    expect(await again.db.selectFrom('settings').select('value').where('key', '=', 'k').executeTakeFirst()).toEqual({ value: '"v"' });
    await again.close();
  });

  it('keeps commits durable: WAL with synchronous FULL and foreign keys on', async () => {
    const store = await openStore({ engine: 'sqlite', file: tempFile() });
    const mode = await sql<{ journalMode: string }>`PRAGMA journal_mode`.execute(store.db);
    const sync = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(store.db);
    const fk = await sql<{ foreignKeys: number }>`PRAGMA foreign_keys`.execute(store.db);
    expect(mode.rows[0]!.journalMode).toBe('wal');
    expect(sync.rows[0]!.synchronous).toBe(2);
    expect(fk.rows[0]!.foreignKeys).toBe(1);
    await store.close();
  });
});
