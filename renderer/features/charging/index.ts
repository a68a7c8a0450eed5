/** Cobrança: what other screens may use of this feature. */
export { ChargingPage, CHARGING_TABLES } from './ChargingPage';
export { ProductCostCell } from './ProductCostDialog';
