import { lazy, type ComponentType } from 'react';

// Each section is its own chunk: the first screen loads only the shell and the page it shows.
const ChargingPage = lazy(() => import('../features/charging/ChargingPage').then((m) => ({ default: m.ChargingPage })));
const CustomersPage = lazy(() => import('../features/customers/CustomersPage').then((m) => ({ default: m.CustomersPage })));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const HistoryPage = lazy(() => import('../features/history/HistoryPage').then((m) => ({ default: m.HistoryPage })));
const ImportPage = lazy(() => import('../features/import').then((m) => ({ default: m.ImportPage })));
const IntegrationsPage = lazy(() => import('../features/integrations').then((m) => ({ default: m.IntegrationsPage })));
const PackagesPage = lazy(() => import('../features/packages').then((m) => ({ default: m.PackagesPage })));
const PlansPage = lazy(() => import('../features/plans').then((m) => ({ default: m.PlansPage })));
const TransmissionPage = lazy(() => import('../features/transmission/TransmissionPage').then((m) => ({ default: m.TransmissionPage })));
const DatabasePage = lazy(() => import('../features/database/DatabasePage').then((m) => ({ default: m.DatabasePage })));
const WorkspacePage = lazy(() => import('../features/workspace/WorkspacePage').then((m) => ({ default: m.WorkspacePage })));

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
  {
    path: '/configuracoes/banco-de-dados',
    title: 'Banco de dados',
    trail: ['Configurações', 'Banco de dados'],
    component: DatabasePage,
  },
  { path: '/clientes', title: 'Clientes', trail: ['Clientes'], component: CustomersPage },
  { path: '/importacao', title: 'Importar do ERP', trail: ['Clientes', 'Importar do ERP'], component: ImportPage },
  { path: '/transmissoes', title: 'Transmissões', trail: ['Transmissões'], component: TransmissionPage },
  { path: '/cobranca', title: 'Cobrança', trail: ['Financeiro', 'Cobrança'], component: ChargingPage },
  { path: '/historico', title: 'Histórico', trail: ['Histórico'], component: HistoryPage },
];
