import type { ComponentType } from 'react';
import { CustomersPage } from '../features/customers/CustomersPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { HistoryPage } from '../features/history/HistoryPage';
import { ImportPage } from '../features/import/ImportPage';
import { IntegrationsPage } from '../features/integrations/IntegrationsPage';
import { PackagesPage } from '../features/packages/PackagesPage';
import { PlansPage } from '../features/plans/PlansPage';
import { TransmissionPage } from '../features/transmission/TransmissionPage';
import { WorkspacePage } from '../features/workspace/WorkspacePage';

export type Section = {
  path: string;
  title: string;
  /** The ERP menu path staff already know, shown as breadcrumbs. */
  trail: string[];
  component: ComponentType;
};

export const sections: Section[] = [
  { path: '/', title: 'Painel', trail: ['Painel'], component: DashboardPage },
  {
    path: '/configuracoes/integracoes/plataformas-de-conteudo',
    title: 'Plataformas de Conteúdo',
    trail: ['Configurações', 'Integrações', 'Plataformas de Conteúdo'],
    component: IntegrationsPage,
  },
  { path: '/configuracao/geral/pacotes', title: 'Pacotes', trail: ['Configuração', 'Geral', 'Pacotes'], component: PackagesPage },
  {
    path: '/configuracao/geral/servicos-planos',
    title: 'Serviços/Planos',
    trail: ['Configuração', 'Geral', 'Serviços/Planos'],
    component: PlansPage,
  },
  {
    path: '/configuracoes/backup',
    title: 'Backup e restauração',
    trail: ['Configurações', 'Backup e restauração'],
    component: WorkspacePage,
  },
  { path: '/clientes', title: 'Clientes', trail: ['Clientes'], component: CustomersPage },
  { path: '/importacao', title: 'Importar do ERP', trail: ['Clientes', 'Importar do ERP'], component: ImportPage },
  { path: '/transmissoes', title: 'Transmissões', trail: ['Transmissões'], component: TransmissionPage },
  { path: '/historico', title: 'Histórico', trail: ['Histórico'], component: HistoryPage },
];
