/**
 * The one answer to "may the platform still hold a licence under this link's key?", read from the
 * link's observed state (what the platform last confirmed). The planner decides what to send by it,
 * the drift check compares by it, a link's id_contrato and label are fixed by it (S10), and an LGPD
 * erasure waits on it: a licence the office forgets stays billed on the platform.
 */
import type { Link, ObservedState } from './model';

/** error.code of the mark written on a link just before its plan is sent (planner's markInFlight). */
export const IN_FLIGHT = 'IN_FLIGHT';

/**
 * How the platform's side of a link reads: 'unknown' after an error or an interrupted send (the
 * outcome is not known, so a licence may exist); 'absent' when nothing reached the platform
 * ('none', 'blocked') or its licence is confirmed cancelled (as good as none: not billed).
 */
export type LicenceSeen = 'absent' | 'active' | 'suspended' | 'unknown';

export function licenceSeen(observed: ObservedState): LicenceSeen {
  if (observed.error?.code === IN_FLIGHT) return 'unknown';
  switch (observed.state) {
    case 'active':
      return 'active';
    case 'suspended':
      return 'suspended';
    case 'error':
      return 'unknown';
    default:
      return 'absent';
  }
}

/** Whether the platform may hold (and bill) a licence for this link. */
export function mayHoldLicence(link: Pick<Link, 'observed'>): boolean {
  return licenceSeen(link.observed) !== 'absent';
}

/** Why a link may still hold a licence, in the office's words (lists of what blocks an erasure). */
export function licenceReason(link: Pick<Link, 'observed'>): string {
  const o = link.observed;
  if (o.error?.code === IN_FLIGHT) return 'transmissão em andamento';
  if (o.state === 'active') return 'licença ativa na plataforma';
  if (o.state === 'suspended') return 'licença suspensa na plataforma (continua existindo)';
  return 'a última transmissão falhou: a plataforma pode ter a licença';
}

/** The platform's key of a licence on one integration: (contract_identifier, label). */
export type LicenceKey = { contractIdentifier: string; label: string };

/**
 * S3 reading (DOMAIN.md): never two live links with the same key on one integration. The message
 * when another link (of service `serviceId`) already holds it.
 */
export function duplicateKeyMessage(key: LicenceKey, serviceId: string): string {
  return (
    `Já existe um pacote com id_contrato "${key.contractIdentifier}" e label "${key.label}" nesta integração ` +
    `(serviço ${serviceId}). A plataforma identifica a licença por esse par: informe outro id_contrato ou outro label.`
  );
}

/**
 * S10: id_contrato and label name the licence on the platform. Changing them while it may hold one
 * would leave that licence behind, still billed: the refusal (and the field it belongs to), or null.
 */
export function keyChangeRefusal(link: Pick<Link, 'observed'>, before: LicenceKey, after: LicenceKey): { message: string; field: 'contractIdentifier' | 'label' } | null {
  if (!mayHoldLicence(link)) return null;
  if (before.contractIdentifier === after.contractIdentifier && before.label === after.label) return null;
  return {
    message:
      `Este pacote já foi transmitido com id_contrato ${before.contractIdentifier} e label ${before.label}. ` +
      'Para mudar esses dois, remova o pacote (a licença é cancelada na plataforma) e vincule-o de novo.',
    field: before.contractIdentifier !== after.contractIdentifier ? 'contractIdentifier' : 'label',
  };
}
