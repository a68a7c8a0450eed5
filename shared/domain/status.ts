/**
 * Service statuses (HubSoft's prefixes, DOMAIN.md) and the licence state each one asks for (S2).
 */
import type { Integration, LicenceState, ServiceStatus, StatusMap } from './model';
import { fold } from './text';

export const serviceStatusLabels: Record<ServiceStatus, string> = {
  servico_habilitado: 'Serviço Habilitado',
  suspenso_debito: 'Suspenso por Débito',
  suspenso_parcialmente: 'Suspenso Parcialmente',
  bloqueio_temporario: 'Bloqueio Temporário',
  servico_bloqueado: 'Serviço Bloqueado',
  suspenso_judicial: 'Suspenso Judicial',
  dedicado_suspenso: 'Dedicado Suspenso',
  suspenso_pedido_cliente: 'Suspenso a Pedido do Cliente',
  franquia_excedida: 'Franquia Excedida',
  aguardando_instalacao: 'Aguardando Instalação',
  aguardando_configuracao: 'Aguardando Configuração',
  aguardando_assinatura_contrato: 'Aguardando Assinatura do Contrato',
  aguardando_liberacao_ti: 'Aguardando Liberação TI',
  aguardando_migracao: 'Aguardando Migração',
  agendado_para_instalacao: 'Agendado para Instalação',
  cancelado: 'Cancelado',
  inativo: 'Inativo',
};

export const serviceStatuses = Object.keys(serviceStatusLabels) as ServiceStatus[];

// Connectives ERPs add or drop between exports ("Suspenso por Débito" / "suspenso_debito").
const CONNECTIVES = new Set(['a', 'o', 'de', 'do', 'da', 'por']);

function statusKey(text: string): string {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !CONNECTIVES.has(word))
    .join('_');
}

const byKey = new Map<string, ServiceStatus>();
for (const status of serviceStatuses) {
  byKey.set(statusKey(status), status);
  byKey.set(statusKey(serviceStatusLabels[status]), status);
}

/** An ERP export's status, as prefix or printed name, case- and accent-insensitively; null if unknown. */
export function parseServiceStatus(text: string): ServiceStatus | null {
  return byKey.get(statusKey(text ?? '')) ?? null;
}

/** DOMAIN.md "Service statuses": the default desired licence state with S2 on. */
export const defaultStatusMap: StatusMap = {
  servico_habilitado: 'active',
  suspenso_debito: 'suspended',
  suspenso_parcialmente: 'suspended',
  bloqueio_temporario: 'suspended',
  servico_bloqueado: 'suspended',
  suspenso_judicial: 'suspended',
  dedicado_suspenso: 'suspended',
  suspenso_pedido_cliente: 'suspended',
  franquia_excedida: 'active',
  aguardando_instalacao: 'not_provisioned',
  aguardando_configuracao: 'not_provisioned',
  aguardando_assinatura_contrato: 'not_provisioned',
  aguardando_liberacao_ti: 'not_provisioned',
  aguardando_migracao: 'not_provisioned',
  agendado_para_instalacao: 'not_provisioned',
  cancelado: 'canceled',
  inativo: 'canceled',
};

export function desiredLicenceState(
  status: ServiceStatus,
  integration: Pick<Integration, 'suspendBySubscriptionStatus' | 'statusMap'>,
): LicenceState {
  const mapped = integration.statusMap[status] ?? defaultStatusMap[status];
  // S2 off: the platform is never told to suspend; ended services still cancel, pending ones still wait.
  if (!integration.suspendBySubscriptionStatus && mapped === 'suspended') return 'active';
  return mapped;
}
