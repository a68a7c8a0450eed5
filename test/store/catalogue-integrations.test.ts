import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/result';
import { defaultStatusMap } from '../../shared/domain';
import { SANDBOX_API_SECRET } from '../../electron/host/sandbox';
import { openCatalogue, sandboxDraft, seedProducts, type Catalogue } from './catalogue-support';
import { seedPackage } from './support';

let c: Catalogue;
beforeEach(async () => {
  c = await openCatalogue();
});
afterEach(() => c.close());

const values = (over: Record<string, unknown> = {}) => ({ description: 'Campsoft – Leitura', suspendBySubscriptionStatus: true, statusMap: defaultStatusMap, ...over });
const events = () => c.t.store.db.selectFrom('events').selectAll().orderBy('id').execute();

async function created() {
  const saved = await c.integrations.save({ values: values(), connection: sandboxDraft });
  c.t.passes.length = 0;
  c.t.notices.length = 0;
  return saved;
}

describe('integrations: the record (S1, S2) on the embedded store', () => {
  it('registers an integration with its connection in the vault, shown only as a key hint', async () => {
    const saved = await c.integrations.save({ values: values(), connection: sandboxDraft });
    expect(saved).toMatchObject({
      platform: 'campsoft',
      description: 'Campsoft – Leitura',
      environment: 'sandbox',
      baseUrl: 'Sandbox embutido (neste computador)',
      active: true,
      suspendBySubscriptionStatus: true,
      statusMap: defaultStatusMap,
      activeProducts: 0,
      version: 1,
      updatedBy: 'Ana (balcão 1)',
      connection: { configured: true, keyHint: expect.stringMatching(/^••••/), environment: 'sandbox' },
    });
    // S1: the secret never comes back to a screen
    expect(JSON.stringify(saved)).not.toContain(SANDBOX_API_SECRET);
    expect(await c.integrations.list()).toEqual([saved]);
    expect((await events()).map((e) => [e.kind, e.subject, e.integrationId, e.message])).toEqual([['integration.create', `integracao:${saved.id}`, saved.id, 'Integração "Campsoft – Leitura" cadastrada.']]);
    // a new integration has no links yet: nothing to transmit
    expect(c.t.passes).toEqual([]);
    expect(c.t.notices).toEqual([['integrations', 'events']]);
  });

  it('refuses a new integration without credentials or description, writing nothing', async () => {
    const noConnection = await c.integrations.save({ values: values() }).catch((e: unknown) => e);
    expect((noConnection as AppError).fields).toMatchObject({ apiKey: 'Informe a ApiKey (Chave da API) recebida da Campsoft.' });
    const blank = await c.integrations.save({ values: values({ description: '  ' }), connection: sandboxDraft }).catch((e: unknown) => e);
    expect((blank as AppError).fields).toEqual({ description: 'Informe uma descrição, por exemplo "Campsoft – Leitura".' });
    const badKey = await c.integrations.save({ values: values(), connection: { ...sandboxDraft, apiKey: ' ' } }).catch((e: unknown) => e);
    expect((badKey as AppError).fields).toMatchObject({ apiKey: expect.stringContaining('ApiKey') });
    expect(await c.integrations.list()).toEqual([]);
    expect(await events()).toEqual([]);
  });

  it('S2: turning Habilitar/Suspender Assinaturas off asks for one pass, for that integration only', async () => {
    const first = await created();
    const saved = await c.integrations.save({ id: first.id, version: first.version, values: values({ suspendBySubscriptionStatus: false }) });
    expect(saved).toMatchObject({ suspendBySubscriptionStatus: false, version: 2 });
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: [first.id] }]);
  });

  it('S2: a changed status map asks for a pass; a status left out keeps its default', async () => {
    const first = await created();
    const saved = await c.integrations.save({ id: first.id, version: first.version, values: values({ statusMap: { suspenso_parcialmente: 'active' } }) });
    expect(saved.statusMap).toEqual({ ...defaultStatusMap, suspenso_parcialmente: 'active' });
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: [first.id] }]);
  });

  it('a new description changes nothing on the platform: saved and recorded, no pass', async () => {
    const first = await created();
    const saved = await c.integrations.save({ id: first.id, version: first.version, values: values({ description: 'Campsoft – Matriz' }) });
    expect(saved).toMatchObject({ description: 'Campsoft – Matriz', version: 2, connection: { configured: true } });
    expect(c.t.passes).toEqual([]);
    expect((await events()).at(-1)).toMatchObject({ kind: 'integration.update', message: 'Integração "Campsoft – Matriz" alterada.' });
  });

  it('refuses a save over a newer version, naming who changed it, and keeps the newer one', async () => {
    const first = await created();
    c.t.clerk.name = 'Bruno (balcão 2)';
    await c.integrations.save({ id: first.id, version: first.version, values: values({ description: 'Da mesa 2' }) });
    c.t.clerk.name = 'Ana (balcão 1)';
    const stale = c.integrations.save({ id: first.id, version: first.version, values: values({ suspendBySubscriptionStatus: false }) });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(stale).rejects.toThrow(/Esta integração foi alterada por Bruno \(balcão 2\)/);
    expect(await c.integrations.get(first.id)).toMatchObject({ description: 'Da mesa 2', suspendBySubscriptionStatus: true, version: 2, updatedBy: 'Bruno (balcão 2)' });
    expect(c.t.passes).toEqual([]);
  });

  it('deactivating stops transmission by it (a pass follows); reactivating the same', async () => {
    const first = await created();
    const off = await c.integrations.setActive({ id: first.id, version: first.version, active: false });
    expect(off).toMatchObject({ active: false, version: 2 });
    expect((await events()).at(-1)).toMatchObject({ kind: 'integration.deactivate', outcome: 'info', message: 'Integração "Campsoft – Leitura" desativada: nada mais é transmitido por ela.' });
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: [first.id] }]);
    // already inactive: nothing written, nothing asked
    await c.integrations.setActive({ id: first.id, active: false });
    expect(c.t.passes).toHaveLength(1);
    expect(await events()).toHaveLength(2);
    const on = await c.integrations.setActive({ id: first.id, version: off.version, active: true });
    expect(on).toMatchObject({ active: true, version: 3 });
    expect((await events()).at(-1)?.message).toBe('Integração "Campsoft – Leitura" reativada.');
  });

  it('refuses to delete an integration while packages use it, naming them; deletes it, its catalogue and credentials when none does', async () => {
    const first = await created();
    await seedProducts(c.t, first.id, [{ code: '1192001' }]);
    const a = await seedPackage(c.t, first.id, 'Leitura');
    await seedPackage(c.t, first.id, 'Audiolivros');
    const refused = c.integrations.delete({ id: first.id });
    await expect(refused).rejects.toMatchObject({ code: 'IN_USE' });
    await expect(refused).rejects.toThrow('Esta integração é usada pelos pacotes "Leitura", "Audiolivros". Desative a integração, ou troque a integração desses pacotes antes de excluí-la.');
    expect(await c.integrations.get(first.id)).toMatchObject({ connection: { configured: true }, activeProducts: 1 });

    await c.t.store.db.deleteFrom('packages').where('id', '!=', a).execute();
    await expect(c.integrations.delete({ id: first.id })).rejects.toThrow('Esta integração é usada pelo pacote "Leitura". Desative a integração, ou troque a integração desse pacote antes de excluí-la.');
    await c.t.store.db.deleteFrom('packages').execute();

    expect(await c.integrations.delete({ id: first.id })).toEqual({ deleted: true });
    expect(await c.integrations.get(first.id)).toBeNull();
    expect(await c.integrations.products(first.id)).toEqual([]);
    expect((await events()).at(-1)).toMatchObject({ kind: 'integration.delete', message: 'Integração "Campsoft – Leitura" excluída.' });
    // the credentials went with it: a new record with this id would start unconfigured
    await c.t.store.db
      .insertInto('integrations')
      .values({ id: first.id, platform: 'campsoft', description: 'x', environment: 'sandbox', baseUrl: '', active: 1, suspendBySubscriptionStatus: 1, statusMap: '{}', createdAt: first.createdAt, updatedAt: first.createdAt, updatedBy: null })
      .execute();
    expect((await c.integrations.get(first.id))?.connection).toEqual({ configured: false });
  });

  it('keeps a test result on the integration without bumping its version (an open form still saves)', async () => {
    const first = await created();
    await c.integrations.recordTest(first.id, { result: { ispIdentifier: '123', ispName: 'Provedor Sandbox', activeLicenses: 42, testedAt: '2026-12-01T12:00:00.000Z' } });
    const after = await c.integrations.get(first.id);
    expect(after).toMatchObject({ ispName: 'Provedor Sandbox', activeLicenses: 42, lastTestAt: '2026-12-01T12:00:00.000Z', version: 1 });
    await c.integrations.recordTest(first.id, { failure: { message: 'A Campsoft recusou a ApiKey/ApiSecret.', platformErrorId: 'ERR-9' } });
    const [ok, failed] = (await events()).slice(-2);
    expect(ok).toMatchObject({ kind: 'integration.test', outcome: 'ok', message: 'Conexão testada: Provedor Sandbox, 42 licenças ativas.' });
    expect(failed).toMatchObject({ kind: 'integration.test', outcome: 'error', message: 'Teste de conexão falhou: A Campsoft recusou a ApiKey/ApiSecret.', platformErrorId: 'ERR-9' });
    // the failure left the last good answer in place
    expect(await c.integrations.get(first.id)).toMatchObject({ ispName: 'Provedor Sandbox', version: 1 });
    await expect(c.integrations.save({ id: first.id, version: first.version, values: values({ description: 'Ainda salva' }) })).resolves.toMatchObject({ version: 2 });
    expect(c.t.passes).toEqual([]);
  });

  it('new credentials on an existing integration ask for a pass (links held for want of them may go now)', async () => {
    const first = await created();
    await c.integrations.save({ id: first.id, version: first.version, values: values(), connection: sandboxDraft });
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: [first.id] }]);
  });

  it('lists integrations by description, each with its own count of active products', async () => {
    const b = await c.integrations.save({ values: values({ description: 'Óptica' }), connection: sandboxDraft });
    const a = await c.integrations.save({ values: values({ description: 'Campsoft' }), connection: sandboxDraft });
    const z = await c.integrations.save({ values: values({ description: 'Zeta' }), connection: sandboxDraft });
    await seedProducts(c.t, a.id, [{ code: '1' }, { code: '2' }, { code: '3', status: 'inactive' }]);
    await seedProducts(c.t, z.id, [{ code: '1' }]);
    const list = await c.integrations.list();
    // pt-BR order: "Óptica" sorts with the O's, between Campsoft and Zeta
    expect(list.map((i) => [i.description, i.activeProducts])).toEqual([
      ['Campsoft', 2],
      ['Óptica', 0],
      ['Zeta', 1],
    ]);
    expect(list.map((i) => i.id)).toEqual([a.id, b.id, z.id]);
  });
});

describe('the pass request of one write (mutation.ts)', () => {
  it('keeps the integrations named, merges later ones, and never narrows "every integration"', async () => {
    await c.t.mutate(async (m) => {
      m.desiredStateChanged({ integrationIds: ['a'] });
      m.desiredStateChanged({ integrationIds: ['b', 'a'] });
    });
    await c.t.mutate(async (m) => {
      m.desiredStateChanged();
      m.desiredStateChanged({ integrationIds: ['a'] });
    });
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: ['a', 'b'] }, { reason: 'edit' }]);
  });
});
