/**
 * The typed subjects of history events, defined once. The Histórico filters by them and the LGPD
 * export and erasure find a customer's events by them (never by name).
 */
import type { Service } from './model';

export const customerSubject = (customerId: number) => `cliente:${customerId}`;
/** Keeps the customer in the subject, so an event stays attributable if an import moves the service. */
export const serviceSubject = (service: Pick<Service, 'id' | 'customerId'>) => `${customerSubject(service.customerId)}/servico:${service.id}`;
export const planSubject = (planId: number) => `plano:${planId}`;
export const packageSubject = (packageId: number) => `pacote:${packageId}`;
export const integrationSubject = (integrationId: string) => `integracao:${integrationId}`;
export const licenceSubject = (l: { contractIdentifier: string; label: string }) => `licenca:${l.contractIdentifier}/${l.label}`;
/** An ERP import, by the file's name (one event per import; the customers it wrote keep their own subjects). */
export const importSubject = (fileName: string) => `importacao:${fileName}`;
