/**
 * Configurações › Integrações › Plataformas de Conteúdo, as the office's record: the integration's
 * non-secret part (description, environment, S2 switch and status map, last test) and its product
 * catalogue (S4). The connection (URL + ApiKey + ApiSecret, S1) stays in the vault behind
 * electron/host/integrations.ts; this service only asks it what a screen may know, saves a typed
 * draft into it, and uses it to test and to fetch products. Reads and writes of the integrations
 * and products tables live here only.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionDraft, ConnectionTest } from '../../../shared/contract';
import type { IntegrationRecord, ProductSyncResult } from '../../../shared/contract/catalogue';
import { AppError, toFailure } from '../../../shared/contract/result';
import {
  applyProductSyncRule,
  compareProductCodes,
  defaultStatusMap,
  fieldErrors,
  IntegrationForm,
  integrationInUseMessage,
  type HistoryActor,
  type Product,
  type StatusMap,
} from '../../../shared/domain';
import { integrationSubject } from '../../../shared/domain/subjects';
import type { HandlerTable } from '../dispatch';
import type { IntegrationService } from '../integrations';
import { integrationOf, integrationRow, productOf } from '../store/rows';
import type { Db, Tx } from '../store/store';
import { checkVersion, stamp, type Mutate } from './mutation';

/** What this service needs of the vault side (electron/host/integrations.ts). */
export type Connections = Pick<IntegrationService, 'describe' | 'save' | 'delete' | 'test' | 'fetchProducts'>;

export type IntegrationRecordService = ReturnType<typeof createIntegrationRecordService>;

const NOT_FOUND = 'Esta integração não existe mais: pode ter sido excluída em outra mesa. Volte à lista.';

