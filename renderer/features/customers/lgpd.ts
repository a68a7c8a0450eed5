/**
 * LGPD, per customer (DOMAIN.md "Brazilian data rules"): export everything the office holds about
 * one customer, and erase it on request without leaving a licence billed on the platform. The rules
 * (which events are about the customer, how they are anonymized, when erasure may run) are in
 * shared/domain/lgpd.ts and licence.ts.
 */
import {
  customerNamesIn,
  effectiveContractIdentifier,
  effectiveLabel,
  EXPORT_HEADER,
  LGPD_EXPORT_FORMAT,
  mayHoldLicence,
  scrub,
  scrubber,
  type Customer,
  type HistoryEvent,
  type Link,
  type Package,
  type Service,
} from '../../../shared/domain';
import { ERASURE_BLOCKED_MESSAGE } from '../../../shared/domain/lgpd';
import { licenceSubject } from '../../../shared/domain/subjects';
import { db, type CustomerRow } from '../../db/db';
import { recordEvent } from '../../db/history';
import { withoutSearchKeys } from '../../db/search-keys';
import { run } from '../../data/client';
import { notifyDesiredStateChanged } from './changes';
import { cancelService, customerSubject, RepositoryError, type WriteOptions } from './repository';

export { ERASED, ERASURE_BLOCKED_MESSAGE, exportFileName, LGPD_EXPORT_FORMAT } from '../../../shared/domain';

export type CustomerExport = {
  format: typeof LGPD_EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  header: string;
  customer: Customer;
  services: Service[];
  links: Link[];
  events: HistoryEvent[];
};

// ---- which events are about a customer ----

type Holdings = {
  customer: CustomerRow;
  services: Service[];
  links: Link[];
  /** the customer's current and past names */
  names: string[];
  events: HistoryEvent[];
};

/** Reads the customer, their services, links and the events about them (inside a transaction). */
async function holdings(customerId: number): Promise<Holdings | undefined> {
  const customer = await db.customers.get(customerId);
  if (!customer) return undefined;
  const services = await db.services.where('customerId').equals(customerId).toArray();
  const links = await db.links.where('serviceId').anyOf(services.map((s) => s.id)).toArray();
  const packages = new Map((await db.packages.bulkGet([...new Set(links.map((l) => l.packageId))])).filter((p): p is Package => !!p).map((p) => [p.id, p]));
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const licenceSubjects = new Set<string>();
  for (const link of links) {
    const service = serviceById.get(link.serviceId)!;
    const contract = effectiveContractIdentifier(link, service);
    const pkg = packages.get(link.packageId);
    if (pkg) licenceSubjects.add(licenceSubject({ contractIdentifier: contract, label: effectiveLabel(link, pkg) }));
  }

  const own = customerSubject(customerId);
  // The Histórico is the office's whole audit trail: one cursor over it, no index on subject.
  const bySubject = await db.events
    .filter((e) => !!e.subject && (e.subject === own || e.subject.startsWith(`${own}/`) || licenceSubjects.has(e.subject)))
    .toArray();

  const names = new Set([customer.name, ...customerNamesIn(bySubject.filter((e) => e.subject === own).map((e) => e.message))]);

  const events = bySubject.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : (a.id ?? 0) - (b.id ?? 0)));
  return { customer, services, links, names: [...names], events };
}

// ---- export ----

/** Everything the office holds about one customer, as one JSON document; records that it was exported. */
export async function exportCustomerData(customerId: number, options: WriteOptions = {}): Promise<CustomerExport> {
  return db.transaction('rw', [db.customers, db.services, db.links, db.packages, db.events], async () => {
    const held = await holdings(customerId);
    if (!held) throw new RepositoryError('Este cliente não existe mais: ele pode ter sido excluído.', 'NOT_FOUND');
    // the search keys are indexes derived from the row, not data about the customer
    const customer = withoutSearchKeys(held.customer);
    const data: CustomerExport = {
      format: LGPD_EXPORT_FORMAT,
      version: 1,
      exportedAt: new Date().toISOString(),
      header: EXPORT_HEADER,
      customer,
      services: held.services,
      links: held.links,
      events: held.events,
    };
    await recordEvent({
      actor: options.actor ?? 'user',
      kind: 'customer.lgpd_export',
      subject: customerSubject(customerId),
      outcome: 'info',
      // LGPD: the customer is the subject (their id); no personal data in the message
      message: 'Dados do cliente exportados a pedido do titular (LGPD).',
    });
    return data;
  });
}

