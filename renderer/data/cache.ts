/**
 * The renderer's cache of what the screens last showed (ARCHITECTURE, "Where the data lives"):
 * each host query's last answer, kept in IndexedDB through Dexie. The first paint never waits for
 * the host, and the last lists stay readable while the office's database is unreachable. Never a
 * business write: the record lives in the host; this is a copy that the next answer replaces.
 */
import { experimental_createQueryPersister, type AsyncStorage } from '@tanstack/query-persist-client-core';
import Dexie, { type EntityTable } from 'dexie';

type Entry = { key: string; value: string };
type Pref = { key: string; value: unknown };

export class CacheDatabase extends Dexie {
  queries!: EntityTable<Entry, 'key'>;
  prefs!: EntityTable<Pref, 'key'>;
  constructor(name = 'sva-desk-cache') {
    super(name);
    this.version(1).stores({ queries: 'key', prefs: 'key' });
  }
}

export const cacheDb = new CacheDatabase();
// Opened now, while the rest of the bundle runs: opening IndexedDB on a fresh profile takes a few
// hundred ms, and the first screen's first query (the version in the status bar) waited for it.
if (typeof indexedDB !== 'undefined') cacheDb.open().catch(() => undefined);

/** A cache the storage refuses (private mode, quota) degrades to no cache, never to an error on screen. */
function storageOf(db: CacheDatabase): AsyncStorage<string> {
  return {
    getItem: async (key) => (await db.queries.get(key).catch(() => undefined))?.value ?? null,
    setItem: (key, value) => db.queries.put({ key, value }).catch(() => undefined),
    removeItem: async (key) => void (await db.queries.delete(key).catch(() => undefined)),
    entries: async () => (await db.queries.toArray().catch(() => [] as Entry[])).map((e) => [e.key, e.value] as [string, string]),
  };
}

/** Bump when a command's output changes shape: older cached answers are then dropped. */
export const CACHE_BUSTER = 'contract-1';

export function createCachePersister(db: CacheDatabase = cacheDb) {
  return experimental_createQueryPersister({
    storage: storageOf(db),
    buster: CACHE_BUSTER,
    maxAge: 30 * 24 * 3600_000,
    prefix: 'q',
    // Show the cached answer at once, and always ask the host for the current one.
    refetchOnRestore: 'always',
  });
}

/** UI preferences (filters, column widths): kept per desk, never part of the office's record. */
export async function readPref<T>(key: string, fallback: T, db: CacheDatabase = cacheDb): Promise<T> {
  const row = await db.prefs.get(key).catch(() => undefined);
  return row ? (row.value as T) : fallback;
}
export async function writePref(key: string, value: unknown, db: CacheDatabase = cacheDb): Promise<void> {
  await db.prefs.put({ key, value }).catch(() => undefined);
}

/**
 * Asks the browser not to evict this origin's storage under pressure: the cache is what the first
 * paint shows and what stays readable when the host's database is not. Best effort.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return false;
  }
}
