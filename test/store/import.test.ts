import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockedPlanReason } from '../../shared/domain';
import { createPlanService } from '../../electron/host/services/plans';
import { openSqlite } from '../../electron/host/store/sqlite';
import { erpCsv, erpLine, type ErpLine } from '../fixtures/erp-export';
import { createImporter, utf8 } from './import-support';
import { containsFilter } from '../../electron/host/store/search-index';
import { openTestStore, refuseInsert, seedIntegration, seedPackage, TEST_ENGINE, type TestStore } from './support';

let t: TestStore;
let imp: ReturnType<typeof createImporter>;
let plans: ReturnType<typeof createPlanService>;
beforeEach(async () => {
  t = await openTestStore();
  imp = createImporter(t);
  plans = createPlanService({ db: t.store.db, mutate: t.mutate });
});
afterEach(() => t.close());

const csv = (...lines: ErpLine[]) => utf8(erpCsv(lines));
const line = (i: number, over: Partial<ErpLine> = {}) => erpLine(i, { plan: 'Fibra 300', status: 'servico_habilitado', ...over });

async function plan(name: string, defaultPackages: { packageId: number; mandatory: boolean }[] = [], lockPackages = false) {
  return (await plans.save({ values: { name, priceCents: 9990, defaultPackages, lockPackages } })).id;
}
const db = () => t.store.db;
const countOf = async (table: 'customers' | 'services' | 'links' | 'events' | 'plans') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const liveLinks = async (serviceId: string) =>
  (await db().selectFrom('links').select('packageId').where('serviceId', '=', serviceId).where('removedAt', 'is', null).orderBy('packageId').execute()).map((l) => l.packageId);
const searchIds = async (term: string) => (await db().selectFrom('customers').select('id').where(containsFilter(t.store.engine, term)!).execute()).map((r) => r.id);

