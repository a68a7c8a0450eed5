/**
 * Clientes: the customer search, a customer as the detail shows them, and customer saves. Every
 * write of the customers table goes through insertCustomer/updateCustomer/deleteCustomers here, which
 * keep the search index (store/search-index.ts) in step; the ERP import and a restore reuse them (or
 * indexCustomersAfter after a bulk insert).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { HandlerTable } from '../dispatch';
import {
  MATCH_COUNT_CAP,
  type CustomerCursor,
  type CustomerDetail,
  type CustomerListRow,
  type CustomerRecord,
  type CustomerSearchResult,
  type LinkView,
  type PlatformKeeps,
  type ServiceView,
} from '../../../shared/contract/customers';
import { AppError } from '../../../shared/contract/result';
import {
  CustomerForm,
  customerSaveMessage,
  effectiveContractIdentifier,
  effectiveLabel,
  fieldErrors,
  licenceReason,
  maskDocument,
  maskEmail,
  maskPhone,
  mayHoldLicence,
  primaryPhone,
  transmittableProblems,
  type Customer,
  type Link,
} from '../../../shared/domain';
import { customerQuery, type CustomerQuery } from '../../../shared/domain/search';
import { customerSubject } from '../../../shared/domain/subjects';
import { customerOf, customerRow, linkOf, serviceOf } from '../store/rows';
import { containsAnyFilter, countContaining, indexCustomers, unindexCustomers } from '../store/search-index';
import type { Db, Engine, Tx } from '../store/store';
import type { LgpdService } from './lgpd';
import type { LinkService } from './links';
import { checkVersion, stamp, type Mutate, type Mutation } from './mutation';

export type CustomerService = ReturnType<typeof createCustomerService>;

type CustomerFields = Omit<Customer, 'id' | 'createdAt' | 'updatedAt'>;

// ---- the one writer of the customers table (search index kept in step) ----

export async function insertCustomer(m: Mutation, c: CustomerFields): Promise<number> {
  const row = await m.tx
    .insertInto('customers')
    .values({ ...customerRow({ ...c, createdAt: m.at, updatedAt: m.at }), updatedBy: m.clerk })
    .returning('id')
    .executeTakeFirstOrThrow();
  await indexCustomers(m.tx, m.engine, [row.id]);
  return row.id;
}

export async function updateCustomer(m: Mutation, id: number, c: CustomerFields & { createdAt: string }): Promise<void> {
  await m.tx
    .updateTable('customers')
    .set({ ...customerRow({ ...c, updatedAt: m.at }), ...stamp(m) })
    .where('id', '=', id)
    .execute();
  await indexCustomers(m.tx, m.engine, [id]);
}

/** Deletes customer rows (their services and links first) and their search index entries. */
export async function deleteCustomers(tx: Tx, engine: Engine, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await unindexCustomers(tx, engine, ids);
  await tx.deleteFrom('customers').where('id', 'in', [...ids]).execute();
}

// ---- reads ----

/** Versioned customer record, or undefined. */
export async function readCustomer(db: Db | Tx, id: number): Promise<CustomerRecord | undefined> {
  const r = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { ...customerOf(r), version: r.version, updatedBy: r.updatedBy };
}

const HIGHEST = '\u{10ffff}';

/** The start of the name, of the document, or the code as typed: for fewer than 3 characters. */
function shortFilter(q: CustomerQuery): Expression<SqlBool> {
  const range = (column: ReturnType<typeof sql.ref>, prefix: string) => sql`(${column} >= ${prefix} AND ${column} < ${prefix + HIGHEST})`;
  return sql<SqlBool>`(${range(sql.ref('customers.name_key'), q.namePrefix)}${
    q.documentPrefix ? sql` OR ${range(sql.ref('customers.document'), q.documentPrefix)}` : sql``
  } OR customers.code = ${q.code})`;
}

type ListColumns = { id: number; code: string | null; name: string; nameKey: string; documentType: string; document: string; emails: string; phones: string; services: number };