export async function readIntegrations(db: Db | Tx, connections: Pick<Connections, 'describe'>, ids?: readonly string[]): Promise<IntegrationRecord[]> {
  let q = db.selectFrom('integrations').selectAll();
  if (ids) q = q.where('id', 'in', ids.length ? [...ids] : ['']);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const counts = await db
    .selectFrom('products')
    .select(['integrationId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'active')
    .where('integrationId', 'in', rows.map((r) => r.id))
    .groupBy('integrationId')
    .execute();
  const active = new Map(counts.map((c) => [c.integrationId, Number(c.n)]));
  return rows
    .map((r) => {
      const integration = integrationOf(r);
      return {
        ...integration,
        // a status missing from the stored map keeps its default, as desiredLicenceState reads it
        statusMap: { ...defaultStatusMap, ...integration.statusMap },
        version: r.version,
        updatedBy: r.updatedBy,
        connection: connections.describe(r.id),
        activeProducts: active.get(r.id) ?? 0,
      };
    })
    .sort((a, b) => a.description.localeCompare(b.description, 'pt-BR') || (a.id < b.id ? -1 : 1));
}

export async function readProducts(db: Db | Tx, integrationId: string): Promise<Product[]> {
  const rows = await db.selectFrom('products').selectAll().where('integrationId', '=', integrationId).execute();
  // Natural order in code, not SQL: collations differ between engines and the catalogue is small.
  return rows.map(productOf).sort((a, b) => compareProductCodes(a.code, b.code));
}

const sameMap = (a: StatusMap, b: StatusMap) => JSON.stringify({ ...defaultStatusMap, ...a }, Object.keys(defaultStatusMap)) === JSON.stringify({ ...defaultStatusMap, ...b }, Object.keys(defaultStatusMap));

export function createIntegrationRecordService(deps: { db: Db; mutate: Mutate; connections: Connections }) {
  const { db, mutate, connections } = deps;
  const read = async (tx: Db | Tx, id: string) => (await readIntegrations(tx, connections, [id]))[0];

  async function requireIntegration(tx: Tx, id: string, version?: number) {
    const before = await read(tx, id);
    if (!before) throw new AppError('NOT_FOUND', NOT_FOUND);
    await checkVersion(tx, 'integrations', id, version);
    return before;
  }

  /** Ispname, licences and the time of a test: what the platform said, not a clerk's edit, so no version bump. */
  function recordTest(id: string, outcome: { result: ConnectionTest } | { failure: { message: string; platformErrorId?: string } }) {
    return mutate(async (m) => {
      const before = await read(m.tx, id);
      if (!before) throw new AppError('NOT_FOUND', NOT_FOUND);
      if ('result' in outcome) {
        const r = outcome.result;
        // a result handed in by a screen (a draft tested in the wizard) is kept in the record's shapes
        const testedAt = Number.isNaN(Date.parse(r.testedAt)) ? m.at : new Date(r.testedAt).toISOString();
        const activeLicenses = Math.max(0, Math.trunc(r.activeLicenses));
        await m.tx.updateTable('integrations').set({ ispName: r.ispName, activeLicenses, lastTestAt: testedAt }).where('id', '=', id).execute();
      }
      m.record({
        kind: 'integration.test',
        integrationId: id,
        subject: integrationSubject(id),
        outcome: 'result' in outcome ? 'ok' : 'error',
        message:
          'result' in outcome
            ? `Conexão testada: ${outcome.result.ispName}, ${outcome.result.activeLicenses} licenças ativas.`
            : `Teste de conexão falhou: ${outcome.failure.message}`,
        ...('failure' in outcome && outcome.failure.platformErrorId && { platformErrorId: outcome.failure.platformErrorId }),
      });
      m.changed('integrations');
      return (await read(m.tx, id))!;
    });
  }

  return {
    list: () => readIntegrations(db, connections),
    get: async (id: string) => (await read(db, id)) ?? null,
    products: (integrationId: string) => readProducts(db, integrationId),

    /**
     * Creates (id undefined) or updates an integration; `version` is the one the form was opened on.
     * With `connection`, the typed URL + ApiKey + ApiSecret go to the vault (refused there first when
     * blank or a bad URL), and environment and shown address follow what the vault holds; without
     * it the saved connection stays as it is (changing the address requires the secret again).
     */
    save: (input: { id?: string; version?: number; values: unknown; connection?: ConnectionDraft }) =>
      mutate(async (m) => {
        const parsed = IntegrationForm.safeParse(input.values);
        if (!parsed.success) throw new AppError('VALIDATION', 'Confira os campos destacados da integração.', { fields: fieldErrors(parsed.error) });
        const values = parsed.data;
        const before = input.id === undefined ? undefined : await requireIntegration(m.tx, input.id, input.version);
        if (!before && !input.connection) {
          throw new AppError('VALIDATION', 'Informe a ApiKey e a ApiSecret recebidas da Campsoft para cadastrar a integração.', {
            fields: { apiKey: 'Informe a ApiKey (Chave da API) recebida da Campsoft.', apiSecret: 'Informe a ApiSecret (Senha da API) recebida da Campsoft.' },
          });
        }
        const id = before?.id ?? randomUUID();
        let environment = before?.environment ?? 'sandbox';
        let baseUrl = before?.baseUrl ?? '';
        if (input.connection) {
          // The vault last among the checks: a refusal above leaves it untouched.
          const saved = await connections.save(id, input.connection);
          environment = saved.environment ?? input.connection.environment;
          baseUrl = saved.baseUrl ?? '';
        }
        const row = integrationRow({
          id,
          platform: 'campsoft',
          description: values.description,
          environment,
          baseUrl,
          active: before?.active ?? true,
          suspendBySubscriptionStatus: values.suspendBySubscriptionStatus,
          statusMap: values.statusMap,
          ispName: before?.ispName,
          activeLicenses: before?.activeLicenses,
          lastTestAt: before?.lastTestAt,
          lastSyncAt: before?.lastSyncAt,
          createdAt: before?.createdAt ?? m.at,
          updatedAt: m.at,
        });
        if (before) await m.tx.updateTable('integrations').set({ ...row, ...stamp(m) }).where('id', '=', id).execute();
        else await m.tx.insertInto('integrations').values({ ...row, updatedBy: m.clerk }).execute();

        m.record({
          kind: before ? 'integration.update' : 'integration.create',
          integrationId: id,
          subject: integrationSubject(id),
          outcome: 'ok',
          message: before ? `Integração "${values.description}" alterada.` : `Integração "${values.description}" cadastrada.`,
        });
        m.changed('integrations');
        // S2: the switch and the map decide every linked licence's state; new credentials may
        // unblock links held for want of them. The description changes nothing on the platform.
        if (before && (before.suspendBySubscriptionStatus !== values.suspendBySubscriptionStatus || !sameMap(before.statusMap, values.statusMap) || input.connection)) {
          m.desiredStateChanged({ integrationIds: [id] });
        }
        return (await read(m.tx, id))!;
      }),

    setActive: (input: { id: string; version?: number; active: boolean }) =>
      mutate(async (m) => {
        const before = await requireIntegration(m.tx, input.id, input.version);
        if (before.active === input.active) return before;
        await m.tx.updateTable('integrations').set({ active: input.active ? 1 : 0, updatedAt: m.at, ...stamp(m) }).where('id', '=', input.id).execute();
        m.record({
          kind: input.active ? 'integration.activate' : 'integration.deactivate',
          integrationId: input.id,
          subject: integrationSubject(input.id),
          outcome: 'info',
          message: input.active ? `Integração "${before.description}" reativada.` : `Integração "${before.description}" desativada: nada mais é transmitido por ela.`,
        });
        m.changed('integrations');
        m.desiredStateChanged({ integrationIds: [input.id] });
        return (await read(m.tx, input.id))!;
      }),

    /** Refused while packages use the integration, naming them; the credentials go with it. */
    delete: async (input: { id: string; version?: number }) => {
      await mutate(async (m) => {
        const before = await requireIntegration(m.tx, input.id, input.version);
        const packages = await m.tx.selectFrom('packages').select(['id', 'name']).where('integrationId', '=', input.id).orderBy('id').execute();
        const refusal = integrationInUseMessage(packages);
        if (refusal) throw new AppError('IN_USE', refusal);
        await m.tx.deleteFrom('products').where('integrationId', '=', input.id).execute();
        await m.tx.deleteFrom('integrations').where('id', '=', input.id).execute();
        m.record({
          kind: 'integration.delete',
          integrationId: input.id,
          subject: integrationSubject(input.id),
          outcome: 'info',
          message: `Integração "${before.description}" excluída.`,
        });
        m.changed('integrations', 'products');
      });
      // After the commit: a failed delete keeps the credentials of the integration that stays.
      await connections.delete(input.id);
      return { deleted: true as const };
    },

    /** Ações › Testar: the saved connection, its answer kept on the integration and in the history. */
    test: async (id: string): Promise<ConnectionTest> => {
      if (!(await read(db, id))) throw new AppError('NOT_FOUND', NOT_FOUND);
      let result: ConnectionTest;
      try {
        result = await connections.test({ integrationId: id });
      } catch (err) {
        const failure = toFailure(err);
        await recordTest(id, { failure: { message: failure.message, ...(failure.platformErrorId && { platformErrorId: failure.platformErrorId }) } });
        throw err;
      }
      await recordTest(id, { result });
      return result;
    },

    recordTest,

    /**
     * Produtos › Sincronizar (S4): every product active on the platform, applied to the catalogue in
     * one transaction. The daily routine calls it with actor 'system'.
     */
    syncProducts: async (integrationId: string, options: { actor?: HistoryActor } = {}): Promise<ProductSyncResult> => {
      const integration = await read(db, integrationId);
      if (!integration) throw new AppError('NOT_FOUND', NOT_FOUND);
      if (!integration.active) throw new AppError('INACTIVE', `A integração "${integration.description}" está desativada: reative-a para sincronizar os produtos.`);
      let fetched: Awaited<ReturnType<Connections['fetchProducts']>>;
      try {
        fetched = await connections.fetchProducts(integrationId);
      } catch (err) {
        const failure = toFailure(err);
        await mutate(
          async (m) => {
            m.record({
              kind: 'products.sync',
              integrationId,
              subject: integrationSubject(integrationId),
              outcome: 'error',
              message: `Sincronização de produtos falhou: ${failure.message}`,
              ...(failure.platformErrorId && { platformErrorId: failure.platformErrorId }),
            });
          },
          { actor: options.actor },
        );
        throw err;
      }
      return mutate(
        async (m) => {
          const known = (await m.tx.selectFrom('products').selectAll().where('integrationId', '=', integrationId).execute()).map(productOf);
          const { rows, summary, availabilityChanged } = applyProductSyncRule(integrationId, known, fetched.products, fetched.fetchedAt);
          await upsertProducts(m.tx, rows);
          // The time of a sync is what the platform said, not a clerk's edit: no version bump.
          await m.tx.updateTable('integrations').set({ lastSyncAt: fetched.fetchedAt }).where('id', '=', integrationId).execute();
          m.record({
            kind: 'products.sync',
            integrationId,
            subject: integrationSubject(integrationId),
            outcome: 'ok',
            message: `Produtos sincronizados: ${summary.added} novos, ${summary.updated} atualizados, ${summary.deactivated} não estão mais ativos.`,
          });
          m.changed('products', 'integrations');
          // A product that became (in)active blocks or frees the grants of the packages on it.
          if (availabilityChanged > 0) m.desiredStateChanged({ integrationIds: [integrationId] });
          return { ...summary, fetchedAt: fetched.fetchedAt, pages: fetched.pages };
        },
        { actor: options.actor },
      );
    },
  };
}

/** Portable upsert (INSERT … ON CONFLICT, SQLite and PostgreSQL), in chunks under both engines' parameter limits. */
async function upsertProducts(tx: Tx, rows: readonly Product[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto('products')
      .values(rows.slice(i, i + 500).map((p) => ({ ...p })))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          description: eb.ref('excluded.description'),
          status: eb.ref('excluded.status'),
          syncedAt: eb.ref('excluded.syncedAt'),
        })),
      )
      .execute();
  }
}

export function integrationRecordHandlers(
  service: IntegrationRecordService,
): Pick<
  HandlerTable,
  | 'integrations.list'
  | 'integrations.get'
  | 'integrations.save'
  | 'integrations.setActive'
  | 'integrations.delete'
  | 'integrations.test'
  | 'integrations.recordTest'
  | 'products.list'
  | 'products.sync'
> {
  return {
    'integrations.list': () => service.list(),
    'integrations.get': ({ id }) => service.get(id),
    'integrations.save': (input) => service.save(input),
    'integrations.setActive': (input) => service.setActive(input),
    'integrations.delete': (input) => service.delete(input),
    'integrations.test': ({ id }) => service.test(id),
    'integrations.recordTest': ({ id, ...outcome }) => service.recordTest(id, outcome),
    'products.list': ({ integrationId }) => service.products(integrationId),
    'products.sync': ({ integrationId }) => service.syncProducts(integrationId),
  };
}
