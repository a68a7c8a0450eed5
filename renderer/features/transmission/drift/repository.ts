/**
 * Dexie side of "Conferir com a plataforma": what the office records for one integration (the input
 * of computeDrift), and the fixes of selected drift rows, each written with its history event.
 */
import type { CommandOutput, Failure, Result } from '../../../../shared/contract';
import { cancelPlans, computeDrift, observedFromPlatform, type DriftInput, type DriftReport, type DriftRow, type PlatformHas } from '../../../../shared/domain/drift';
import type { HistoryActor, LicenceState } from '../../../../shared/domain/model';
import { call } from '../../../bridge';
import { db } from '../../../db/db';
import { recordEvent } from '../../../db/history';
import { notifyDesiredStateChanged } from '../../customers/changes';

export const platformHasLabels: Record<PlatformHas, string> = {
  active: 'Ativa',
  suspended: 'Suspensa',
  canceled: 'Cancelada',
  none: 'Não existe',
};

export const officeWantsLabels: Record<LicenceState, string> = {
  active: 'Ativa',
  suspended: 'Suspensa',
  not_provisioned: 'Aguardando (não criar)',
  canceled: 'Cancelada',
};

const subject = (row: Pick<DriftRow, 'contractIdentifier' | 'label'>) => `licenca:${row.contractIdentifier}/${row.label}`;

/** The office's record for one integration, read through the indexes; null when the integration is gone. */
export async function loadDriftInput(integrationId: string): Promise<Omit<DriftInput, 'platform'> | null> {
  return db.transaction('r', [db.integrations, db.packages, db.links, db.services, db.customers], async () => {
    const integration = await db.integrations.get(integrationId);
    if (!integration) return null;
    const packages = await db.packages.where('integrationId').equals(integrationId).toArray();
    const links = await db.links.where('packageId').anyOf(packages.map((p) => p.id)).toArray();
    const services = (await db.services.bulkGet([...new Set(links.map((l) => l.serviceId))])).filter((s) => s !== undefined);
    const customers = (await db.customers.bulkGet([...new Set(services.map((s) => s.customerId))]))
      .filter((c) => c !== undefined)
      .map((c) => ({ id: c.id, name: c.name }));
    return { integration, packages, links, services, customers };
  });
}

/** Records a finished check in the history and keeps the billed count (and when it was read) on the integration. */
export async function recordCheck(
  integrationId: string,
  report: DriftReport,
  activeLicenses: number,
  actor: HistoryActor = 'user',
  read: { at?: string; ispName?: string } = {},
): Promise<void> {
  await db.transaction('rw', db.integrations, db.events, async () => {
    await db.integrations.update(integrationId, {
      activeLicenses,
      activeLicensesAt: read.at ?? new Date().toISOString(),
      ...(read.ispName ? { ispName: read.ispName } : {}),
    });
    await recordEvent({
      actor,
      integrationId,
      kind: 'platform.check',
      outcome: report.rows.length === 0 ? 'ok' : 'info',
      message:
        `Conferência com a plataforma: ${activeLicenses} licenças ativas na plataforma, ${report.counts.officeShouldBeActive} vínculos deveriam estar ativos; ` +
        (report.rows.length === 0 ? 'tudo confere.' : `${report.rows.length} diferenças encontradas.`),
    });
  });
}

export async function recordCheckFailure(integrationId: string, failure: Failure, actor: HistoryActor = 'user'): Promise<void> {
  await recordEvent({ actor, integrationId, kind: 'platform.check', outcome: 'error', message: `Conferência com a plataforma falhou: ${failure.message}`, platformErrorId: failure.platformErrorId });
}

export type CheckOutcome = { ok: true; report: DriftReport; activeLicenses: number; fetchedAt: string } | { ok: false; message: string };

/** Conferir com a plataforma: the platform's subscribers against the office's record, recorded in the history. */
export async function checkPlatform(integrationId: string, actor: HistoryActor = 'user'): Promise<CheckOutcome> {
  const r = await call('platform.subscribers', { integrationId });
  if (!r.ok) {
    await recordCheckFailure(integrationId, r, actor);
    return { ok: false, message: r.message };
  }
  const office = await loadDriftInput(integrationId);
  if (!office) return { ok: false, message: 'Integração não encontrada no SVA Desk.' };
  const report = computeDrift({ ...office, platform: r.data.subscribers });
  await recordCheck(integrationId, report, r.data.activeLicenses, actor, { at: r.data.fetchedAt, ispName: r.data.ispName });
  return { ok: true, report, activeLicenses: r.data.activeLicenses, fetchedAt: r.data.fetchedAt };
}

/**
 * Fix of rows with a link: the link's observed state becomes what the platform really has, so the
 * next transmission pass plans the steps that bring the platform to what the office wants. One
 * transaction for every link and its event; then the transmission controller is told to run a pass.
 * Returns how many links were corrected.
 */
export async function acceptPlatformState(rows: readonly DriftRow[]): Promise<number> {
  const linked = rows.filter((r) => r.linkId !== undefined);
  if (linked.length === 0) return 0;
  let corrected = 0;
  await db.transaction('rw', db.links, db.events, async () => {
    for (const row of linked) {
      let touched = false;
      for (const id of [row.linkId as string, ...row.relatedLinkIds]) {
        const link = await db.links.get(id);
        if (!link) continue;
        await db.links.update(id, { observed: observedFromPlatform(link.observed, row.platformHas) });
        touched = true;
      }
      if (!touched) continue;
      corrected++;
      await recordEvent({
        actor: 'user',
        integrationId: row.integrationId,
        kind: 'drift.accept',
        subject: subject(row),
        outcome: 'info',
        message:
          `Conferência com a plataforma: ${row.customerName || 'cliente'} (id_contrato ${row.contractIdentifier}, label ${row.label}) — ` +
          `a plataforma tem ${platformHasLabels[row.platformHas].toLowerCase()}, o SVA Desk quer ${officeWantsLabels[row.officeWants ?? 'canceled'].toLowerCase()}. ` +
          'Situação registrada conforme a plataforma; a próxima transmissão corrige.',
      });
    }
  });
  if (corrected > 0) notifyDesiredStateChanged();
  return corrected;
}

/**
 * Fix of licences the office has no link for: cancel them on the platform (one `cancel` step each)
 * through a transmission run. Records one event per licence, sent or refused; the transmission
 * controller records the platform's answer (run.result with linkId `drift:…`, no link in Dexie).
 */
export async function cancelUnknownLicences(rows: readonly DriftRow[]): Promise<Result<CommandOutput<'run.start'>> | null> {
  const unknown = rows.filter((r) => r.kind === 'unknown_to_office');
  if (unknown.length === 0) return null;
  const integrationId = unknown[0].integrationId;
  const r = await call('run.start', { integrationId, plans: cancelPlans(integrationId, unknown) });
  await db.transaction('rw', db.events, async () => {
    for (const row of unknown) {
      await recordEvent({
        actor: 'user',
        integrationId,
        kind: 'drift.cancel',
        subject: subject(row),
        outcome: r.ok ? 'info' : 'error',
        platformErrorId: r.ok ? undefined : r.platformErrorId,
        message: r.ok
          ? `Licença sem vínculo no SVA Desk (${row.customerName}, id_contrato ${row.contractIdentifier}, label ${row.label}) enviada para cancelamento na plataforma.`
          : `Cancelamento da licença sem vínculo (id_contrato ${row.contractIdentifier}, label ${row.label}) não enviado: ${r.message}`,
      });
    }
  });
  return r;
}
