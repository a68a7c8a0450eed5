/** Configuração › Geral › Serviços/Planos: what other screens may use of this feature. */
export { PlansPage } from './PlansPage';
export { PLAN_TABLES, PLANS_PATH, planEditHref, usePlan, usePlans } from './queries';
