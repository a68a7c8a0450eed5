/**
 * "Conferir com a plataforma" against the store: the platform's subscribers (fetched by the
 * integration's platform with the desk's credentials) × the office's record → the drift report,
 * recorded in the history with what Campsoft bills (active_licenses) kept on the integration.
 * Fixes: rows with a link take the platform's state as observed (the next pass corrects it);
 * licences the office has no link for are cancelled through the sync engine.
 */
import { recordLicenceState, recordPlatformMonth } from '../store/licence-events';
import type { PlatformCheck } from '../../../shared/contract/drift';
import type { PlatformSubscribers } from '../../../shared/contract/platform-check';
import { AppError } from '../../../shared/contract/result';
import { cancelPlans, computeDrift, observedFromPlatform, type DriftRow } from '../../../shared/domain/drift';
import type { HistoryActor, ObservedState } from '../../../shared/domain/model';
import type { LinkPlan } from '../../../shared/domain/operation';
import { licenceSubject } from '../../../shared/domain/subjects';
import { integrationOf, linkOf, packageOf, serviceOf } from '../store/rows';
import type { Db } from '../store/store';
import type { Mutate } from './mutation';

export const platformHasLabels = { active: 'ativa', suspended: 'suspensa', canceled: 'cancelada', none: 'não existe' } as const;
export const officeWantsLabels = { active: 'ativa', suspended: 'suspensa', not_provisioned: 'aguardando (não criar)', canceled: 'cancelada' } as const;

export type PlatformCheckDeps = {
  db: Db;
  mutate: Mutate;
  /** the existing main-side fetch: subscribers (contract, name, licences) and active_licenses */
  fetchSubscribers(integrationId: string): Promise<PlatformSubscribers>;
  /** cancels of licences without a link go out through the engine (claims, results, history) */
  sendPlans(plans: LinkPlan[]): Promise<number>;
};

