/**
 * Writing a confirmed import into Dexie. All of it runs in ONE transaction, written in chunks so the
 * progress bar moves: a failure anywhere (a chunk, the event) rolls everything back — an import is
 * never half-applied.
 */
import { db } from '../../db/db';
import { recordEvent } from '../../db/history';
import { count, newId } from '../../ui/format';
import { notifyDesiredStateChanged } from '../customers/changes';
import type { ImportDiff, Existing, LinkWrite, PlanResolution, ServiceWrite } from './diff';
import { countsSummary } from '../../../shared/import/summary';

export { countsSummary };
import { planNameKey } from '../../../shared/import/validate';

export const CHUNK_SIZE = 2_000;
/**
 * Chunks handed to IndexedDB before the first of them is confirmed. With one at a time the database
 * idles while the page prepares the next chunk and the page idles while the database writes; a few
 * in flight keep both busy, and the page still gets a turn between chunks to repaint the progress.
 */
export const CHUNKS_IN_FLIGHT = 3;
export const PLAN_MAPPING_SETTING = 'import.planMapping';

export async function loadExisting(): Promise<Existing> {
  const [customers, services, links, plans, packages, integrations] = await Promise.all([
    db.customers.toArray(),
    db.services.toArray(),
    db.links.toArray(),
    db.plans.toArray(),
    db.packages.toArray(),
    db.integrations.toArray(),
  ]);
  return { customers, services, links, plans, packages, integrations };
}

export async function loadRememberedPlans(): Promise<Record<string, number>> {
  const row = await db.settings.get(PLAN_MAPPING_SETTING);
  return (row?.value as Record<string, number> | undefined) ?? {};
}

export type ApplyOptions = {
  fileName: string;
  resolution: PlanResolution;
  rejected: number;
  onProgress?: (done: number, total: number) => void;
};

/** Writes `items` in chunks, a few chunks in flight; resolves with each chunk's result, in order. */
async function inChunks<T, R>(items: T[], write: (chunk: T[]) => Promise<R>, done: (n: number) => void): Promise<R[]> {
  const results: R[] = [];
  const all: Promise<void>[] = [];
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < items.length; i += CHUNK_SIZE) {
    const chunk = items.slice(i, i + CHUNK_SIZE);
    const at = i / CHUNK_SIZE;
    const written = write(chunk).then((r) => {
      results[at] = r;
      done(chunk.length);
    });
    all.push(written);
    inFlight.add(written);
    const settle = () => inFlight.delete(written);
    void written.then(settle, settle);
    if (inFlight.size >= CHUNKS_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(all);
  return results;
}

export async function applyImport(diff: ImportDiff, opts: ApplyOptions): Promise<void> {
  const total = diff.plansToCreate.length + diff.customersToAdd.length + diff.customersToUpdate.length + diff.services.length + diff.links.length;
  let done = 0;
  const step = (n: number) => {
    done += n;
    opts.onProgress?.(done, total);
  };
  const now = new Date().toISOString();

  await db.transaction('rw', [db.plans, db.customers, db.services, db.links, db.events, db.settings], async () => {
    const planIds = new Map<string, number>();
    for (const name of diff.plansToCreate) {
      const id = await db.plans.add({ name, priceCents: 0, defaultPackages: [], lockPackages: false, active: true, createdAt: now, updatedAt: now });
      planIds.set(name, id as number);
    }
    step(diff.plansToCreate.length);

    const customerIds = new Map<string, number>();
    const added = await inChunks(diff.customersToAdd, (chunk) => db.customers.bulkAdd(chunk, { allKeys: true }), step);
    added.flat().forEach((id, k) => customerIds.set(diff.customersToAdd[k].document, id as number));
    await inChunks(diff.customersToUpdate, (chunk) => db.customers.bulkPut(chunk), step);

    // Services of customers already in the workspace: their ids, read once for the documents needed.
    const missing = [...new Set(diff.services.map((s) => s.customerDocument).filter((d) => !customerIds.has(d)))];
    for (let i = 0; i < missing.length; i += CHUNK_SIZE) {
      const found = await db.customers.where('document').anyOf(missing.slice(i, i + CHUNK_SIZE)).toArray();
      for (const c of found) customerIds.set(c.document, c.id);
    }

    const serviceRow = (s: ServiceWrite) => {
      const customerId = customerIds.get(s.customerDocument);
      const planId = s.planId ?? planIds.get(s.newPlanName!);
      if (customerId === undefined || planId === undefined) {
        throw new Error(`O serviço ${s.id} ficou sem cliente ou plano: os dados mudaram durante a importação. Gere a prévia de novo.`);
      }
      return { id: s.id, customerId, planId, status: s.status, createdAt: s.createdAt, updatedAt: now };
    };
    await inChunks(diff.services, (chunk) => db.services.bulkPut(chunk.map(serviceRow)), step);

    const linkRow = (l: LinkWrite) => ({ id: newId(), serviceId: l.serviceId, packageId: l.packageId, observed: { state: 'none' as const }, createdAt: now, updatedAt: now });
    await inChunks(diff.links, (chunk) => db.links.bulkAdd(chunk.map(linkRow)), step);

    // Remember the plan choices so the same file maps the same way next time.
    const remembered = { ...(((await db.settings.get(PLAN_MAPPING_SETTING))?.value as Record<string, number> | undefined) ?? {}) };
    for (const [name, choice] of Object.entries(opts.resolution)) {
      const id = choice.kind === 'existing' ? choice.planId : planIds.get(name);
      if (id !== undefined) remembered[planNameKey(name)] = id;
    }
    await db.settings.put({ key: PLAN_MAPPING_SETTING, value: remembered });

    const rejected = opts.rejected > 0 ? ` ${count(opts.rejected, 'linha rejeitada não foi importada', 'linhas rejeitadas não foram importadas')}.` : '';
    await recordEvent({
      actor: 'user',
      kind: 'import.erp',
      subject: opts.fileName,
      outcome: 'ok',
      message: `Importação do ERP (${opts.fileName}): ${countsSummary(diff.counts)}.${rejected}`,
    });
  });
  if (total === 0) opts.onProgress?.(0, 0);
  // The transmission controller recomputes what to send to the platform.
  notifyDesiredStateChanged();
}