describe('ERP import in the host: the HubSoft preset file (Windows-1252)', () => {
  it('reads it, previews it row by row, and writes it in one go with its history event', async () => {
    const file = await imp.upload(readFileSync('test/fixtures/erp/hubsoft-clientes.csv'), 'hubsoft-clientes.csv');
    expect(file).toMatchObject({
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      preset: 'hubsoft',
      rowCount: 9,
      description: 'Windows-1252 (ANSI) · separado por ponto e vírgula (;)',
      mapping: { serviceId: 0, customerCode: 1, name: 2, document: 3, emails: [4], phones: [6, 5], plan: 7, status: 9 },
    });
    expect(file.firstRow[2]).toBe('João da Conceição');

    const preview = await imp.preview(file);
    expect(preview.rows).toEqual({ valid: 6, withWarnings: 2, rejected: 2, duplicates: 1, restoredDocuments: 0, droppedPhones: 1, invalidDdds: 1 });
    expect(preview.plans).toEqual([
      { name: 'Fibra 300 Mega', services: 3, choice: { kind: 'create' } },
      { name: 'Fibra Empresarial 500 Mega', services: 1, choice: { kind: 'create' } },
      { name: 'Fibra 600 Mega', services: 2, choice: { kind: 'create' } },
    ]);
    expect(preview.counts).toMatchObject({ newCustomers: 5, newServices: 6, newPlans: 3, newLinks: 0, changedCustomers: 0 });
    expect(preview.pages.rejected.items.map((r) => [r.line, r.reasons])).toEqual([
      [7, ['CPF inválido: dígitos verificadores não conferem. Confira o documento digitado.']],
      [8, ['Status "em_analise" desconhecido: use um status do ERP, por exemplo Serviço Habilitado (servico_habilitado) ou Suspenso por Débito (suspenso_debito).']],
    ]);
    expect(preview.pages.duplicates.items).toEqual([{ line: 9, sameAs: 3 }]);
    expect(preview.pages.warnings.items.map((w) => w.name)).toEqual(['José Antônio Araújo', 'Otávio Magalhães']);
    // Nothing is written by reading and previewing.
    expect(await countOf('customers')).toBe(0);
    expect(t.notices).toEqual([]);

    const result = await imp.apply(preview);
    expect(result).toMatchObject({ written: true, summary: '5 clientes novos, 6 serviços novos, 3 planos criados' });
    const customers = await db().selectFrom('customers').select(['name', 'document', 'emails', 'updatedBy']).orderBy('id').execute();
    expect(customers.map((c) => c.name)).toEqual(['João da Conceição', 'Maria Aparecida Gonçalves', 'Padaria Pão de Açúcar Ltda', 'José Antônio Araújo', 'Otávio Magalhães']);
    expect(customers[0]).toMatchObject({ document: '12345678909', emails: '["joao.conceicao@exemplo.com.br"]', updatedBy: 'Ana (balcão 1)' });
    expect(await countOf('services')).toBe(6);
    // The customers' "contains" search finds them: the index was written with the rows.
    expect(await searchIds('conceicao')).toHaveLength(1);
    expect(await searchIds('acucar')).toHaveLength(1);

    const events = await db().selectFrom('events').selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'import.erp',
      subject: 'importacao:hubsoft-clientes.csv',
      actor: 'user',
      clerk: 'Ana (balcão 1)',
      outcome: 'ok',
      message: 'Importação do ERP (hubsoft-clientes.csv): 5 clientes novos, 6 serviços novos, 3 planos criados. 2 linhas rejeitadas não foram importadas.',
    });
    expect(t.notices).toEqual([['customers', 'services', 'links', 'plans', 'settings', 'events']]);
    expect(t.passes).toEqual([{ reason: 'import' }]);
    // Progress went to the screen, ending with done.
    expect(imp.progress.at(-1)).toMatchObject({ sessionId: file.sessionId, phase: 'done' });
    expect(imp.progress.some((p) => p.phase === 'write')).toBe(true);
  });

  it('pages the report for the screen, and a session ends once applied', async () => {
    const lines = Array.from({ length: 45 }, (_, i) => line(i, i % 3 === 0 ? { email: '' } : {}));
    const file = await imp.upload(csv(...lines), 'clientes.csv');
    const preview = await imp.preview(file);
    expect(preview.pages.valid).toMatchObject({ total: 45, offset: 0 });
    expect(preview.pages.valid.items).toHaveLength(20);
    const rest = await imp.call<{ total: number; items: { line: number }[] }>('import.rows', { sessionId: file.sessionId, list: 'warnings', offset: 10, limit: 100 });
    expect(rest.total).toBe(15);
    expect(rest.items.map((r) => r.line)).toEqual([32, 35, 38, 41, 44]);
    await imp.apply(preview);
    await expect(imp.call('import.rows', { sessionId: file.sessionId, list: 'valid', offset: 0, limit: 10 })).rejects.toMatchObject({ code: 'IMPORT_SESSION_GONE' });
  });
});

