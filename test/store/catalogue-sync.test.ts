/**
 * S4 against the real sandbox over HTTP: products.sync fetches every active product and applies it
 * to the catalogue in one write. The sandbox is ours (a "Personalizado" loopback address), so the
 * test can change its catalogue between two syncs as Campsoft would.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/host/dispatch';
import { createHost, type Host } from '../../electron/host/host';
import { systemClock, type HostPorts } from '../../electron/host/ports';
import type { Sandbox } from '../../electron/host/sandbox';
import { createDevelopmentCipher } from '../../electron/host/vault';
import type { IntegrationRecord, PackageRecord, ProductSyncResult } from '../../shared/contract';
import { compareProductCodes, type Product } from '../../shared/domain';
import { openCatalogue, ownSandbox, product, type Catalogue } from './catalogue-support';

const codes = (products: readonly Product[]) => products.map((p) => p.code);

describe('products.sync (S4) against the sandbox over HTTP', () => {
  let c: Catalogue;
  let sandbox: Sandbox;
  let integration: IntegrationRecord;

  beforeEach(async () => {
    c = await openCatalogue();
    const own = await ownSandbox([product('100'), product('2'), product('10', 'Audiolivros'), product('1', 'Leitura'), product('3', 'Fora de linha', 'inactive')]);
    sandbox = own.sandbox;
    integration = await c.integrations.save({ values: { description: 'Campsoft homologação' }, connection: own.draft });
    c.t.passes.length = 0;
    c.t.notices.length = 0;
  });
  afterEach(async () => {
    await sandbox.close();
    await c.close();
  });

  it('brings in every active product, sorted by code as numbers read (1, 2, 10, 100)', async () => {
    const result = await c.integrations.syncProducts(integration.id);
    expect(result).toMatchObject({ added: 4, updated: 0, deactivated: 0, unchanged: 0, pages: 1, fetchedAt: '2026-12-01T12:00:00.000Z' });
    const products = await c.integrations.products(integration.id);
    expect(codes(products)).toEqual(['1', '2', '10', '100']);
    expect(products[0]).toEqual({ id: `${integration.id}:1`, integrationId: integration.id, code: '1', name: 'Leitura', description: 'Descrição 1', status: 'active', syncedAt: '2026-12-01T12:00:00.000Z' });
    const events = await c.t.store.db.selectFrom('events').selectAll().where('kind', '=', 'products.sync').execute();
    expect(events).toMatchObject([{ outcome: 'ok', actor: 'user', integrationId: integration.id, message: 'Produtos sincronizados: 4 novos, 0 atualizados, 0 não estão mais ativos.' }]);
    expect(await c.integrations.get(integration.id)).toMatchObject({ lastSyncAt: '2026-12-01T12:00:00.000Z', activeProducts: 4, version: 1 });
    expect(c.t.notices).toEqual([['products', 'integrations', 'events']]);
    // new products can free grants blocked for want of them
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: [integration.id] }]);
  });

  it('updates what changed and marks inactive what no longer comes back — never deleting it', async () => {
    await c.integrations.syncProducts(integration.id);
    c.t.passes.length = 0;
    c.t.clock.set('2026-12-02T04:00:00.000Z');
    // on the platform: "2" renamed, "10" discontinued, "20" launched
    const catalogue = sandbox.store.products;
    catalogue.find((p) => p.code === '2')!.name = 'Biblioteca Infantil';
    catalogue.find((p) => p.code === '10')!.status = 'inactive';
    catalogue.push(product('20', 'Revistas'));

    const result = await c.integrations.syncProducts(integration.id, { actor: 'system' });
    expect(result).toMatchObject({ added: 1, updated: 1, deactivated: 1, unchanged: 2 });
    const products = await c.integrations.products(integration.id);
    expect(products.map((p) => [p.code, p.name, p.status])).toEqual([
      ['1', 'Leitura', 'active'],
      ['2', 'Biblioteca Infantil', 'active'],
      ['10', 'Audiolivros', 'inactive'],
      ['20', 'Revistas', 'active'],
      ['100', 'Produto 100', 'active'],
    ]);
    expect(new Set(products.map((p) => p.syncedAt))).toEqual(new Set(['2026-12-02T04:00:00.000Z']));
    const last = await c.t.store.db.selectFrom('events').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ kind: 'products.sync', actor: 'system', message: 'Produtos sincronizados: 1 novos, 1 atualizados, 1 não estão mais ativos.' });
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: [integration.id] }]);

    // nothing changed on the platform: no pass (a rename alone would not ask for one either)
    c.t.passes.length = 0;
    expect(await c.integrations.syncProducts(integration.id)).toMatchObject({ added: 0, updated: 0, deactivated: 0, unchanged: 4 });
    catalogue.find((p) => p.code === '1')!.name = 'Leitura Digital';
    expect(await c.integrations.syncProducts(integration.id)).toMatchObject({ updated: 1 });
    expect(c.t.passes).toEqual([]);
  });

  it('a product back on the platform is active again; the package on it can be delivered again', async () => {
    await c.integrations.syncProducts(integration.id);
    const pkg = await c.packages.save({ values: { name: 'Audiolivros', kind: 'avulso', priceCents: 0, integrationId: integration.id, productCode: '10' } });
    const catalogue = sandbox.store.products;
    catalogue.find((p) => p.code === '10')!.status = 'inactive';
    await c.integrations.syncProducts(integration.id);
    expect(await c.packages.get(pkg.id)).toMatchObject({ productName: 'Audiolivros', productInactive: true });
    catalogue.find((p) => p.code === '10')!.status = 'active';
    expect(await c.integrations.syncProducts(integration.id)).toMatchObject({ added: 0, updated: 1, deactivated: 0 });
    expect(await c.packages.get(pkg.id)).toMatchObject({ productInactive: false });
  });

  it('a refused sync is recorded with the platform’s reason and leaves the catalogue as it was', async () => {
    await c.integrations.syncProducts(integration.id);
    const wrong = await c.integrations.save({
      id: integration.id,
      version: integration.version,
      values: { description: 'Campsoft homologação' },
      connection: { environment: 'custom', customUrl: sandbox.url, apiKey: 'sandbox-key', apiSecret: 'senha-errada' },
    });
    expect(wrong.connection.configured).toBe(true);
    await expect(c.integrations.syncProducts(integration.id)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const last = await c.t.store.db.selectFrom('events').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ kind: 'products.sync', outcome: 'error' });
    expect(last.message).toMatch(/^Sincronização de produtos falhou: A Campsoft recusou a ApiKey\/ApiSecret/);
    expect(codes(await c.integrations.products(integration.id))).toEqual(['1', '2', '10', '100']);
  });

  it('refuses to sync a deactivated integration, saying how to go on', async () => {
    await c.integrations.setActive({ id: integration.id, active: false });
    await expect(c.integrations.syncProducts(integration.id)).rejects.toThrow('A integração "Campsoft homologação" está desativada: reative-a para sincronizar os produtos.');
    expect(sandbox.stats().requests['GET /products'] ?? 0).toBe(0);
  });
});

describe('the natural order of product codes', () => {
  it('reads the digits inside a code as a number, and keeps text codes in order', () => {
    const sorted = ['100', '10', 'B-2', '2', '1', 'B-10', '1192001', 'a-1', '01'].sort(compareProductCodes);
    expect(sorted).toEqual(['01', '1', '2', '10', '100', '1192001', 'a-1', 'B-2', 'B-10']);
  });
});

describe('catalogue commands through the host (dispatch, schemas on both sides)', () => {
  let host: Host;
  let sandbox: Sandbox;
  let id: string;

  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await dispatch(host.handlers, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message} ${JSON.stringify(r.fields ?? {})}`);
    return r.data as T;
  };

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'catalogue-host-'));
    const ports: HostPorts = {
      host: 'web',
      version: '0.0.0-test',
      platform: 'linux',
      dataDir,
      cipher: createDevelopmentCipher(dataDir),
      secureStorage: () => 'available',
      isOnline: () => true,
      openExternal: async () => undefined,
      emit: () => undefined,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      clock: systemClock,
    };
    host = await createHost(ports);
    const own = await ownSandbox([product('10'), product('9'), product('1000'), product('1')]);
    sandbox = own.sandbox;
    id = (await call<IntegrationRecord>('integrations.save', { values: { description: 'Campsoft' }, connection: own.draft })).id;
  });
  afterAll(async () => {
    await host?.dispose();
    await sandbox?.close();
  });

  it('syncs, lists naturally, builds a package on a product and shows it with its product', async () => {
    expect(await call<ProductSyncResult>('products.sync', { integrationId: id })).toMatchObject({ added: 4, deactivated: 0 });
    expect(codes(await call<Product[]>('products.list', { integrationId: id }))).toEqual(['1', '9', '10', '1000']);
    const pkg = await call<PackageRecord>('packages.save', { values: { name: 'Leitura', kind: 'beneficio', priceCents: 0, integrationId: id, productCode: '9' } });
    expect(await call<PackageRecord[]>('packages.list', {})).toEqual([expect.objectContaining({ id: pkg.id, label: `campsoft-leitura-${pkg.id}`, productName: 'Produto 9', productInactive: false })]);
    const [listed] = await call<IntegrationRecord[]>('integrations.list', {});
    expect(listed).toMatchObject({ id, activeProducts: 4, connection: { configured: true, environment: 'custom', baseUrl: sandbox.url } });
    const tested = await call<{ ispName: string }>('integrations.test', { id });
    expect(tested.ispName).toBe('Provedor Sandbox');
    expect(await call<IntegrationRecord>('integrations.get', { id })).toMatchObject({ ispName: 'Provedor Sandbox', activeLicenses: 0 });
  });

  it('answers a refused delete as data, in Portuguese', async () => {
    const r = await dispatch(host.handlers, 'integrations.delete', { id });
    expect(r).toMatchObject({ ok: false, code: 'IN_USE', message: 'Esta integração é usada pelo pacote "Leitura". Desative a integração, ou troque a integração desse pacote antes de excluí-la.' });
  });
});