// ---- erasure ----


/**
 * Cancels every service of the customer that is not cancelled yet (the transmission engine then
 * cancels the licences). Returns the ids it cancelled.
 */
export async function cancelAllServices(customerId: number, options: WriteOptions = {}): Promise<string[]> {
  const services = await db.services.where('customerId').equals(customerId).toArray();
  const open = services.filter((s) => s.status !== 'cancelado');
  for (const s of open) await cancelService(s.id, { ...options, notify: false });
  if (options.notify !== false && open.length > 0) notifyDesiredStateChanged();
  return open.map((s) => s.id);
}

/**
 * Erases the customer: deletes the customer, services and links and anonymizes the history events
 * about them, in one transaction, plus one event without personal data. The events stay: the audit
 * trail of what the provider did remains. Refused while any link may still have a licence on the
 * platform (it would stay billed with nobody in the office to cancel it).
 */
export async function eraseCustomer(customerId: number, options: WriteOptions = {}): Promise<void> {
  // A pass already under way may have read this customer's links before the erasure and send a
  // grant for them afterwards; one started after the transaction below reads it after it commits.
  await transmissionIdle();
  await db.transaction('rw', [db.customers, db.services, db.links, db.packages, db.events], async () => {
    const held = await holdings(customerId);
    if (!held) throw new RepositoryError('Este cliente não existe mais: ele pode ter sido excluído.', 'NOT_FOUND');
    const onPlatform = held.links.filter(mayHoldLicence);
    if (onPlatform.length > 0) {
      throw new RepositoryError(`${ERASURE_BLOCKED_MESSAGE} Pacotes com licença na plataforma: ${onPlatform.length}.`, 'LICENCE_ON_PLATFORM', {}, { linkIds: onPlatform.map((l) => l.id) });
    }
    const patterns = scrubber(held.names, held.customer);
    const about = new Set(held.events.map((e) => e.id));

    // Events about the customer: name and identifiers. Any other event: the identifiers only, in
    // case one was written in clear (they are unique to this person; a name is not).
    const updates: { key: number; changes: Partial<HistoryEvent> }[] = [];
    await db.events.each((e) => {
      const these = about.has(e.id) ? patterns.own : patterns.identifiers;
      const message = scrub(e.message, these);
      const subject = e.subject === undefined ? undefined : scrub(e.subject, these);
      if (message !== e.message || subject !== e.subject) updates.push({ key: e.id!, changes: { message, subject } });
    });
    if (updates.length > 0) await db.events.bulkUpdate(updates);

    await db.links.bulkDelete(held.links.map((l) => l.id));
    await db.services.bulkDelete(held.services.map((s) => s.id));
    await db.customers.delete(customerId);
    await recordEvent({
      actor: options.actor ?? 'user',
      kind: 'customer.lgpd_erase',
      subject: customerSubject(customerId),
      outcome: 'info',
      message: `Dados de um cliente excluídos a pedido (LGPD). Serviços excluídos: ${held.services.length}; eventos anonimizados: ${updates.length}.`,
    });
  });
  if (options.notify !== false) notifyDesiredStateChanged();
}

/** Resolves when the host's engine is not computing a pass (at most `timeoutMs`). */
async function transmissionIdle(timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await run('sync.state', {})).passing) {
    if (Date.now() > deadline) {
      throw new RepositoryError('Uma transmissão está em cálculo agora: aguarde alguns segundos e tente excluir de novo.', 'TRANSMISSION_BUSY');
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 500));
  }
}
