/** Histórico de Eventos: what other screens may use of this feature. */
export { HistoryPage } from './HistoryPage';