function listRow(r: ListColumns): CustomerListRow {
  const c = customerOf({ ...r, address: null, createdAt: '', updatedAt: '' });
  const phone = primaryPhone(c);
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    documentType: c.documentType,
    document: maskDocument(c.document),
    email: c.emails[0] ? maskEmail(c.emails[0]) : null,
    phone: phone ? maskPhone(phone) : null,
    services: Number(r.services),
    notTransmittable: transmittableProblems(c),
  };
}

/** What stays on the platform after an erasure, from the contracts this office ever sent. */
export function platformKeeps(contracts: readonly string[]): PlatformKeeps {
  if (contracts.length === 0) {
    return { contracts: [], message: 'Pelo registro do escritório, nenhum dado deste cliente chegou à plataforma.' };
  }
  const list = contracts.join(', ');
  return {
    contracts: [...contracts],
    message:
      `Na Campsoft continuam o nome, o CPF/CNPJ, o e-mail e o telefone do assinante (${contracts.length === 1 ? 'contrato' : 'contratos'} ${list}): ` +
      'a integração cancela licenças, mas não tem como excluir assinantes. Se o titular pedir a exclusão também lá, peça à Campsoft pelo canal de suporte ' +
      'ou de privacidade (encarregado/DPO) que consta no contrato do provedor com ela, informando o id_contrato.',
  };
}

/** Links whose subscriber reached the platform at least once (a confirmation or a send with unknown outcome). */
export const reachedPlatform = (l: Pick<Link, 'observed'>) => mayHoldLicence(l) || l.observed.sentHash !== undefined || l.observed.confirmedAt !== undefined;

/** A customer with services (by creation), their links and the names the detail shows. */
export async function readCustomerDetail(db: Db | Tx, id: number): Promise<CustomerDetail | null> {
  const customer = await readCustomer(db, id);
  if (!customer) return null;
  const serviceRows = await db.selectFrom('services').selectAll().where('customerId', '=', id).orderBy('createdAt').orderBy('id').execute();
  const serviceIds = serviceRows.map((s) => s.id);
  const linkRows = serviceIds.length
    ? await db.selectFrom('links').selectAll().where('serviceId', 'in', serviceIds).orderBy('createdAt').orderBy('id').execute()
    : [];
  const planIds = [...new Set(serviceRows.map((s) => s.planId))];
  const plans = new Map(
    (planIds.length ? await db.selectFrom('plans').select(['id', 'name', 'lockPackages']).where('id', 'in', planIds).execute() : []).map((p) => [p.id, p]),
  );
  const packageIds = [...new Set(linkRows.map((l) => l.packageId))];
  const packages = new Map(
    (packageIds.length ? await db.selectFrom('packages').select(['id', 'name', 'label', 'integrationId']).where('id', 'in', packageIds).execute() : []).map((p) => [p.id, p]),
  );

  const services: ServiceView[] = serviceRows.map((s) => {
    const service = serviceOf(s);
    const plan = plans.get(s.planId);
    const links: LinkView[] = linkRows
      .filter((l) => l.serviceId === s.id)
      .map((r) => {
        const link = linkOf(r);
        const pkg = packages.get(r.packageId);
        const held = mayHoldLicence(link);
        return {
          ...link,
          version: r.version,
          updatedBy: r.updatedBy,
          packageName: pkg?.name ?? null,
          integrationId: pkg?.integrationId ?? null,
          effective: {
            contractIdentifier: effectiveContractIdentifier(link, service),
            label: pkg ? effectiveLabel(link, pkg) : (link.label ?? null),
            passwordIsDefault: !link.password,
          },
          keyLocked: held,
          onPlatform: held ? licenceReason(link) : null,
        };
      });
    return { ...service, version: s.version, updatedBy: s.updatedBy, planName: plan?.name ?? null, lockPackages: plan?.lockPackages === 1, links };
  });
  const allLinks = services.flatMap((s) => s.links);
  const contracts = [...new Set(allLinks.filter(reachedPlatform).map((l) => l.effective.contractIdentifier))].sort();
  return {
    customer,
    notTransmittable: transmittableProblems(customer),
    services,
    lgpd: {
      erasable: !allLinks.some((l) => l.onPlatform !== null),
      openServices: services.filter((s) => s.status !== 'cancelado').length,
      platformKeeps: platformKeeps(contracts),
    },
  };
}

