/** Clientes › Importar do ERP (and the ERP exports): what other screens may use of this feature. */
export { ImportPage } from './ImportPage';
