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

/**
 * Other ERPs' words for the same states, read as the HubSoft status that asks the same of the
 * licence. IXC prints its contracts' `status_internet` and `status` as codes or names: A Ativo,
 * D Desativado / Desistiu, CM Bloqueio Manual, CA Bloqueio Automático (by the billing rule),
 * FA Financeiro em atraso, AA Aguardando Assinatura, I Inativo, N Negativado, P Pré-contrato.
 * MK Solutions and others print plain words (Ativo, Bloqueado, Suspenso, Cancelado).
 */
const OTHER_ERPS: Record<string, ServiceStatus> = {
  ativo: 'servico_habilitado',
  habilitado: 'servico_habilitado',
  desativado: 'inativo',
  desistiu: 'cancelado',
  bloqueio_manual: 'servico_bloqueado',
  bloqueado: 'servico_bloqueado',
  suspenso: 'servico_bloqueado',
  bloqueio_automatico: 'suspenso_debito',
  financeiro_em_atraso: 'suspenso_debito',
  negativado: 'suspenso_debito',
  aguardando_assinatura: 'aguardando_assinatura_contrato',
  pre_contrato: 'aguardando_assinatura_contrato',
};
for (const [key, status] of Object.entries(OTHER_ERPS)) byKey.set(statusKey(key), status);

/** IXC's one- and two-letter codes, matched whole and in capitals as IXC exports them. */
const IXC_CODES: Record<string, ServiceStatus> = {
  A: 'servico_habilitado',
  D: 'inativo',
  CM: 'servico_bloqueado',
  CA: 'suspenso_debito',
  FA: 'suspenso_debito',
  AA: 'aguardando_assinatura_contrato',
  I: 'inativo',
  N: 'suspenso_debito',
  P: 'aguardando_assinatura_contrato',
};

/** An ERP export's status, as prefix, printed name or IXC code, case- and accent-insensitively; null if unknown. */
export function parseServiceStatus(text: string): ServiceStatus | null {
  const code = (text ?? '').trim();
  if (Object.hasOwn(IXC_CODES, code)) return IXC_CODES[code]!;
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
