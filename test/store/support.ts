/**
 * A real store for service tests: the embedded engine on a temporary file (never a mock), the one
 * mutation wrapper, and what it announced (change notices, passes requested) for assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataTable } from '../../shared/contract/data';
import { createMutator, type DesiredChange } from '../../electron/host/services/mutation';
import { openStore, STORE_FILE, type Store } from '../../electron/host/store/store';

export type TestStore = {
  store: Store;
  file: string;
  mutate: ReturnType<typeof createMutator>;
  notices: DataTable[][];
  passes: DesiredChange[];
  clock: { now(): number; set(iso: string): void };
  clerk: { name: string | null };
  close(): Promise<void>;
};

export async function openTestStore(opts: { file?: string } = {}): Promise<TestStore> {
  const dir = opts.file ? null : mkdtempSync(join(tmpdir(), 'sva-store-'));
  const file = opts.file ?? join(dir!, STORE_FILE);
  const store = await openStore({ engine: 'sqlite', file });
  const notices: DataTable[][] = [];
  const passes: DesiredChange[] = [];
  let now = Date.parse('2026-12-01T12:00:00.000Z');
  const clock = { now: () => now, set: (iso: string) => void (now = Date.parse(iso)) };
  const clerk = { name: 'Ana (balcão 1)' as string | null };
  const mutate = createMutator({ store, clock, clerk: () => clerk.name, notify: (t) => notices.push(t), onDesiredStateChanged: (c) => passes.push(c) });
  return {
    store,
    file,
    mutate,
    notices,
    passes,
    clock,
    clerk,
    async close() {
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The minimum rows a package needs: an integration and one of its products. */
export async function seedIntegration(t: TestStore, id = 'int-1'): Promise<string> {
  const at = '2026-12-01T00:00:00.000Z';
  await t.store.db
    .insertInto('integrations')
    .values({ id, platform: 'campsoft', description: 'Campsoft', environment: 'sandbox', baseUrl: 'http://127.0.0.1:1', active: 1, suspendBySubscriptionStatus: 1, statusMap: '{}', createdAt: at, updatedAt: at, updatedBy: null })
    .execute();
  await t.store.db.insertInto('products').values({ id: `${id}:1192001`, integrationId: id, code: '1192001', name: 'Leitura Digital', description: '', status: 'active', syncedAt: at }).execute();
  return id;
}

export async function seedPackage(t: TestStore, integrationId: string, name = 'Leitura'): Promise<number> {
  const at = '2026-12-01T00:00:00.000Z';
  const row = await t.store.db
    .insertInto('packages')
    .values({ name, description: '', kind: 'avulso', priceCents: 990, composition: '[]', integrationId, productCode: '1192001', label: `campsoft-${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`, active: 1, createdAt: at, updatedAt: at, updatedBy: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
