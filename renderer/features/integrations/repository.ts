/**
 * The office's record of its integrations (the non-secret part: S1's secret lives in main's vault)
 * and of the platform catalogue. Every write lands with its history event in one transaction.
 */
import type { ConnectionTest, Failure } from '../../../shared/contract';
import { applyProductSyncRule, defaultStatusMap, integrationInUseMessage, type Integration, type ProductSyncSummary, type StatusMap } from '../../../shared/domain';
import { db } from '../../db/db';
import { recordEvent } from '../../db/history';

export type IntegrationSettings = Pick<Integration, 'description' | 'environment' | 'suspendBySubscriptionStatus' | 'statusMap'> & {
  /** Shown in lists; the real URL the secret goes to is the vault's. */
  baseUrl: string;
};

export function newIntegrationSettings(): IntegrationSettings {
  return { description: 'Campsoft', environment: 'sandbox', baseUrl: '', suspendBySubscriptionStatus: true, statusMap: { ...defaultStatusMap } as StatusMap };
}

export async function saveIntegration(id: string, settings: IntegrationSettings): Promise<Integration> {
  const now = new Date().toISOString();
  return db.transaction('rw', [db.integrations, db.events], async () => {
    const before = await db.integrations.get(id);
    const row: Integration = {
      ...before,
      id,
      platform: 'campsoft',
      ...settings,
      active: before?.active ?? true,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    await db.integrations.put(row);
    await recordEvent({
      actor: 'user',
      integrationId: id,
      kind: before ? 'integration.update' : 'integration.create',
      subject: row.description,
      outcome: 'ok',
      message: before ? `Integração "${row.description}" alterada.` : `Integração "${row.description}" cadastrada.`,
    });
    return row;
  });
}

export async function recordConnectionTest(integrationId: string, outcome: { ok: true; data: ConnectionTest } | Failure) {
  await db.transaction('rw', [db.integrations, db.events], async () => {
    const integration = await db.integrations.get(integrationId);
    if (outcome.ok) {
      await db.integrations.update(integrationId, {
        ispName: outcome.data.ispName,
        activeLicenses: outcome.data.activeLicenses,
        activeLicensesAt: outcome.data.testedAt,
        lastTestAt: outcome.data.testedAt,
      });
    }
    await recordEvent({
      actor: 'user',
      integrationId,
      kind: 'integration.test',
      subject: integration?.description,
      outcome: outcome.ok ? 'ok' : 'error',
      message: outcome.ok
        ? `Conexão testada: ${outcome.data.ispName}, ${outcome.data.activeLicenses} licenças ativas.`
        : `Teste de conexão falhou: ${outcome.message}`,
      platformErrorId: outcome.ok ? undefined : outcome.platformErrorId,
    });
  });
}

export async function setIntegrationActive(integrationId: string, active: boolean) {
  await db.transaction('rw', [db.integrations, db.events], async () => {
    const integration = await db.integrations.get(integrationId);
    if (!integration) return;
    await db.integrations.update(integrationId, { active, updatedAt: new Date().toISOString() });
    await recordEvent({
      actor: 'user',
      integrationId,
      kind: active ? 'integration.activate' : 'integration.deactivate',
      subject: integration.description,
      outcome: 'info',
      message: active ? `Integração "${integration.description}" reativada.` : `Integração "${integration.description}" desativada: nada mais é transmitido por ela.`,
    });
  });
}

/** Refused while packages use the integration: the message names them. */
export async function deleteIntegration(integrationId: string): Promise<{ ok: true } | { ok: false; message: string }> {
  return db.transaction('rw', [db.integrations, db.products, db.packages, db.events], async () => {
    const packages = await db.packages.where('integrationId').equals(integrationId).toArray();
    const refusal = integrationInUseMessage(packages);
    if (refusal) return { ok: false as const, message: refusal };
    const integration = await db.integrations.get(integrationId);
    await db.products.where('integrationId').equals(integrationId).delete();
    await db.integrations.delete(integrationId);
    await recordEvent({
      actor: 'user',
      integrationId,
      kind: 'integration.delete',
      subject: integration?.description,
      outcome: 'info',
      message: `Integração "${integration?.description ?? integrationId}" excluída.`,
    });
    return { ok: true as const };
  });
}

export type SyncSummary = ProductSyncSummary;

/**
 * S4: the platform answered with every ACTIVE product. Known products that no longer come back stay
 * in the catalogue, marked inactive (packages on them warn); nothing is deleted.
 */
export async function applyProductSync(
  integrationId: string,
  fetched: { code: string; name: string; description: string; status: 'active' | 'inactive' }[],
  fetchedAt: string,
  actor: 'user' | 'system' = 'user',
): Promise<SyncSummary> {
  return db.transaction('rw', [db.integrations, db.products, db.events], async () => {
    const known = await db.products.where('integrationId').equals(integrationId).toArray();
    const { rows, summary } = applyProductSyncRule(integrationId, known, fetched, fetchedAt);
    await db.products.bulkPut(rows);
    await db.integrations.update(integrationId, { lastSyncAt: fetchedAt });
    const integration = await db.integrations.get(integrationId);
    await recordEvent({
      actor,
      integrationId,
      kind: 'products.sync',
      subject: integration?.description,
      outcome: 'ok',
      message: `Produtos sincronizados: ${summary.added} novos, ${summary.updated} atualizados, ${summary.deactivated} não estão mais ativos.`,
    });
    return summary;
  });
}

export async function recordProductSyncFailure(integrationId: string, failure: Failure, actor: 'user' | 'system' = 'user') {
  await db.transaction('rw', [db.integrations, db.events], async () => {
    const integration = await db.integrations.get(integrationId);
    await recordEvent({
      actor,
      integrationId,
      kind: 'products.sync',
      subject: integration?.description,
      outcome: 'error',
      message: `Sincronização de produtos falhou: ${failure.message}`,
      platformErrorId: failure.platformErrorId,
    });
  });
}
