/**
 * Reading plans for any screen: live Dexie queries, never a copy in a store.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Plan } from '../../../shared/domain';
import { db } from '../../db/db';

export const PLANS_PATH = '~/configuracao/geral/servicos-planos';

/** Every plan, by name (undefined while loading). */
export function usePlans(): Plan[] | undefined {
  return useLiveQuery(() => db.plans.orderBy('name').toArray(), []);
}

export function usePlan(id: number | undefined): Plan | undefined | null {
  return useLiveQuery(async () => (id === undefined ? null : ((await db.plans.get(id)) ?? null)), [id]);
}

/**
 * Absolute link (wouter `~`) to a plan's edit screen, e.g. from the S12 explanation on a customer's
 * service: `planEditHref(3, 'pacotes')` opens the aba Pacotes where Travar Pacotes is.
 */
export function planEditHref(planId: number, tab: 'dados' | 'pacotes' = 'dados'): string {
  return `${PLANS_PATH}/${planId}/editar?aba=${tab}`;
}
