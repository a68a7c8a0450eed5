/**
 * The Painel's pictures in the host (shared/contract/painel.ts). Licences by product over the last
 * 12 months: each link's licence (integration, contract, label: the S10 defaults), its state now
 * (links.observed_state), and its transitions from the history since the oldest month — the
 * confirmed transmissions (readConfirmed) and the platform check's accepted states — folded into
 * its state at each month's end (shared/domain/painel.ts), months in São Paulo.
 */
import type { PainelFigures, PainelProduct } from '../../../shared/contract/painel';
import { effectiveContractIdentifier, effectiveLabel } from '../../../shared/domain/defaults';
import { activeAtMonthEnds, beforeMonth, lastMonths, officeMonth, type LicenceTransition } from '../../../shared/domain/painel';
import { readConfirmed, type PassAction } from '../../../shared/domain/pass-summary';
import type { HandlerTable } from '../dispatch';
import type { Clock } from '../ports';
import type { Db } from '../store/store';
import { platformHasLabels } from './platform-check';

export const PAINEL_MONTHS = 12;

/** What each confirmed action leaves the licence as, and what it was before (a cancellation is read as of an active one). */
const AFTER: Record<PassAction, { active: boolean; wasActive: boolean } | null> = {
  creations: { active: true, wasActive: false },
  reenables: { active: true, wasActive: false },
  suspensions: { active: false, wasActive: true },
  cancellations: { active: false, wasActive: true },
  updates: null,
};

const ACCEPTED = new RegExp(`a plataforma tem (${Object.values(platformHasLabels).join('|')}),`);

const licenceKey = (integrationId: string, contract: string, label: string) => `${integrationId}\u0000${contract}\u0000${label}`;

export type PainelService = ReturnType<typeof createPainelService>;

export function createPainelService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;

  /** Each licence's transitions since `from`, oldest first, by licence key. */
  async function transitions(from: string): Promise<Map<string, LicenceTransition[]>> {
    const rows = await db
      .selectFrom('events')
      .select(['at', 'kind', 'integrationId', 'subject', 'message'])
      .where('kind', 'in', ['transmission.converged', 'drift.accept'])
      .where('at', '>=', from)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const byLicence = new Map<string, LicenceTransition[]>();
    const add = (key: string, t: LicenceTransition) => {
      const list = byLicence.get(key);
      if (list) list.push(t);
      else byLicence.set(key, [t]);
    };
    for (const r of rows) {
      if (!r.integrationId) continue;
      const month = officeMonth(r.at);
      if (r.kind === 'transmission.converged') {
        const confirmed = readConfirmed(r.message);
        const after = confirmed && AFTER[confirmed.action];
        if (confirmed && after) add(licenceKey(r.integrationId, confirmed.contractIdentifier, confirmed.label), { month, ...after });
      } else {
        // drift.accept: subject licenca:<contract>/<label>; the office's record took what the platform has
        const subject = r.subject?.startsWith('licenca:') ? r.subject.slice('licenca:'.length) : null;
        const slash = subject?.lastIndexOf('/') ?? -1;
        const has = ACCEPTED.exec(r.message)?.[1];
        if (!subject || slash < 0 || !has) continue;
        const active = has === platformHasLabels.active;
        add(licenceKey(r.integrationId, subject.slice(0, slash), subject.slice(slash + 1)), { month, active, wasActive: !active });
      }
    }
    return byLicence;
  }

  async function products(): Promise<PainelProduct[]> {
    const rows = await db
      .selectFrom('products')
      .innerJoin('integrations', 'integrations.id', 'products.integrationId')
      .select(['products.integrationId', 'products.code', 'products.name', 'integrations.description'])
      .execute();
    const several = new Set(rows.map((r) => r.integrationId)).size > 1;
    return rows.map((r) => ({ key: `${r.integrationId}:${r.code}`, integrationId: r.integrationId, productCode: r.code, name: several ? `${r.name} · ${r.description}` : r.name }));
  }

  return {
    async figures(): Promise<PainelFigures> {
      const months = lastMonths(deps.clock.now(), PAINEL_MONTHS);
      const [links, moves, known] = await Promise.all([
        db
          .selectFrom('links')
          .innerJoin('packages', 'packages.id', 'links.packageId')
          .select(['links.serviceId', 'links.contractIdentifier', 'links.label', 'links.observedState', 'links.createdAt', 'packages.label as packageLabel', 'packages.integrationId', 'packages.productCode'])
          .execute(),
        transitions(beforeMonth(months[0]!)),
        products(),
      ]);

      const activeByMonth: Record<string, number[]> = {};
      for (const l of links) {
        const contract = effectiveContractIdentifier({ contractIdentifier: l.contractIdentifier ?? undefined }, { id: l.serviceId });
        const label = effectiveLabel({ label: l.label ?? undefined }, { label: l.packageLabel });
        const active = activeAtMonthEnds(months, {
          createdMonth: officeMonth(l.createdAt),
          activeNow: l.observedState === 'active',
          transitions: moves.get(licenceKey(l.integrationId, contract, label)) ?? [],
        });
        const key = `${l.integrationId}:${l.productCode}`;
        const counts = (activeByMonth[key] ??= months.map(() => 0));
        active.forEach((a, i) => {
          if (a) counts[i]!++;
        });
      }

      const debt = await db
        .selectFrom('links')
        .innerJoin('services', 'services.id', 'links.serviceId')
        .innerJoin('packages', 'packages.id', 'links.packageId')
        .select(['packages.integrationId', 'packages.productCode', 'links.observedState', (eb) => eb.fn.countAll().as('n')])
        .where('services.status', '=', 'suspenso_debito')
        .where('links.removedAt', 'is', null)
        .where('links.observedState', 'in', ['active', 'suspended'])
        .groupBy(['packages.integrationId', 'packages.productCode', 'links.observedState'])
        .execute();
      const suspended = new Map<string, { productKey: string; suspended: number; stillActive: number }>();
      for (const r of debt) {
        const productKey = `${r.integrationId}:${r.productCode}`;
        const row = suspended.get(productKey) ?? { productKey, suspended: 0, stillActive: 0 };
        if (r.observedState === 'suspended') row.suspended += Number(r.n);
        else row.stillActive += Number(r.n);
        suspended.set(productKey, row);
      }

      // Products a link names but the catalogue no longer lists still get a line (by their code).
      const listed = new Set(known.map((p) => p.key));
      for (const key of [...Object.keys(activeByMonth), ...suspended.keys()]) {
        if (listed.has(key)) continue;
        const [integrationId, ...code] = key.split(':');
        known.push({ key, integrationId: integrationId!, productCode: code.join(':'), name: `Produto ${code.join(':')}` });
        listed.add(key);
      }
      const used = known.filter((p) => activeByMonth[p.key] || suspended.has(p.key)).sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));
      return { months, products: used, activeByMonth, suspendedForDebt: [...suspended.values()] };
    },
  };
}

export function painelHandlers(p: PainelService): Pick<HandlerTable, 'painel.figures'> {
  return { 'painel.figures': () => p.figures() };
}
