/**
 * Ações em massa: one package action on many services, previewed, confirmed, and applied row by row
 * with the single action's own checks and writes (links.ts: checkLinkPackage/linkPackage,
 * checkLinkParams/changeLinkParams, unlinkPackage), so S10, S11 and S12 hold exactly as when a
 * clerk links one package. The host resolves the target (a plan, a search, a selection, a file's
 * ids); the preview and the result live here in memory and are read a page at a time. Applying
 * writes in transactions of CHUNK rows through the mutation wrapper, yielding between them so the
 * host keeps answering, with one history event per row and one pass asked for at the end.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import {
  BULK_PAGE,
  MAX_BULK_ROWS,
  type BulkAction,
  type BulkCounts,
  type BulkOutcome,
  type BulkRow,
  type BulkRowsPage,
  type BulkSummary,
  type BulkTarget,
} from '../../../shared/contract/bulk';
import { AppError } from '../../../shared/contract/result';
import { packagesAttachedToNewService, packagesOnNewService, type Package, type Plan, type Service } from '../../../shared/domain';
import { serviceSubject } from '../../../shared/domain/subjects';
import { count } from '../../../shared/domain/text';
import type { HandlerTable } from '../dispatch';
import type { Clock, Emit } from '../ports';
import { linkOf, serviceOf } from '../store/rows';
import type { Db, Tx } from '../store/store';
import type { CustomerService } from './customers';
import { changeLinkParams, checkLinkPackage, checkLinkParams, linkPackage, parseLinkParams, requirePackage, requirePlan, unlinkPackage, type LinkParams } from './links';
import type { Mutate, Mutation } from './mutation';

/** Rows per transaction: 1,000 rows are four short writes, and the host answers between them. */
export const CHUNK = 250;
const KEEP_SESSIONS = 5;
const TTL_MS = 30 * 60_000;
/** in every row's event, so the history tells a bulk action from a single one */
const NOTE = ' (ação em massa)';

type Item = {
  line: number | null;
  serviceId: string;
  service: (Service & { customerName: string }) | null;
  /** a repeated id of the file: reported once, handled once */
  repeatOf: number | null;
  packageId: number | null;
};

type Session = {
  id: string;
  target: BulkTarget;
  action: BulkAction;
  title: string;
  targetLabel: string;
  state: BulkSummary['state'];
  services: number;
  packages: { pkg: Package; mandatory: boolean | null; included: boolean }[];
  items: Item[];
  rows: BulkRow[];
  touched: number;
};

type Outcome = { outcome: BulkOutcome; message: string };

const emptyCounts = (): BulkCounts => ({ pending: 0, done: 0, already: 0, refused: 0, unknown: 0 });

const actionKind: Record<BulkAction['kind'], string> = { planDefaults: 'link.add', link: 'link.add', unlink: 'link.remove', params: 'link.params' };

const paramNames = (p: { password?: string; contractIdentifier?: string; label?: string }) =>
  [p.password !== undefined && 'senha', p.contractIdentifier !== undefined && 'id_contrato', p.label !== undefined && 'label'].filter((n): n is string => Boolean(n));

export type BulkService = ReturnType<typeof createBulkService>;

