/**
 * Reading plans for any screen: host queries (plans.list / plans.get), refreshed when the host
 * announces a change to the plans.
 */
import type { PlanRecord } from '../../../shared/contract';
import { useHostQuery } from '../../data/client';

export const PLANS_PATH = '~/configuracao/geral/servicos-planos';

/** What the plan commands read: a change to any of these refreshes them. */
export const PLAN_TABLES = ['plans'] as const;

/** Every plan, by name (undefined while loading). */
export function usePlans(): PlanRecord[] | undefined {
  return useHostQuery('plans.list', {}, PLAN_TABLES).data;
}

/** One plan; null when `id` is undefined or the plan does not exist; undefined while loading. */
export function usePlan(id: number | undefined): PlanRecord | undefined | null {
  const plan = useHostQuery('plans.get', id === undefined ? null : { id }, PLAN_TABLES);
  return id === undefined ? null : plan.data;
}

/**
 * Absolute link (wouter `~`) to a plan's edit screen, e.g. from the S12 explanation on a customer's
 * service: `planEditHref(3, 'pacotes')` opens the aba Pacotes where Travar Pacotes is.
 */
export function planEditHref(planId: number, tab: 'dados' | 'pacotes' = 'dados'): string {
  return `${PLANS_PATH}/${planId}/editar?aba=${tab}`;
}
