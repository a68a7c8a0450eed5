/**
 * LGPD, per customer: export everything the office holds about one customer, and erase it on request
 * without leaving a licence billed on the platform. The rules are shared/domain/lgpd.ts (what is
 * about the customer, how the history is anonymized) and licence.ts (when erasure may run).
 */
import { sql } from 'kysely';
import type { CustomerExport, ErasureResult } from '../../../shared/contract/customers';
import { AppError } from '../../../shared/contract/result';
import {
  closedMonthsMessage,
  customerNamesIn,
  effectiveContractIdentifier,
  effectiveLabel,
  ERASURE_BLOCKED_MESSAGE,
  EXPORT_HEADER,
  identifierTexts,
  LGPD_EXPORT_FORMAT,
  mayHoldLicence,
  scrub,
  scrubber,
  type HistoryEvent,
  type Link,
  type Service,
} from '../../../shared/domain';
import { customerSubject, licenceSubject } from '../../../shared/domain/subjects';
import { customerOf, eventOf, linkOf, serviceOf } from '../store/rows';
import type { Db, Tx } from '../store/store';
import { deleteCustomers, platformKeeps, reachedPlatform } from './customers';
import type { Mutate } from './mutation';

export type LgpdService = ReturnType<typeof createLgpdService>;

type Holdings = {
  customer: ReturnType<typeof customerOf>;
  services: Service[];
  links: (Link & { claimedUntil: string | null })[];
  /** effective id_contrato of each link */
  contracts: Map<string, string>;
  /** the events about the customer, oldest first */
  events: (HistoryEvent & { id: number })[];
};

/**
 * The customer, their services and links, and the events about them: subject `cliente:<id>`, any
 * subject under it (`cliente:<id>/servico:…`), and the licence subjects of their links.
 */
async function holdings(tx: Tx | Db, customerId: number): Promise<Holdings | undefined> {
  const row = await tx.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!row) return undefined;
  const services = (await tx.selectFrom('services').selectAll().where('customerId', '=', customerId).orderBy('createdAt').orderBy('id').execute()).map(serviceOf);
  const linkRows = services.length
    ? await tx.selectFrom('links').selectAll().where('serviceId', 'in', services.map((s) => s.id)).orderBy('createdAt').orderBy('id').execute()
    : [];
  const links = linkRows.map((r) => ({ ...linkOf(r), claimedUntil: r.claimedUntil }));
  const packageIds = [...new Set(links.map((l) => l.packageId))];
  const labels = new Map(
    (packageIds.length ? await tx.selectFrom('packages').select(['id', 'label']).where('id', 'in', packageIds).execute() : []).map((p) => [p.id, p.label]),
  );
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const contracts = new Map<string, string>();
  const licenceSubjects = new Set<string>();
  for (const link of links) {
    const contractIdentifier = effectiveContractIdentifier(link, serviceById.get(link.serviceId)!);
    contracts.set(link.id, contractIdentifier);
    const label = labels.get(link.packageId);
    if (label !== undefined) licenceSubjects.add(licenceSubject({ contractIdentifier, label: effectiveLabel(link, { label }) }));
  }
  const own = customerSubject(customerId);
  const events = await tx
    .selectFrom('events')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('subject', '=', own),
        // every subject that starts with "cliente:<id>/" ('0' is the character after '/'), through the
        // subject index. PostgreSQL: that index must compare bytes (COLLATE "C"), as SQLite does.
        eb.and([eb('subject', '>=', `${own}/`), eb('subject', '<', `${own}0`)]),
        ...(licenceSubjects.size > 0 ? [eb('subject', 'in', [...licenceSubjects])] : []),
      ]),
    )
    .orderBy('at')
    .orderBy('id')
    .execute();
  return {
    customer: customerOf(row),
    services,
    links,
    contracts,
    events: events.map((e) => {
      // the clerk who did it is the office's, not the customer's
      const { clerk: _clerk, ...event } = eventOf(e);
      return event;
    }),
  };
}

/**
 * The customer's lines in closed competências (charging_closings keeps each month's lines as one
 * JSON text): the closings that name their document, read and filtered. Only for an export or an
 * erasure — a closed month of 100k links is tens of MB.
 */
async function closedBilling(tx: Tx | Db, document: string): Promise<CustomerExport['billing']> {
  const needle = `%${likeText(JSON.stringify({ document }).slice(1, -1))}%`;
  const closings = await tx.selectFrom('chargingClosings').select(['competence', 'lines']).where(sql<boolean>`lines LIKE ${needle} ESCAPE ${'\\'}`).orderBy('competence').execute();
  return closings.flatMap((c) => (JSON.parse(c.lines) as CustomerExport['billing']).filter((l) => l.document === document));
}

/** Each of the customer's licences' confirmed states (Cobrança's history), oldest first. */
async function licenceHistory(tx: Tx | Db, serviceIds: readonly string[]): Promise<CustomerExport['licenceHistory']> {
  if (serviceIds.length === 0) return [];
  return tx.selectFrom('licenceEvents').select(['linkId', 'serviceId', 'state', 'at']).where('serviceId', 'in', serviceIds).orderBy('at').orderBy('id').execute();
}

