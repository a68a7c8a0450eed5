/**
 * 0002-billing from a version-1 store with data in it: the licences the platform holds when the
 * desk updates become their first licence_events, dated by their last confirmation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CamelCasePlugin, Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../electron/host/store/migrations';
import * as m0001 from '../../electron/host/store/migrations/0001-initial';
import type { Database } from '../../electron/host/store/schema';
import { openSqlite, sqliteDialect } from '../../electron/host/store/sqlite';
import { openStore } from '../../electron/host/store/store';
import { customer, integration, link, pkg, product, service } from '../fixtures/office';
import { writeOffice } from './office';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it('backfills licence_events from the links active or suspended on the platform', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sva-m2-'));
  dirs.push(dir);
  const file = join(dir, 'v1.sqlite');
  const v1 = new Kysely<Database>({ dialect: sqliteDialect(openSqlite(file)), plugins: [new CamelCasePlugin()] });
  const { error } = await new Migrator({ db: v1 as unknown as Kysely<unknown>, provider: { getMigrations: async () => ({ '0001-initial': m0001 }) } }).migrateToLatest();
  expect(error).toBeUndefined();
  const store1 = { db: v1, engine: 'sqlite' as const } as Parameters<typeof writeOffice>[0];
  await writeOffice(store1, {
    integrations: [integration()],
    products: [product('1192001')],
    packages: [pkg(1, '1192001')],
    customers: [customer(1), customer(2), customer(3)],
    services: [service('S1', 1), service('S2', 2), service('S3', 3)],
    links: [
      link('L1', 'S1', 1, { observed: { state: 'active', confirmedAt: '2026-06-01T12:00:00.000Z' } }),
      link('L2', 'S2', 1, { observed: { state: 'suspended' }, updatedAt: '2026-07-01T12:00:00.000Z' }),
      link('L3', 'S3', 1, { observed: { state: 'none' } }),
    ],
  });
  await v1.destroy();

  const store = await openStore({ engine: 'sqlite', file });
  try {
    expect(await store.version()).toBe(LATEST_VERSION);
    const rows = await store.db.selectFrom('licenceEvents').select(['linkId', 'serviceId', 'integrationId', 'state', 'at']).orderBy('linkId').execute();
    expect(rows).toEqual([
      { linkId: 'L1', serviceId: 'S1', integrationId: 'camp', state: 'active', at: '2026-06-01T12:00:00.000Z' },
      { linkId: 'L2', serviceId: 'S2', integrationId: 'camp', state: 'suspended', at: '2026-07-01T12:00:00.000Z' },
    ]);
  } finally {
    await store.close();
  }
});
