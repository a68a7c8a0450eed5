/**
 * Packages on plans: S8 (default packages), S11 (mandatory or optional), S12 (Travar Pacotes).
 */
import type { DefaultPackage, Package, Plan } from './model';

type PlanPackages = Pick<Plan, 'name' | 'defaultPackages' | 'lockPackages'>;

/**
 * S8/S11: what a new service with this plan starts with. Mandatory packages are attached; optional
 * ones are offered and may be removed while adding the service.
 */
export function packagesOnNewService(plan: Pick<Plan, 'defaultPackages'>): DefaultPackage[] {
  const seen = new Map<number, DefaultPackage>();
  for (const entry of plan.defaultPackages) {
    const previous = seen.get(entry.packageId);
    seen.set(entry.packageId, { packageId: entry.packageId, mandatory: entry.mandatory || (previous?.mandatory ?? false) });
  }
  return [...seen.values()];
}

/**
 * S11: the default packages linked when a service is added: every mandatory one, and the optional
 * ones the clerk chose to keep. Where nobody chooses (the ERP import), that is the mandatory ones.
 */
export function packagesAttachedToNewService(plan: Pick<Plan, 'defaultPackages'>, keptOptionalPackageIds: readonly number[] = []): number[] {
  const kept = new Set(keptOptionalPackageIds);
  return packagesOnNewService(plan)
    .filter((d) => d.mandatory || kept.has(d.packageId))
    .map((d) => d.packageId);
}

/** S12: where the office changes which packages a locked plan allows. */
export function lockedPlanPath(planName: string): string {
  return `Configuração › Geral › Serviços/Planos › ${planName} › aba Pacotes`;
}

export function lockedPlanReason(planName: string): string {
  return (
    `O plano "${planName}" está com Travar Pacotes ligado: só os pacotes do próprio plano podem ser ` +
    `vinculados aos serviços dele. Para vincular outro pacote, inclua-o no plano ou desligue Travar Pacotes ` +
    `em ${lockedPlanPath(planName)}.`
  );
}

export type AllowedPackages<P> = {
  packages: P[];
  /** S12: set when the plan narrows the list, so the UI can say why a package is missing. */
  reason: string | null;
};

/** Packages that may be linked to a service of this plan: active ones, and with S12 only the plan's own. */
export function allowedPackages<P extends Pick<Package, 'id' | 'active'>>(plan: PlanPackages, allPackages: readonly P[]): AllowedPackages<P> {
  const active = allPackages.filter((p) => p.active);
  if (!plan.lockPackages) return { packages: active, reason: null };
  const own = new Set(plan.defaultPackages.map((d) => d.packageId));
  return { packages: active.filter((p) => own.has(p.id)), reason: lockedPlanReason(plan.name) };
}

export function isPackageAllowed(plan: Pick<Plan, 'defaultPackages' | 'lockPackages'>, packageId: number): boolean {
  return !plan.lockPackages || plan.defaultPackages.some((d) => d.packageId === packageId);
}

type LinkLike = { packageId: number; removedAt?: string };

export type MigrationPlan<L> = {
  /** S8: default packages of the new plan the service does not have yet. */
  add: number[];
  /** S12: links the new (locked) plan does not allow; the office decides what to do with them. */
  notAllowed: L[];
  keep: L[];
  reason: string | null;
};

/** S8/S12: what changes on a service's packages when it migrates from one plan to another. */
export function migrationPlan<L extends LinkLike>(
  fromPlan: Pick<Plan, 'id'>,
  toPlan: PlanPackages & Pick<Plan, 'id'>,
  currentLinks: readonly L[],
): MigrationPlan<L> {
  const live = currentLinks.filter((l) => l.removedAt === undefined);
  if (fromPlan.id === toPlan.id) return { add: [], notAllowed: [], keep: live, reason: null };

  const linked = new Set(live.map((l) => l.packageId));
  const add = packagesOnNewService(toPlan)
    .map((d) => d.packageId)
    .filter((id) => !linked.has(id));
  const notAllowed = live.filter((l) => !isPackageAllowed(toPlan, l.packageId));
  const keep = live.filter((l) => isPackageAllowed(toPlan, l.packageId));
  return { add, notAllowed, keep, reason: notAllowed.length > 0 ? lockedPlanReason(toPlan.name) : null };
}