/** Escapes a text for LIKE … ESCAPE '\'. */
const likeText = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createLgpdService(deps: { db: Db; mutate: Mutate }) {
  const { mutate } = deps;

  return {
    /** Everything the office holds about one customer, as one JSON document; records that it was exported. */
    export: (customerId: number) =>
      mutate(async (m): Promise<CustomerExport> => {
        const held = await holdings(m.tx, customerId);
        if (!held) throw new AppError('NOT_FOUND', 'Este cliente não existe mais: ele pode ter sido excluído.');
        m.record({
          kind: 'customer.lgpd_export',
          subject: customerSubject(customerId),
          outcome: 'info',
          // LGPD: the customer is the subject (their id); no personal data in the message
          message: 'Dados do cliente exportados a pedido do titular (LGPD).',
        });
        return {
          format: LGPD_EXPORT_FORMAT,
          version: 2,
          exportedAt: m.at,
          header: EXPORT_HEADER,
          customer: held.customer,
          services: held.services,
          links: held.links.map(({ claimedUntil: _claim, ...link }) => link),
          events: held.events,
          licenceHistory: await licenceHistory(m.tx, held.services.map((s) => s.id)),
          billing: await closedBilling(m.tx, held.customer.document),
        };
      }),

    /**
     * Erases the customer: deletes the customer (and their search index entries), services and links
     * and anonymizes the history events about them, in one transaction, plus one event without
     * personal data. The events stay: the audit trail of what the provider did remains. Refused while
     * any link may still hold a licence on the platform (it would stay billed with nobody in the
     * office to cancel it), or while a send of one is under way (claimed).
     */
    erase: (customerId: number) =>
      mutate(async (m): Promise<ErasureResult> => {
        const held = await holdings(m.tx, customerId);
        if (!held) throw new AppError('NOT_FOUND', 'Este cliente não existe mais: ele pode ter sido excluído.');
        const onPlatform = held.links.filter(mayHoldLicence);
        if (onPlatform.length > 0) {
          throw new AppError('LICENCE_ON_PLATFORM', `${ERASURE_BLOCKED_MESSAGE} Pacotes com licença na plataforma: ${onPlatform.length}.`);
        }
        if (held.links.some((l) => l.claimedUntil !== null && l.claimedUntil > m.at)) {
          throw new AppError('TRANSMISSION_BUSY', 'Uma transmissão está enviando os pacotes deste cliente agora: aguarde alguns segundos e tente excluir de novo.', { retryable: true });
        }
        const own = customerSubject(customerId);
        const names = [held.customer.name, ...customerNamesIn(held.events.filter((e) => e.subject === own).map((e) => e.message))];
        const patterns = scrubber(names, held.customer);

        // Events about the customer: names and identifiers. Any other event: the identifiers only, in
        // case one was written in clear (they are unique to this person; a name is not); the store
        // finds those candidates, the patterns decide.
        const about = new Set(held.events.map((e) => e.id));
        const identifiers = identifierTexts(held.customer).map((t) => likeText(t.toLowerCase()));
        const others = identifiers.length
          ? await m.tx
              .selectFrom('events')
              .select(['id', 'message', 'subject'])
              .where((eb) =>
                eb.or(
                  identifiers.flatMap((t) => [
                    sql<boolean>`lower(message) LIKE ${`%${t}%`} ESCAPE ${'\\'}`,
                    sql<boolean>`lower(subject) LIKE ${`%${t}%`} ESCAPE ${'\\'}`,
                  ]),
                ),
              )
              .execute()
          : [];
        let anonymized = 0;
        const candidates = [...held.events.map((e) => ({ id: e.id, message: e.message, subject: e.subject ?? null })), ...others.filter((e) => !about.has(e.id))];
        for (const e of candidates) {
          const these = about.has(e.id) ? patterns.own : patterns.identifiers;
          const message = scrub(e.message, these);
          const subject = e.subject === null ? null : scrub(e.subject, these);
          if (message === e.message && subject === e.subject) continue;
          await m.tx.updateTable('events').set({ message, subject }).where('id', '=', e.id).execute();
          anonymized++;
        }

        const contracts = [...new Set(held.links.filter(reachedPlatform).map((l) => held.contracts.get(l.id)!))].sort();
        const closedMonthsKept = [...new Set((await closedBilling(m.tx, held.customer.document)).map((l) => l.competence))].sort();
        if (held.links.length > 0) await m.tx.deleteFrom('links').where('id', 'in', held.links.map((l) => l.id)).execute();
        if (held.services.length > 0) await m.tx.deleteFrom('services').where('id', 'in', held.services.map((s) => s.id)).execute();
        await deleteCustomers(m.tx, m.engine, [customerId]);
        m.record({
          kind: 'customer.lgpd_erase',
          subject: own,
          outcome: 'info',
          message: `Dados de um cliente excluídos a pedido (LGPD). Serviços excluídos: ${held.services.length}; eventos anonimizados: ${anonymized}.`,
        });
        m.changed('customers', 'services', 'links');
        if (held.links.length > 0) m.desiredStateChanged();
        return {
          servicesDeleted: held.services.length,
          linksDeleted: held.links.length,
          eventsAnonymized: anonymized,
          platformKeeps: platformKeeps(contracts),
          closedMonthsKept,
          closedMonthsMessage: closedMonthsMessage(closedMonthsKept),
        };
      }),
  };
}