describe('plan defaults: the same rules as adding a service or migrating one by hand', () => {
  it('S8/S11: a new service gets its plan\'s mandatory default packages, not the optional ones, never an inactive one', async () => {
    const integration = await seedIntegration(t);
    const [mandatory, optional, inactive] = [await seedPackage(t, integration, 'Leitura'), await seedPackage(t, integration, 'Cursos'), await seedPackage(t, integration, 'Antigo')];
    await db().updateTable('packages').set({ active: 0 }).where('id', '=', inactive).execute();
    await plan('Fibra 300', [
      { packageId: mandatory, mandatory: true },
      { packageId: optional, mandatory: false },
      { packageId: inactive, mandatory: true },
    ]);
    const { preview } = await imp.importFile(csv(line(1), line(2)));
    expect(preview.counts).toMatchObject({ newServices: 2, newLinks: 2 });
    expect(await liveLinks('900001')).toEqual([mandatory]);
    expect(await liveLinks('900002')).toEqual([mandatory]);
    const link = await db().selectFrom('links').selectAll().where('serviceId', '=', '900001').executeTakeFirstOrThrow();
    expect(link).toMatchObject({ observedState: 'none', observed: '{"state":"none"}', removedAt: null, version: 1 });
  });

  it('S8: a service that migrates gets the new plan\'s default packages it lacks, as Migrar plano does', async () => {
    const integration = await seedIntegration(t);
    const [a, b, c] = [await seedPackage(t, integration, 'A'), await seedPackage(t, integration, 'B'), await seedPackage(t, integration, 'C')];
    await plan('Fibra 300', [{ packageId: a, mandatory: true }]);
    await plan('Fibra 600', [
      { packageId: a, mandatory: true },
      { packageId: b, mandatory: true },
      { packageId: c, mandatory: false },
    ]);
    await imp.importFile(csv(line(1)));
    const { preview } = await imp.importFile(csv(line(1, { plan: 'Fibra 600' })));
    expect(preview.counts).toMatchObject({ planChanges: 1, newLinks: 2, lockedLinks: 0, newServices: 0 });
    expect(await liveLinks('900001')).toEqual([a, b, c]);
  });

  it('S12: a migration to a plan with Travar Pacotes asks what to do with the packages it does not allow, and writes nothing until told', async () => {
    const integration = await seedIntegration(t);
    const [a, b] = [await seedPackage(t, integration, 'A'), await seedPackage(t, integration, 'B')];
    const from = await plan('Fibra 300', [{ packageId: a, mandatory: true }]);
    const to = await plan('Fibra Travada', [{ packageId: b, mandatory: true }], true);
    await imp.importFile(csv(line(1), line(2)));

    const file = await imp.upload(csv(line(1, { plan: 'Fibra Travada' }), line(2, { plan: 'Fibra Travada' })), 'clientes.csv');
    const preview = await imp.preview(file);
    expect(preview.counts).toMatchObject({ planChanges: 2, newLinks: 2, lockedLinks: 2 });
    expect(preview.lockedReasons).toEqual([lockedPlanReason('Fibra Travada')]);
    const before = await t.store.db.selectFrom('events').select('id').execute();

    await expect(imp.apply(preview)).rejects.toMatchObject({
      code: 'DECISION_MISSING',
      message: '2 pacotes estão em serviços que passam para um plano com Travar Pacotes ligado, que não os permite. Escolha manter ou remover esses pacotes e confirme de novo: nada foi gravado.',
    });
    expect(await db().selectFrom('services').select('planId').where('id', '=', '900001').executeTakeFirstOrThrow()).toEqual({ planId: from });
    expect(await liveLinks('900001')).toEqual([a]);
    expect(await db().selectFrom('events').select('id').execute()).toEqual(before);

    const result = await imp.apply(preview, 'remove');
    expect(result.written).toBe(true);
    expect(await db().selectFrom('services').select('planId').where('id', '=', '900001').executeTakeFirstOrThrow()).toEqual({ planId: to });
    expect(await liveLinks('900001')).toEqual([b]);
    const removed = await db().selectFrom('links').select(['removedAt', 'version']).where('serviceId', '=', '900001').where('packageId', '=', a).executeTakeFirstOrThrow();
    expect(removed).toMatchObject({ removedAt: '2026-12-01T12:00:00.000Z', version: 2 });
    const event = await db().selectFrom('events').select('message').where('kind', '=', 'import.erp').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event.message).toBe('Importação do ERP (clientes.csv): 2 mudanças de plano, 2 pacotes vinculados. 2 pacotes não permitidos pelo novo plano (Travar Pacotes) foram removidos.');
  });

  it('S12: keeping the packages a locked plan does not allow leaves them linked', async () => {
    const integration = await seedIntegration(t);
    const [a, b] = [await seedPackage(t, integration, 'A'), await seedPackage(t, integration, 'B')];
    await plan('Fibra 300', [{ packageId: a, mandatory: true }]);
    await plan('Fibra Travada', [{ packageId: b, mandatory: false }], true);
    await imp.importFile(csv(line(1)));
    const { result } = await imp.importFile(csv(line(1, { plan: 'Fibra Travada' })), 'clientes.csv', { lockedLinks: 'keep' });
    expect(result.written).toBe(true);
    expect(await liveLinks('900001')).toEqual([a, b]);
  });
});

