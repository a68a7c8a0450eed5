/**
 * LGPD, per customer (DOMAIN.md "Brazilian data rules"): export everything the office holds about
 * one customer, and erase it on request without leaving a licence billed on the platform.
 *
 * Which history events are "about" a customer: the customer repository writes `cliente:<id>` on
 * customer events and `cliente:<id>/servico:<sid>` on service and package events; the transmission
 * controller writes `cliente:<id>` when it knows the customer; the conference with the platform
 * writes `licenca:<id_contrato>/<label>`. The customer's names (current and past, read back from
 * their own events) are not a subject: the erasure scrubs them from the messages of these events.
 */
import {
  effectiveContractIdentifier,
  effectiveLabel,
  formatDocument,
  formatPhone,
  IN_FLIGHT,
  maskDocument,
  maskPhone,
  type Customer,
  type HistoryEvent,
  type Link,
  type Package,
  type Service,
} from '../../../shared/domain';
import { db, type CustomerRow } from '../../db/db';
import { recordEvent } from '../../db/history';
import { withoutSearchKeys } from '../../db/search-keys';
import { useTransmission } from '../transmission/store';
import { notifyDesiredStateChanged } from './changes';
import { cancelService, customerSubject, RepositoryError, type WriteOptions } from './repository';

export const LGPD_EXPORT_FORMAT = 'sva-desk-lgpd-export';
export const ERASED = 'cliente excluído (LGPD)';

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

const EXPORT_HEADER =
  'Dados pessoais mantidos pelo provedor sobre este cliente no SVA Desk (LGPD, art. 18): cadastro, serviços, ' +
  'pacotes vinculados e o histórico de eventos sobre ele. Os pacotes incluem a senha personalizada (campo "password"), ' +
  'quando houver, por ser dado do próprio cliente; sem ela, a senha na plataforma é o CPF/CNPJ (S10).';

// ---- which events are about a customer ----

/** "Cliente cadastrado: Maria (***.982.247-**)." → "Maria": the names the customer had, scrubbed from messages on erasure. */
const SAVE_MESSAGE = /^Cliente (?:cadastrado|alterado): (.*) \([^()]*\)\.$/;

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
    if (pkg) licenceSubjects.add(`licenca:${contract}/${effectiveLabel(link, pkg)}`);
  }

  const own = customerSubject(customerId);
  // The Histórico is the office's whole audit trail: one cursor over it, no index on subject.
  const bySubject = await db.events
    .filter((e) => !!e.subject && (e.subject === own || e.subject.startsWith(`${own}/`) || licenceSubjects.has(e.subject)))
    .toArray();

  const names = new Set([customer.name]);
  for (const e of bySubject) {
    if (e.subject !== own) continue;
    const m = SAVE_MESSAGE.exec(e.message);
    if (m) names.add(m[1]);
  }

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

/** The file name carries no personal data: it stays in the download history. */
export function exportFileName(data: Pick<CustomerExport, 'customer' | 'exportedAt'>): string {
  return `lgpd-cliente-${data.customer.id}-${data.exportedAt.slice(0, 10)}.json`;
}

// ---- erasure ----

/**
 * Whether the platform may still hold a licence for this link, as the planner reads the observed
 * state: confirmed active or suspended, an error (the outcome is unknown) or a run in flight.
 * 'none', 'blocked' (never reached the network) and 'canceled' (confirmed) hold none; a removed
 * link the platform confirmed cancelled is deleted by the transmission engine and is not here.
 */
export function mayHoldLicence(link: Pick<Link, 'observed'>): boolean {
  const o = link.observed;
  return o.error?.code === IN_FLIGHT || o.state === 'active' || o.state === 'suspended' || o.state === 'error';
}

/** Why a link blocks erasure, in the office's words. */
export function licenceReason(link: Pick<Link, 'observed'>): string {
  const o = link.observed;
  if (o.error?.code === IN_FLIGHT) return 'transmissão em andamento';
  if (o.state === 'active') return 'licença ativa na plataforma';
  if (o.state === 'suspended') return 'licença suspensa na plataforma (continua existindo)';
  return 'a última transmissão falhou: a plataforma pode ter a licença';
}

export const ERASURE_BLOCKED_MESSAGE =
  'Cancele os serviços do cliente; quando a plataforma confirmar o cancelamento das licenças, a exclusão fica disponível.';

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

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every way the customer's identifiers appear in text: clear, formatted and masked. */
function identifierPatterns(customer: CustomerRow): RegExp[] {
  const doc = customer.document;
  const texts = new Set<string>([doc, formatDocument(customer.documentType, doc), maskDocument(doc)]);
  for (const e of customer.emails) texts.add(e);
  for (const p of customer.phones) {
    for (const t of [formatPhone(p), maskPhone(p), `${p.ddi}${p.ddd}${p.number}`, `${p.ddd}${p.number}`, p.number]) texts.add(t);
  }
  return [...texts]
    .filter((t) => t.length >= 8) // a bare 4-digit tail would erase unrelated numbers
    .sort((a, b) => b.length - a.length)
    .map((t) => new RegExp(escape(t), 'gi'));
}

// Masked documents (also past ones, e.g. before the CPF was corrected) in this customer's own events.
const MASKED_DOCUMENTS = [/\*\*\*\.[0-9]{3}\.[0-9]{3}-\*\*/g, /\*\*\.[0-9A-Z]{3}\.[0-9A-Z]{3}\/\*\*\*\*-\*\*/g];

function scrub(text: string, patterns: readonly RegExp[]): string {
  return patterns.reduce((t, p) => t.replace(p, ERASED), text);
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
    const names = held.names
      .filter((n) => n.trim().length > 0)
      .sort((a, b) => b.length - a.length)
      .map((n) => new RegExp(escape(n), 'gi'));
    const identifiers = identifierPatterns(held.customer);
    const about = new Set(held.events.map((e) => e.id));
    const ownPatterns = [...names, ...identifiers, ...MASKED_DOCUMENTS];

    // Events about the customer: name and identifiers. Any other event: the identifiers only, in
    // case one was written in clear (they are unique to this person; a name is not).
    const updates: { key: number; changes: Partial<HistoryEvent> }[] = [];
    await db.events.each((e) => {
      const patterns = about.has(e.id) ? ownPatterns : identifiers;
      const message = scrub(e.message, patterns);
      const subject = e.subject === undefined ? undefined : scrub(e.subject, patterns);
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

/** Resolves when no reconcile pass is running (at most `timeoutMs`), in the same tick as the check. */
async function transmissionIdle(timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (useTransmission.getState().passing) {
    if (Date.now() > deadline) {
      throw new RepositoryError('Uma transmissão está em cálculo agora: aguarde alguns segundos e tente excluir de novo.', 'TRANSMISSION_BUSY');
    }
    await new Promise<void>((resolve) => {
      const stop = useTransmission.subscribe((s) => {
        if (!s.passing) {
          stop();
          resolve();
        }
      });
      setTimeout(() => {
        stop();
        resolve();
      }, 500);
    });
  }
}