export function createBulkService(deps: { db: Db; mutate: Mutate; customers: CustomerService; emit: Emit; clock: Clock }) {
  const { db, mutate } = deps;
  const sessions = new Map<string, Session>();

  function session(id: string): Session {
    const s = sessions.get(id);
    if (!s) throw new AppError('BULK_GONE', 'Esta prévia não está mais disponível (expirou ou foi descartada). Faça a prévia de novo.');
    s.touched = deps.clock.now();
    return s;
  }

  function keep(s: Session) {
    const now = deps.clock.now();
    for (const [id, old] of sessions) if (old.state !== 'applying' && now - old.touched > TTL_MS) sessions.delete(id);
    sessions.set(s.id, s);
    const idle = [...sessions.values()].filter((x) => x.state !== 'applying');
    for (const old of idle.slice(0, Math.max(0, sessions.size - KEEP_SESSIONS))) sessions.delete(old.id);
  }

  // ---- the target: which services ----

  type ServiceRow = Service & { customerName: string };

  async function servicesWhere(tx: Db | Tx, column: 'planId' | 'customerId' | 'id', values: readonly (string | number)[]): Promise<ServiceRow[]> {
    const out: ServiceRow[] = [];
    for (let i = 0; i < values.length; i += 500) {
      const part = values.slice(i, i + 500);
      const rows = await tx
        .selectFrom('services')
        .innerJoin('customers', 'customers.id', 'services.customerId')
        .selectAll('services')
        .select('customers.name as customerName')
        .where(`services.${column}`, 'in', part as never[])
        .orderBy('customers.nameKey')
        .orderBy('services.id')
        .execute();
      out.push(...rows.map((r) => ({ ...serviceOf(r), customerName: r.customerName })));
    }
    return out;
  }

  async function customerIdsOfSearch(text: string): Promise<number[]> {
    const ids: number[] = [];
    let after: Parameters<CustomerService['search']>[0]['after'];
    for (;;) {
      const page = await deps.customers.search({ text, limit: 1000, ...(after && { after }) });
      ids.push(...page.rows.map((r) => r.id));
      if (!page.next) return ids;
      after = page.next;
      if (ids.length > MAX_BULK_ROWS) return ids;
    }
  }

  async function resolveTarget(target: BulkTarget): Promise<{ items: Omit<Item, 'packageId'>[]; label: string; plan: Plan | null }> {
    const asItems = (rows: ServiceRow[]) => rows.map((service) => ({ line: null, serviceId: service.id, service, repeatOf: null }));
    switch (target.kind) {
      case 'plan': {
        const plan = await requirePlan(db, target.planId);
        const rows = await db
          .selectFrom('services')
          .innerJoin('customers', 'customers.id', 'services.customerId')
          .selectAll('services')
          .select('customers.name as customerName')
          .where('services.planId', '=', plan.id)
          .orderBy('customers.nameKey')
          .orderBy('services.id')
          .execute();
        return { items: asItems(rows.map((r) => ({ ...serviceOf(r), customerName: r.customerName }))), label: `serviços do plano ${plan.name}`, plan };
      }
      case 'search': {
        const ids = await customerIdsOfSearch(target.text);
        const label = target.text.trim() ? `clientes encontrados na busca “${target.text.trim()}”` : 'todos os clientes';
        return { items: asItems(await servicesWhere(db, 'customerId', ids)), label, plan: null };
      }
      case 'customers': {
        const ids = [...new Set(target.customerIds)];
        return { items: asItems(await servicesWhere(db, 'customerId', ids)), label: count(ids.length, 'cliente selecionado', 'clientes selecionados'), plan: null };
      }
      case 'services': {
        const known = new Map((await servicesWhere(db, 'id', [...new Set(target.serviceIds)])).map((s) => [s.id, s]));
        const first = new Map<string, number>();
        const items = target.serviceIds.map((serviceId, i) => {
          const line = target.lines?.[i] ?? i + 1;
          const repeatOf = first.get(serviceId) ?? null;
          if (repeatOf === null) first.set(serviceId, line);
          return { line, serviceId, service: known.get(serviceId) ?? null, repeatOf };
        });
        return { items, label: target.fileName ? `serviços do arquivo ${target.fileName}` : count(items.length, 'serviço do arquivo', 'serviços do arquivo'), plan: null };
      }
    }
  }

  // ---- one row: the single action's checks (preview) or its checks and writes (apply) ----

  /** Plans read once per transaction (one preview, or one chunk of an apply), never across them. */
  type Plans = Map<number, Plan>;
  async function planFor(tx: Db | Tx, plans: Plans, planId: number): Promise<Plan> {
    const hit = plans.get(planId);
    if (hit) return hit;
    const plan = await requirePlan(tx, planId);
    plans.set(planId, plan);
    return plan;
  }

  const liveLinks = (tx: Db | Tx, serviceId: string, packageId: number) =>
    tx.selectFrom('links').selectAll().where('serviceId', '=', serviceId).where('packageId', '=', packageId).where('removedAt', 'is', null).orderBy('createdAt').execute();

  function mergedParams(link: { password?: string; contractIdentifier?: string; label?: string }, given: { password?: string; contractIdentifier?: string; label?: string }): LinkParams {
    return parseLinkParams({
      password: given.password ?? link.password,
      contractIdentifier: given.contractIdentifier ?? link.contractIdentifier,
      label: given.label ?? link.label,
    });
  }

  async function runRow(tx: Db | Tx, plans: Plans, at: string, service: Service, pkg: Package, action: BulkAction, m?: Mutation): Promise<Outcome> {
    const live = await liveLinks(tx, service.id, pkg.id);
    try {
      switch (action.kind) {
        case 'planDefaults':
        case 'link': {
          if (live.length > 0) return { outcome: 'already', message: `Já tinha o pacote ${pkg.name}: nada a fazer.` };
          const plan = await planFor(tx, plans, service.planId);
          if (!m) {
            const { contractIdentifier, label } = await checkLinkPackage(tx, at, service, plan, pkg, {});
            return { outcome: 'pending', message: `Vincular ${pkg.name} (id_contrato ${contractIdentifier}, label ${label}).` };
          }
          await linkPackage(m, service, plan, pkg, {}, NOTE);
          return { outcome: 'done', message: `Pacote ${pkg.name} vinculado; será transmitido na próxima transmissão.` };
        }
        case 'unlink': {
          if (live.length === 0) return { outcome: 'already', message: `Não tinha o pacote ${pkg.name}: nada a remover.` };
          if (!m) return { outcome: 'pending', message: `Remover ${pkg.name}; a licença será cancelada na plataforma.` };
          for (const row of live) await unlinkPackage(m, linkOf(row), NOTE);
          return { outcome: 'done', message: `Pacote ${pkg.name} removido; a licença será cancelada na plataforma.` };
        }
        case 'params': {
          const row = live[0];
          if (!row) return { outcome: 'refused', message: `Não tem o pacote ${pkg.name}: vincule-o antes de alterar os parâmetros.` };
          const link = linkOf(row);
          const values = mergedParams(link, action.params);
          const changed = await checkLinkParams(tx, link, service, pkg, values);
          if (changed.length === 0) return { outcome: 'already', message: `Os parâmetros do pacote ${pkg.name} já são esses: nada a alterar.` };
          if (!m) return { outcome: 'pending', message: `Alterar ${changed.join(', ')} do pacote ${pkg.name}.` };
          await changeLinkParams(m, link, service, pkg, values, NOTE);
          return { outcome: 'done', message: `Alterado ${changed.join(', ')} do pacote ${pkg.name}.` };
        }
      }
    } catch (err) {
      // the refusal the single action shows (S12, a key already used, a package inactive, …)
      if (err instanceof AppError) return { outcome: 'refused', message: err.message };
      throw err;
    }
  }

  function rowOf(item: Item, s: Session, o: Outcome): BulkRow {
    const pkg = s.packages.find((p) => p.pkg.id === item.packageId)?.pkg;
    return {
      line: item.line,
      serviceId: item.serviceId,
      customerId: item.service?.customerId ?? null,
      customerName: item.service?.customerName ?? null,
      packageName: pkg?.name ?? null,
      ...o,
    };
  }

  /** The rows a service item does not get to run: unknown ids and a file's repeats. */
  function notRun(item: Item): Outcome | null {
    if (item.repeatOf !== null) return { outcome: 'already', message: `Repetido no arquivo (já na linha ${item.repeatOf}): tratado uma vez.` };
    if (!item.service) return { outcome: 'unknown', message: `Serviço ${item.serviceId} não encontrado no SVA Desk: confira o id_cliente_servico no ERP ou importe o cliente antes.` };
    return null;
  }

  function summary(s: Session): BulkSummary {
    const counts = emptyCounts();
    const byPackage = new Map(s.packages.map((p) => [p.pkg.id, emptyCounts()]));
    s.rows.forEach((row, i) => {
      counts[row.outcome]++;
      const pid = s.items[i]!.packageId;
      if (pid !== null) byPackage.get(pid)![row.outcome]++;
    });
    return {
      bulkId: s.id,
      title: s.title,
      targetLabel: s.targetLabel,
      state: s.state,
      services: s.services,
      rows: s.rows.length,
      counts,
      packages: s.packages.map((p) => ({ packageId: p.pkg.id, name: p.pkg.name, mandatory: p.mandatory, included: p.included, counts: byPackage.get(p.pkg.id)! })),
    };
  }

  async function packagesOf(action: BulkAction, plan: Plan | null): Promise<Session['packages']> {
    if (action.kind !== 'planDefaults') return [{ pkg: await requirePackage(db, action.packageId), mandatory: null, included: true }];
    if (!plan) throw new AppError('VALIDATION', 'Os pacotes padrão se aplicam aos serviços de um plano: abra a ação pelo plano, em Serviços/Planos.');
    // S11: the mandatory defaults always, the optional ones the clerk chose (as when a service is added)
    const attached = new Set(packagesAttachedToNewService(plan, action.keptOptionalPackageIds));
    const out: Session['packages'] = [];
    for (const d of packagesOnNewService(plan)) out.push({ pkg: await requirePackage(db, d.packageId), mandatory: d.mandatory, included: attached.has(d.packageId) });
    return out;
  }

  function titleOf(action: BulkAction, plan: Plan | null, packages: Session['packages']): string {
    const name = packages[0]?.pkg.name ?? '';
    switch (action.kind) {
      case 'planDefaults':
        return `Aplicar os pacotes padrão do plano ${plan!.name} aos serviços existentes`;
      case 'link':
        return `Vincular o pacote ${name}`;
      case 'unlink':
        return `Remover o pacote ${name}`;
      case 'params':
        return `Alterar ${paramNames(action.params).join(', ')} do pacote ${name}`;
    }
  }

  return {
    async preview(input: { target: BulkTarget; action: BulkAction }): Promise<BulkSummary> {
      const { action } = input;
      if (action.kind === 'params') {
        if (paramNames(action.params).length === 0) throw new AppError('VALIDATION', 'Escolha o que alterar: senha, id_contrato ou label.', { fields: { params: 'Escolha ao menos um parâmetro.' } });
        // the same field rules as one link's form, with their messages next to the fields
        parseLinkParams(action.params);
      }
      const plans: Plans = new Map();
      const { items: services, label, plan } = await resolveTarget(input.target);
      const packages = await packagesOf(action, plan);
      const included = packages.filter((p) => p.included);
      const items: Item[] = services.flatMap((it): Item[] => (notRun({ ...it, packageId: null }) ? [{ ...it, packageId: null }] : included.map((p) => ({ ...it, packageId: p.pkg.id }))));
      if (items.length > MAX_BULK_ROWS) {
        throw new AppError('TOO_MANY_ROWS', `A ação alcançaria ${count(items.length, 'serviço', 'serviços')}: o limite é ${MAX_BULK_ROWS.toLocaleString('pt-BR')} por vez. Refine a busca ou divida o arquivo.`);
      }
      const s: Session = {
        id: randomUUID(),
        target: input.target,
        action,
        title: titleOf(action, plan, packages),
        targetLabel: label,
        state: 'preview',
        services: services.filter((it) => it.service && it.repeatOf === null).length,
        packages,
        items,
        rows: [],
        touched: deps.clock.now(),
      };
      const at = new Date(deps.clock.now()).toISOString();
      for (const [i, item] of items.entries()) {
        const pkg = packages.find((p) => p.pkg.id === item.packageId)?.pkg;
        s.rows.push(rowOf(item, s, notRun(item) ?? (await runRow(db, plans, at, item.service!, pkg!, action))));
        if (i % CHUNK === CHUNK - 1) await nextTurn();
      }
      keep(s);
      return summary(s);
    },

    rows(input: { bulkId: string; outcome?: BulkOutcome; offset: number; limit: number }): BulkRowsPage {
      const s = session(input.bulkId);
      const rows = input.outcome ? s.rows.filter((r) => r.outcome === input.outcome) : s.rows;
      return { rows: rows.slice(input.offset, input.offset + (input.limit || BULK_PAGE)), total: rows.length };
    },

    async apply(input: { bulkId: string }): Promise<BulkSummary> {
      const s = session(input.bulkId);
      if (s.state !== 'preview') return summary(s);
      s.state = 'applying';
      const integrationIds = new Set<string>();
      const total = s.items.length;
      try {
        for (let start = 0; start < total; start += CHUNK) {
          const end = Math.min(total, start + CHUNK);
          await mutate(async (m) => {
            // the pass follows the whole action, not each transaction (see the last write below)
            const plans: Plans = new Map();
            const quiet: Mutation = { ...m, desiredStateChanged: (change) => change?.integrationIds?.forEach((id) => integrationIds.add(id)) };
            for (let i = start; i < end; i++) {
              const item = s.items[i]!;
              const pkg = s.packages.find((p) => p.pkg.id === item.packageId)?.pkg;
              const outcome = notRun(item) ?? (await runRow(m.tx, plans, m.at, item.service!, pkg!, s.action, quiet));
              s.rows[i] = rowOf(item, s, outcome);
              // done rows carry the single action's event; the others say here why nothing changed
              if (outcome.outcome !== 'done') {
                m.record({
                  ...(pkg && { integrationId: pkg.integrationId }),
                  kind: actionKind[s.action.kind],
                  ...(item.service && { subject: serviceSubject(item.service) }),
                  outcome: outcome.outcome === 'already' ? 'info' : 'error',
                  message: `${s.title}${NOTE}, serviço ${item.serviceId}: ${outcome.message}`,
                });
              }
            }
          });
          deps.emit('bulk.progress', { bulkId: s.id, done: end, total });
          await nextTurn();
        }
      } finally {
        s.state = 'applied';
        const done = summary(s).counts;
        await mutate(async (m) => {
          m.record({
            kind: 'link.bulk',
            outcome: done.refused + done.unknown > 0 ? 'error' : 'ok',
            message:
              `${s.title} (${s.targetLabel}): ${count(done.done, 'feito', 'feitos')}, ${count(done.already, 'já estava', 'já estavam')}, ` +
              `${count(done.refused, 'recusado', 'recusados')}, ${count(done.unknown, 'não encontrado', 'não encontrados')}.`,
          });
          if (integrationIds.size > 0) m.desiredStateChanged({ integrationIds: [...integrationIds] });
        });
      }
      return summary(s);
    },

    discard(bulkId: string): { discarded: boolean } {
      const s = sessions.get(bulkId);
      if (!s || s.state === 'applying') return { discarded: false };
      sessions.delete(bulkId);
      return { discarded: true };
    },
  };
}

export function bulkHandlers(s: BulkService): Pick<HandlerTable, 'bulk.preview' | 'bulk.rows' | 'bulk.apply' | 'bulk.discard'> {
  return {
    'bulk.preview': (input) => s.preview(input),
    'bulk.rows': async (input) => s.rows(input),
    'bulk.apply': (input) => s.apply(input),
    'bulk.discard': async ({ bulkId }) => s.discard(bulkId),
  };
}
