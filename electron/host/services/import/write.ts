/**
 * Writing a confirmed import: every row of the diff inside the caller's transaction (the one
 * mutation of the apply), through the bulk fast path (store/bulk-insert.ts), then the customers'
 * search index in one INSERT … SELECT for the new ones. A failure or a cancellation anywhere
 * rolls all of it back with the transaction: an import is never half-applied.
 */
import type { ImportDiff } from '../../../../shared/import/diff';
import { insertMany, largeSearchBuffer } from '../../store/bulk-insert';
import { customerRow, planRow } from '../../store/rows';
import { indexCustomers, indexCustomersAfter } from '../../store/search-index';
import { stamp, type Mutation } from '../mutation';
import { randomUUID } from 'node:crypto';

export type WritePhase = 'write' | 'index';

export type WriteHooks = {
  /** After each chunk: progress, a turn for the event loop, and a cancellation check (it throws to stop). */
  step(phase: WritePhase, done: number, total: number): Promise<void>;
  /** How long a phase took, for the bench. */
  time?(phase: WritePhase, ms: number): void;
};

const CUSTOMER_COLUMNS = ['code', 'name', 'name_key', 'document_type', 'document', 'emails', 'phones', 'address', 'search_text', 'created_at', 'updated_at', 'updated_by'];
const SERVICE_COLUMNS = ['id', 'customer_id', 'plan_id', 'status', 'created_at', 'updated_at', 'updated_by'];
const LINK_COLUMNS = ['id', 'service_id', 'package_id', 'observed_state', 'observed', 'created_at', 'updated_at', 'updated_by'];
// Nothing sent to the platform yet (the sync engine's next pass creates the licences).
const NOT_SENT = JSON.stringify({ state: 'none' });

/** A customer's columns; written now (the diff may have been computed at the preview). */
function customerValues(c: ImportDiff['customersToAdd'][number], createdAt: string, at: string, updatedBy: string | null): unknown[] {
  const r = customerRow(c);
  return [r.code, r.name, r.nameKey, r.documentType, r.document, r.emails, r.phones, r.address, r.searchText, createdAt, at, updatedBy];
}

export type WriteOptions = {
  /** Travar Pacotes: the links a migrating service's new plan does not allow */
  lockedLinks?: 'keep' | 'remove';
  /** document → id of the customers already in the store that the file names */
  existingCustomerIds: ReadonlyMap<string, number>;
};

/** Returns the ids of the plans it created, by the name the file gave them. */
export function writeImport(m: Mutation, diff: ImportDiff, options: WriteOptions, hooks: WriteHooks): Promise<Map<string, number>> {
  // The search index in bulk mode for the whole write: PostgreSQL's is kept as the rows go in.
  return largeSearchBuffer(m.tx, m.engine, () => writeRows(m, diff, options, hooks));
}

async function writeRows(m: Mutation, diff: ImportDiff, options: WriteOptions, hooks: WriteHooks): Promise<Map<string, number>> {
  const { tx, engine, at } = m;
  const { updatedBy } = stamp(m);
  const removeLocked = options.lockedLinks === 'remove' ? diff.lockedLinks : [];
  const total = diff.plansToCreate.length + diff.customersToAdd.length + diff.customersToUpdate.length + diff.services.length + diff.links.length + removeLocked.length;
  let done = 0;
  const advance = (n: number) => {
    done += n;
    return hooks.step('write', done, total);
  };
  let started = performance.now();

  const planIds = new Map<string, number>();
  for (const name of diff.plansToCreate) {
    const row = await tx
      .insertInto('plans')
      .values({ ...planRow({ name, priceCents: 0, lockPackages: false, active: true, createdAt: at, updatedAt: at }), updatedBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    planIds.set(name, row.id);
  }
  await advance(diff.plansToCreate.length);

  // New customers: their ids come back with their documents (RETURNING), for their services.
  const highest = await tx
    .selectFrom('customers')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const before = Number(highest?.id ?? 0);
  const customerIds = new Map(options.existingCustomerIds);
  const added = await insertMany<{ id: number; document: string }>(
    tx,
    engine,
    { table: 'customers', columns: CUSTOMER_COLUMNS, returning: ['id', 'document'] },
    diff.customersToAdd.map((c) => customerValues(c, at, at, updatedBy)),
    advance,
  );
  for (const r of added) customerIds.set(r.document, Number(r.id));

  // Changed customers: what the ERP exports, over the same row (address and document stay).
  await insertMany(
    tx,
    engine,
    {
      table: 'customers',
      columns: ['id', ...CUSTOMER_COLUMNS],
      upsert: { on: ['id'], set: ['code', 'name', 'name_key', 'document_type', 'emails', 'phones', 'search_text', 'updated_at', 'updated_by'], bump: 'version' },
    },
    diff.customersToUpdate.map((c) => [c.id, ...customerValues(c, c.createdAt, at, updatedBy)]),
    advance,
  );

  // Services, new and changed (status, plan, customer) in one upsert.
  const serviceValues = diff.services.map((s) => {
    const customerId = customerIds.get(s.customerDocument);
    const planId = s.planId ?? planIds.get(s.newPlanName!);
    if (customerId === undefined || planId === undefined) throw new Error(`service ${s.id} without customer or plan`);
    return [s.id, customerId, planId, s.status, s.isNew ? at : s.createdAt, at, updatedBy];
  });
  await insertMany(
    tx,
    engine,
    { table: 'services', columns: SERVICE_COLUMNS, upsert: { on: ['id'], set: ['customer_id', 'plan_id', 'status', 'updated_at', 'updated_by'], bump: 'version' } },
    serviceValues,
    advance,
  );

  await insertMany(
    tx,
    engine,
    { table: 'links', columns: LINK_COLUMNS },
    diff.links.map((l) => [randomUUID(), l.serviceId, l.packageId, 'none', NOT_SENT, at, at, updatedBy]),
    advance,
  );

  // S12, the office chose "remove": the link ends here; the next pass cancels its licence.
  const ids = removeLocked.map((l) => l.linkId);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await tx
      .updateTable('links')
      .set({ removedAt: at, updatedAt: at, ...stamp(m) })
      .where('id', 'in', chunk)
      .execute();
    await advance(chunk.length);
  }
  hooks.time?.('write', performance.now() - started);

  started = performance.now();
  await hooks.step('index', 0, 1);
  if (added.length > 0) await indexCustomersAfter(tx, engine, before);
  await indexCustomers(
    tx,
    engine,
    diff.customersToUpdate.map((c) => c.id),
  );
  await hooks.step('index', 1, 1);
  hooks.time?.('index', performance.now() - started);
  return planIds;
}