describe('the diff: what the import will cause on the platform', () => {
  async function office(suspendBySubscriptionStatus = true) {
    const integration = await seedIntegration(t);
    await db().updateTable('integrations').set({ suspendBySubscriptionStatus: suspendBySubscriptionStatus ? 1 : 0 }).execute();
    const pkg = await seedPackage(t, integration);
    await plan('Fibra 300', [{ packageId: pkg, mandatory: true }]);
    await plan('Rádio 10');
  }

  it('counts suspensions, re-enables and cancellations of services with packages (S2), and changed customers', async () => {
    await office();
    await imp.importFile(csv(line(1), line(2, { status: 'suspenso_debito' }), line(3), line(4), line(5, { plan: 'Rádio 10' })));
    const file = await imp.upload(
      csv(
        line(1, { status: 'suspenso_debito' }), // suspends
        line(2, { status: 'servico_habilitado' }), // re-enables
        line(3, { status: 'cancelado' }), // cancels
        line(4, { status: 'franquia_excedida', name: 'Maria Nova' }), // still active; the name changed
        line(5, { plan: 'Rádio 10', status: 'suspenso_debito' }), // no packages: nothing on the platform
      ),
      'clientes.csv',
    );
    const preview = await imp.preview(file);
    expect(preview.counts).toEqual({
      newCustomers: 0,
      changedCustomers: 1,
      newServices: 0,
      statusChanges: 5,
      planChanges: 0,
      customerChanges: 0,
      newPlans: 0,
      newLinks: 0,
      suspensions: 1,
      reenables: 1,
      cancellations: 1,
      lockedLinks: 0,
    });
    await imp.apply(preview);
    const statuses = await db().selectFrom('services').select(['id', 'status', 'version']).orderBy('id').execute();
    expect(statuses.map((s) => [s.status, s.version])).toEqual([
      ['suspenso_debito', 2],
      ['servico_habilitado', 2],
      ['cancelado', 2],
      ['franquia_excedida', 2],
      ['suspenso_debito', 2],
    ]);
    const renamed = await db().selectFrom('customers').select(['name', 'version', 'id']).where('code', '=', '4').executeTakeFirstOrThrow();
    expect(renamed).toMatchObject({ name: 'Maria Nova', version: 2 });
    // The search index follows the new name.
    expect(await searchIds('maria nova')).toEqual([renamed.id]);
  });

  it('counts no suspension with Habilitar/Suspender Assinaturas off', async () => {
    await office(false);
    await imp.importFile(csv(line(1)));
    const file = await imp.upload(csv(line(1, { status: 'suspenso_debito' })), 'clientes.csv');
    expect((await imp.preview(file)).counts).toMatchObject({ statusChanges: 1, suspensions: 0 });
  });

  it('re-importing the same file writes nothing: no row, no event, no notice', async () => {
    await office();
    const bytes = csv(line(1), line(2, { plan: 'Plano Antigo' }), line(3, { status: 'cancelado' }));
    await imp.importFile(bytes, 'clientes.csv', { plans: { 'Plano Antigo': { kind: 'existing', planId: 2 } } });
    const snapshot = async () => Promise.all((['customers', 'services', 'links', 'plans', 'events', 'settings'] as const).map((table) => db().selectFrom(table).selectAll().execute()));
    const before = await snapshot();
    const notices = t.notices.length;

    // The plan choice was remembered: the same file maps the same way without being told.
    const { preview, result } = await imp.importFile(bytes);
    expect(preview.plans.find((p) => p.name === 'Plano Antigo')?.choice).toEqual({ kind: 'existing', planId: 2 });
    expect(preview.hasChanges).toBe(false);
    expect(result).toEqual({ written: false, summary: 'nenhuma alteração', counts: preview.counts });
    expect(await snapshot()).toEqual(before);
    expect(t.notices).toHaveLength(notices);
  });
});

