/**
 * CSV exports for the ERP and for spreadsheets: `;`-delimited, saved as UTF-8 with BOM (by
 * ui/download) so Excel (pt-BR) opens accents right. Services go out in the HubSoft column names,
 * so the file imports back.
 */
import { effectiveContractIdentifier, effectiveLabel, formatPhone, serviceStatusLabels, type Link, type Package, type Plan, type Service } from '../../../shared/domain';
// The one CSV writer of every export (formula cells made text), the host's included.
import { toCsv } from '../../../shared/csv';
import type { CustomerRow } from '../../db/db';
import type { RejectedRow } from './validate';

export function customersCsv(customers: CustomerRow[]): string {
  return toCsv(
    ['codigo_cliente', 'nome_razaosocial', 'tipo_documento', 'cpf_cnpj', 'emails', 'telefones'],
    customers.map((c) => [c.code ?? '', c.name, c.documentType.toUpperCase(), c.document, c.emails.join(', '), c.phones.map(formatPhone).join(', ')]),
  );
}

export function servicesCsv(services: Service[], customers: CustomerRow[], plans: Plan[]): string {
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const planById = new Map(plans.map((p) => [p.id, p]));
  return toCsv(
    ['id_cliente_servico', 'codigo_cliente', 'nome_razaosocial', 'cpf_cnpj', 'email_principal', 'telefone_primario', 'servico', 'status_prefixo', 'status'],
    services.map((s) => {
      const c = customerById.get(s.customerId);
      return [
        s.id,
        c?.code ?? '',
        c?.name ?? '',
        c?.document ?? '',
        c?.emails.join(', ') ?? '',
        c?.phones.map(formatPhone).join(', ') ?? '',
        planById.get(s.planId)?.name ?? '',
        s.status,
        serviceStatusLabels[s.status],
      ];
    }),
  );
}

const observedNames: Record<Link['observed']['state'], string> = {
  none: 'Não transmitido',
  active: 'Ativo',
  suspended: 'Suspenso',
  canceled: 'Cancelado',
  error: 'Erro',
  blocked: 'Bloqueado (falta dado)',
};

/** Links with their effective S10 parameters; the password is never exported (LGPD). */
export function linksCsv(links: Link[], services: Service[], customers: CustomerRow[], packages: Package[]): string {
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const packageById = new Map(packages.map((p) => [p.id, p]));
  return toCsv(
    ['id_cliente_servico', 'cpf_cnpj', 'nome_razaosocial', 'pacote', 'label', 'id_contrato', 'situacao_plataforma', 'removido_em'],
    links.map((l) => {
      const s = serviceById.get(l.serviceId);
      const c = s ? customerById.get(s.customerId) : undefined;
      const p = packageById.get(l.packageId);
      return [
        l.serviceId,
        c?.document ?? '',
        c?.name ?? '',
        p?.name ?? String(l.packageId),
        p ? effectiveLabel(l, p) : (l.label ?? ''),
        effectiveContractIdentifier(l, { id: l.serviceId }),
        observedNames[l.observed.state],
        l.removedAt ?? '',
      ];
    }),
  );
}

/** Rejected lines as they were in the file, with the line number and why, to fix in the ERP. */
export function rejectedCsv(headers: string[], rejected: RejectedRow[]): string {
  return toCsv(['linha', ...headers, 'motivo'], rejected.map((r) => [String(r.line), ...headers.map((_, i) => r.cells[i] ?? ''), r.reasons.join(' | ')]));
}

export { datedName } from '../../../shared/domain/text';