export function createCustomerService(deps: { db: Db; engine: Engine; mutate: Mutate }) {
  const { db, engine, mutate } = deps;

  return {
    /**
     * Customers in name order (name_key, id), a page at a time: `after` is the last row of the page
     * before, so every customer is reachable however many match.
     */
    async search(input: { text: string; after?: CustomerCursor; limit: number }): Promise<CustomerSearchResult> {
      const query = customerQuery(input.text);
      const total = Number((await db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      let filter: Expression<SqlBool> | null = null;
      let matching = total;
      if (query && query.contains.length > 0) {
        matching = await countContaining(db, engine, query.contains, MATCH_COUNT_CAP);
        // Many matches: walk the name index in order (see containsAnyFilter). Crossover where reading
        // each match (~matching) costs what walking to the page's end (~limit·total/matching) does.
        const walkNames = matching * matching > (input.limit * total) / 4;
        filter = containsAnyFilter(engine, query.contains, { walkNames });
      } else if (query) {
        filter = shortFilter(query);
        const capped = db.selectFrom('customers').select('id').where(filter).limit(MATCH_COUNT_CAP + 1);
        matching = Number((await db.selectFrom(capped.as('m')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      }

      let q = db
        .selectFrom('customers')
        .select(['id', 'code', 'name', 'nameKey', 'documentType', 'document', 'emails', 'phones'])
        .select((eb) => eb.selectFrom('services').select(eb.fn.countAll<number>().as('n')).whereRef('services.customerId', '=', 'customers.id').as('services'))
        .orderBy('nameKey')
        .orderBy('id')
        .limit(input.limit + 1);
      if (filter) q = q.where(filter);
      const after = input.after;
      if (after) q = q.where((eb) => eb(eb.refTuple('nameKey', 'id'), '>', eb.tuple(after.nameKey, after.id)));
      const found = await q.execute();
      const page = found.slice(0, input.limit);
      const last = page.at(-1);
      return {
        rows: page.map((r) => listRow(r as ListColumns)),
        next: found.length > input.limit && last ? { nameKey: last.nameKey, id: last.id } : null,
        counts: { customers: total, matching: Math.min(matching, MATCH_COUNT_CAP), more: matching > MATCH_COUNT_CAP },
      };
    },

    get: (id: number) => readCustomerDetail(db, id),

    /** Creates (id undefined) or updates a customer; `version` is the one the form was opened on. */
    save: (input: { id?: number; version?: number; values: unknown }) =>
      mutate(async (m) => {
        const parsed = CustomerForm.safeParse(input.values);
        if (!parsed.success) throw new AppError('VALIDATION', 'Confira os campos destacados do cliente.', { fields: fieldErrors(parsed.error) });
        const values = parsed.data;
        const owner = await m.tx.selectFrom('customers').select(['id', 'name']).where('document', '=', values.document).executeTakeFirst();
        if (owner && owner.id !== input.id) {
          const label = values.documentType === 'cnpj' ? 'CNPJ' : 'CPF';
          const message = `${label} já cadastrado para ${owner.name}.`;
          // ownerId: the form offers "Abrir o cadastro de …"
          throw new AppError('DUPLICATE_DOCUMENT', message, { fields: { document: message, ownerId: String(owner.id) } });
        }
        const before = input.id === undefined ? undefined : await readCustomer(m.tx, input.id);
        if (input.id !== undefined && !before) throw new AppError('NOT_FOUND', 'Este cliente não existe mais: pode ter sido excluído em outra mesa. Volte à lista de clientes.');
        if (before) await checkVersion(m.tx, 'customers', before.id, input.version);

        const fields: CustomerFields = {
          ...(values.code !== undefined && { code: values.code }),
          name: values.name,
          documentType: values.documentType,
          document: values.document,
          emails: values.emails,
          phones: values.phones,
          ...(values.address !== undefined && { address: values.address }),
        };
        let id: number;
        try {
          if (before) {
            id = before.id;
            await updateCustomer(m, id, { ...fields, createdAt: before.createdAt });
          } else {
            id = await insertCustomer(m, fields);
          }
        } catch (err) {
          // another desk saved the same document between the check above and this write
          if (isUniqueViolation(err, 'document')) {
            const message = `${values.documentType === 'cnpj' ? 'CNPJ' : 'CPF'} acabou de ser cadastrado em outra mesa. Busque o cliente pelo documento.`;
            throw new AppError('DUPLICATE_DOCUMENT', message, { fields: { document: message } });
          }
          throw err;
        }
        m.record({ kind: 'customer.save', subject: customerSubject(id), outcome: 'ok', message: customerSaveMessage(values.name, values.document, !before) });
        m.changed('customers');
        // The subscriber's data (name, document, e-mail, phone) goes with every link of the customer.
        if (before) {
          const integrationIds = await integrationsOfCustomer(m.tx, id);
          if (integrationIds.length > 0) m.desiredStateChanged({ integrationIds });
        }
        return (await readCustomer(m.tx, id))!;
      }),
  };
}

/** A unique index refused the write (SQLite's message, PostgreSQL's code 23505), on this column. */
function isUniqueViolation(err: unknown, column: string): boolean {
  const e = err as { message?: unknown; code?: unknown; detail?: unknown };
  const text = `${String(e?.message ?? '')} ${String(e?.detail ?? '')}`;
  return (/UNIQUE constraint failed/.test(text) || e?.code === '23505') && text.includes(column);
}

/** The integrations of a customer's live links: the ones a pass must look at after an edit. */
export async function integrationsOfCustomer(tx: Tx | Db, customerId: number): Promise<string[]> {
  const rows = await tx
    .selectFrom('links')
    .innerJoin('services', 'services.id', 'links.serviceId')
    .innerJoin('packages', 'packages.id', 'links.packageId')
    .select('packages.integrationId')
    .distinct()
    .where('services.customerId', '=', customerId)
    .execute();
  return rows.map((r) => r.integrationId);
}

/** The handlers of the Clientes commands (customers, services, links, LGPD). */
export function customersHandlers(s: { customers: CustomerService; links: LinkService; lgpd: LgpdService }): Pick<
  HandlerTable,
  | 'customers.search'
  | 'customers.get'
  | 'customers.save'
  | 'services.defaults'
  | 'services.add'
  | 'services.setStatus'
  | 'services.cancelAll'
  | 'services.migrationPreview'
  | 'services.migratePlan'
  | 'links.options'
  | 'links.add'
  | 'links.update'
  | 'links.remove'
  | 'lgpd.export'
  | 'lgpd.erase'
> {
  return {
    'customers.search': (input) => s.customers.search(input),
    'customers.get': ({ id }) => s.customers.get(id),
    'customers.save': (input) => s.customers.save(input),
    'services.defaults': ({ planId }) => s.links.serviceDefaults(planId),
    'services.add': (input) => s.links.addService(input),
    'services.setStatus': (input) => s.links.setStatus(input),
    'services.cancelAll': ({ customerId }) => s.links.cancelAll(customerId),
    'services.migrationPreview': (input) => s.links.migrationPreview(input),
    'services.migratePlan': (input) => s.links.migratePlan(input),
    'links.options': ({ serviceId }) => s.links.options(serviceId),
    'links.add': (input) => s.links.add(input),
    'links.update': (input) => s.links.update(input),
    'links.remove': (input) => s.links.remove(input),
    'lgpd.export': ({ customerId }) => s.lgpd.export(customerId),
    'lgpd.erase': ({ customerId }) => s.lgpd.erase(customerId),
  };
}
