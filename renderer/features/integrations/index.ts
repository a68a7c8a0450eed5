/** Configurações › Integrações › Plataformas de Conteúdo: what other screens may use of this feature. */
export { IntegrationsPage } from './IntegrationsPage';
export { INTEGRATION_TABLES, INTEGRATIONS_PATH, PRODUCT_TABLES, useIntegration, useIntegrations, useProducts } from './queries';
export { licenceStateLabels } from './StatusMapEditor';