describe('all or nothing', () => {
  it('a failure in the middle of the write leaves nothing of the import, and says so', async () => {
    const integration = await seedIntegration(t);
    await plan('Fibra 300', [{ packageId: await seedPackage(t, integration), mandatory: true }]);
    const lines = Array.from({ length: 3_000 }, (_, i) => line(i));
    // The store refuses the 2,500th service (as a full disk or a damaged page would), after the customers and 2,499 services.
    const refusal = await refuseInsert(t, 'services', '902499', 'disk I/O error');
    const file = await imp.upload(csv(...lines), 'clientes.csv');
    const preview = await imp.preview(file);
    await expect(imp.apply(preview)).rejects.toMatchObject({
      code: 'IMPORT_FAILED',
      message: 'A importação não foi gravada e nada foi alterado: o banco de dados do SVA Desk recusou a gravação. Tente de novo; se persistir, faça um backup e contate o suporte.',
    });
    for (const table of ['customers', 'services', 'links'] as const) expect(await countOf(table)).toBe(0);
    expect(await db().selectFrom('events').select('kind').execute()).toEqual([{ kind: 'plan.save' }]);
    expect(await searchIds('silva')).toEqual([]);
    expect(await db().selectFrom('settings').selectAll().execute()).toEqual([]);
    // Only the plan saved above was announced; the import announced nothing.
    expect(t.notices).toEqual([['plans', 'events']]);
    expect(t.passes).toEqual([]);

    // Once the store accepts it again, the same preview applies.
    await refusal.lift();
    expect((await imp.apply(preview)).written).toBe(true);
    expect(await countOf('services')).toBe(3_000);
  });

  it('cancelling while it writes rolls everything back', async () => {
    let cancel: Promise<unknown> | null = null;
    const own = createImporter(t, {
      onProgress: (p) => {
        if (p.phase === 'write' && !cancel) cancel = own.call('import.cancel', { sessionId: p.sessionId });
      },
    });
    const file = await own.upload(csv(...Array.from({ length: 3_000 }, (_, i) => line(i))), 'clientes.csv');
    const preview = await own.preview(file);
    await expect(own.apply(preview)).rejects.toMatchObject({ code: 'IMPORT_CANCELED', message: 'Importação cancelada: nada foi gravado.' });
    expect(await cancel).toEqual({ canceled: true });
    for (const table of ['customers', 'services', 'plans', 'events'] as const) expect(await countOf(table)).toBe(0);
  });

  it('refuses a preview that no longer matches the store: another desk wrote in between', async () => {
    const file = await imp.upload(csv(line(1), line(2)), 'clientes.csv');
    const preview = await imp.preview(file);
    // Another desk imports the same customers first.
    const other = createImporter(t);
    await other.importFile(csv(line(1)));
    await expect(imp.apply(preview)).rejects.toMatchObject({ code: 'IMPORT_STALE' });
    expect(await countOf('customers')).toBe(1);
    // A fresh preview shows what is left, and applies.
    const again = await imp.preview(file);
    expect(again.counts).toMatchObject({ newCustomers: 1, newServices: 1 });
    expect((await imp.apply(again)).written).toBe(true);
  });

  // The embedded file's own fast check (PostgreSQL always recomputes: the test above).
  it.skipIf(TEST_ENGINE !== 'sqlite')('sees a write committed by another process on the same store file between the preview and the apply', async () => {
    const file = await imp.upload(csv(line(1), line(2)), 'clientes.csv');
    const preview = await imp.preview(file);
    // Another host process on this desk's file (not through this connection) registers customer 2.
    const other = openSqlite(t.file);
    const at = '2026-12-01T12:00:00.000Z';
    other
      .prepare('INSERT INTO customers (name, name_key, document_type, document, emails, phones, search_text, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)')
      .run('Cadastrada em outra tela', 'cadastrada em outra tela', 'cpf', erpLine(2).document, '[]', '[]', 'cadastrada', at, at);
    other.close();
    await expect(imp.apply(preview)).rejects.toMatchObject({ code: 'IMPORT_STALE' });
    expect(await countOf('customers')).toBe(1);
  });
});