export function createPlatformCheck(deps: PlatformCheckDeps) {
  const last = new Map<string, PlatformCheck>();

  async function officeFor(integrationId: string) {
    const row = await deps.db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'Esta integração não existe mais no SVA Desk. Volte à lista de integrações.');
    const packages = (await deps.db.selectFrom('packages').selectAll().where('integrationId', '=', integrationId).execute()).map(packageOf);
    const links = packages.length
      ? (
          await deps.db
            .selectFrom('links')
            .select(['id', 'serviceId', 'packageId', 'password', 'contractIdentifier', 'label', 'removedAt', 'observed', 'createdAt', 'updatedAt'])
            .where('packageId', 'in', packages.map((p) => p.id))
            .execute()
        ).map(linkOf)
      : [];
    const serviceIds = [...new Set(links.map((l) => l.serviceId))];
    const services = [];
    for (let i = 0; i < serviceIds.length; i += 500) services.push(...(await deps.db.selectFrom('services').selectAll().where('id', 'in', serviceIds.slice(i, i + 500)).execute()).map(serviceOf));
    const customerIds = [...new Set(services.map((s) => s.customerId))];
    const customers = [];
    for (let i = 0; i < customerIds.length; i += 500) customers.push(...(await deps.db.selectFrom('customers').select(['id', 'name']).where('id', 'in', customerIds.slice(i, i + 500)).execute()));
    return { integration: integrationOf(row), packages, links, services, customers };
  }

  async function check(integrationId: string, actor: HistoryActor = 'user'): Promise<PlatformCheck> {
    let fetched: PlatformSubscribers;
    try {
      fetched = await deps.fetchSubscribers(integrationId);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await deps.mutate(async (m) => m.record({ integrationId, kind: 'platform.check', outcome: 'error', message: `Conferência com a plataforma falhou: ${message}`, ...(err instanceof AppError && err.platformErrorId && { platformErrorId: err.platformErrorId }) }), { actor });
      throw err;
    }
    const office = await officeFor(integrationId);
    const report = computeDrift({ ...office, platform: fetched.subscribers });
    const result: PlatformCheck = { integrationId, rows: report.rows, counts: report.counts, activeLicenses: fetched.activeLicenses, fetchedAt: fetched.fetchedAt };
    // Kept before the commit: its change notice makes the screens ask platform.lastCheck at once.
    last.set(integrationId, result);
    await deps.mutate(
      async (m) => {
        await m.tx.updateTable('integrations').set({ activeLicenses: fetched.activeLicenses }).where('id', '=', integrationId).execute();
        await recordPlatformMonth(m.tx, m.engine, integrationId, fetched);
        m.record({
          integrationId,
          kind: 'platform.check',
          outcome: report.rows.length === 0 ? 'ok' : 'info',
          message:
            `Conferência com a plataforma: ${fetched.activeLicenses} licenças ativas na plataforma, ${report.counts.officeShouldBeActive} vínculos deveriam estar ativos; ` +
            (report.rows.length === 0 ? 'tudo confere.' : `${report.rows.length} diferenças encontradas.`),
        });
        m.changed('integrations');
      },
      { actor },
    );
    return result;
  }

  /** Fixes the chosen rows of this integration's last check. */
  async function fix(integrationId: string, keys: readonly { contractIdentifier: string; label: string }[]): Promise<{ corrected: number; cancelSent: number }> {
    const report = last.get(integrationId);
    if (!report) throw new AppError('STALE', 'Confira a plataforma de novo antes de corrigir: a conferência anterior não está mais disponível.');
    const wanted = new Set(keys.map((k) => `${k.contractIdentifier}\u0000${k.label}`));
    const rows = report.rows.filter((r) => wanted.has(`${r.contractIdentifier}\u0000${r.label}`));
    const linked = rows.filter((r) => r.linkId !== undefined);
    const unknown = rows.filter((r) => r.kind === 'unknown_to_office');
    let corrected = 0;
    if (linked.length) {
      await deps.mutate(async (m) => {
        for (const row of linked) {
          let touched = false;
          for (const id of [row.linkId!, ...row.relatedLinkIds]) {
            const link = await m.tx.selectFrom('links').select('observed').where('id', '=', id).executeTakeFirst();
            if (!link) continue;
            const observed = observedFromPlatform(JSON.parse(link.observed) as ObservedState, row.platformHas);
            await m.tx.updateTable('links').set({ observed: JSON.stringify(observed), observedState: observed.state }).where('id', '=', id).execute();
            // the office accepts what the platform holds: the licence's state from now (Cobrança)
            await recordLicenceState(m.tx, id, observed.state, m.at);
            touched = true;
          }
          if (!touched) continue;
          corrected++;
          m.record({ integrationId, kind: 'drift.accept', subject: licenceSubject(row), outcome: 'info', message: acceptMessage(row) });
        }
        m.changed('links');
        if (corrected > 0) m.desiredStateChanged({ integrationIds: [integrationId] });
      });
    }
    let cancelSent = 0;
    if (unknown.length) {
      try {
        cancelSent = await deps.sendPlans(cancelPlans(integrationId, unknown));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await deps.mutate(async (m) => {
          for (const row of unknown) m.record({ integrationId, kind: 'drift.cancel', subject: licenceSubject(row), outcome: 'error', message: `Cancelamento da licença sem vínculo (id_contrato ${row.contractIdentifier}, label ${row.label}) não enviado: ${message}` });
        });
        throw err;
      }
      await deps.mutate(async (m) => {
        for (const row of unknown)
          m.record({ integrationId, kind: 'drift.cancel', subject: licenceSubject(row), outcome: 'info', message: `Licença sem vínculo no SVA Desk (${row.customerName}, id_contrato ${row.contractIdentifier}, label ${row.label}) enviada para cancelamento na plataforma.` });
      });
    }
    // What was fixed is no longer a difference to show.
    last.set(integrationId, { ...report, rows: report.rows.filter((r) => !rows.includes(r)) });
    return { corrected, cancelSent };
  }

  return { check, fix, last: (integrationId: string) => last.get(integrationId) ?? null };
}

export function acceptMessage(row: DriftRow): string {
  return (
    `Conferência com a plataforma: ${row.customerName || 'cliente'} (id_contrato ${row.contractIdentifier}, label ${row.label}) — ` +
    `a plataforma tem ${platformHasLabels[row.platformHas]}, o SVA Desk quer ${officeWantsLabels[row.officeWants ?? 'canceled']}. ` +
    'Situação registrada conforme a plataforma; a próxima transmissão corrige.'
  );
}
