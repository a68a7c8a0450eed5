/**
 * Cobrança in the host (issue 13): the platform's cost per product, each integration's rule, and a
 * competência's billing, computed by shared/domain/charging.ts from ONE store read (the licences'
 * history, their customers, packages, products, rules, costs); its export for the ERP (CSV in two
 * dialects, XLSX) through the transfers, and its closing.
 *
 * A closed competência is shown and exported as it was closed (its lines are stored with it); a later
 * change to its history is billed as an adjustment in the competência after it, never written back.
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { csvLines, toCsv, CSV_NEWLINE } from '../../../shared/csv';
import type { ChargingFormat, ChargingMonth, ProductCost, ProductCostEntry, RevenueMonth } from '../../../shared/contract/charging';
import type { PreparedFile } from '../../../shared/contract/workspace';
import { AppError } from '../../../shared/contract/result';
import {
  adjustmentsOf,
  chargeMonth,
  chargingCsvHeader,
  chargingCsvRow,
  chargingRuleLabels,
  competenceLabel,
  competenceProblem,
  daysInMonth,
  DEFAULT_CHARGING_RULE,
  frozenOf,
  localDay,
  nextCompetence,
  platformBill,
  totalsOf,
  type ChargingInput,
  type ChargingLine,
  type ChargingLink,
  type ChargingRule,
  type LicenceEventState,
} from '../../../shared/domain/charging';
import type { CompositionItem } from '../../../shared/domain/model';
import { effectiveContractIdentifier, effectiveLabel } from '../../../shared/domain/defaults';
import { formatBRL } from '../../../shared/domain/money';
import { REVENUE_TABLES } from '../../../shared/domain/painel';
import { integrationSubject } from '../../../shared/domain/subjects';
import type { HandlerTable } from '../dispatch';
import type { Clock } from '../ports';
import type { Store } from '../store/store';
import type { Mutate } from './mutation';
import { renderSvaReport } from './charging-report';
import { keptUntilChanged } from './kept';
import type { Transfers } from './transfers';

/** How far back a change to a closed month is still billed as an adjustment. */
const ADJUSTABLE_MONTHS = 12;
export const chargingSubject = (competence: string) => `cobranca:${competence}`;

type Closing = { competence: string; closedAt: string; closedBy: string | null; dataHash: string; totalCents: number; lines: string };

const brDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
/** The lines' fingerprint: sha-256 of each line's JSON in order (one 40 MB string for 100k lines is avoided). */
function hashOf(lines: readonly ChargingLine[]): string {
  const h = createHash('sha256');
  for (const l of lines) h.update(JSON.stringify(l));
  return h.digest('hex');
}

function checkCompetence(competence: string): void {
  const problem = competenceProblem(competence);
  if (problem) throw new AppError('VALIDATION', problem, { fields: { competence: problem } });
}

/** A calendar day YYYY-MM-DD that exists (no 31/02). */
function realDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

type EventRow = { linkId: string; serviceId: string; packageId: number; integrationId: string; state: string; at: string; code: string | null; name: string | null; nameKey: string | null; document: string | null; contractIdentifier: string | null; label: string | null; packageLabel: string | null };
type PackageRow = { id: number; name: string; priceCents: number; composition: string; productCode: string };
type ProductRow = { integrationId: string; code: string; name: string };
type RuleRow = { integrationId: string; rule: string };
type CostRow = { integrationId: string; productCode: string; costCents: number; validFrom: string };
type Read = { events: EventRow[]; packages: PackageRow[]; products: ProductRow[]; rules: RuleRow[]; costs: CostRow[] };

// Portable SQL (SQLite and PostgreSQL), quoted aliases in the result's camelCase.
const EVENTS_SQL =
  'SELECT e.link_id AS "linkId", e.service_id AS "serviceId", e.package_id AS "packageId", e.integration_id AS "integrationId", e.state AS state, e.at AS at, ' +
  'c.code AS code, c.name AS name, c.name_key AS "nameKey", c.document AS document, l.contract_identifier AS "contractIdentifier", l.label AS label, p.label AS "packageLabel" ' +
  'FROM licence_events e LEFT JOIN services s ON s.id = e.service_id LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN links l ON l.id = e.link_id LEFT JOIN packages p ON p.id = e.package_id ' +
  'WHERE e.at < ? ORDER BY e.link_id, e.at, e.id';
const PACKAGES_SQL = 'SELECT id, name, price_cents AS "priceCents", composition, product_code AS "productCode" FROM packages';
const PRODUCTS_SQL = 'SELECT integration_id AS "integrationId", code, name FROM products';
const RULES_SQL = 'SELECT integration_id AS "integrationId", rule FROM charging_rules';
const COSTS_SQL = 'SELECT integration_id AS "integrationId", product_code AS "productCode", cost_cents AS "costCents", valid_from AS "validFrom" FROM product_costs ORDER BY valid_from, id';

export type ChargingService = ReturnType<typeof createChargingService>;

export function createChargingService(deps: { store: Pick<Store, 'db' | 'readFast'>; mutate: Mutate; transfers: Transfers; clock: Clock; clerk?: () => string | null; runLive?: () => boolean }) {
  const { db } = deps.store;
  /** The Painel's revenue against cost: twelve months of 100k links cost the host seconds, so it is kept until the record changes (kept.ts). */
  const revenue = keptUntilChanged<RevenueMonth[]>({ tables: REVENUE_TABLES, clock: deps.clock, ...(deps.runLive && { runLive: deps.runLive }) });
  const today = () => localDay(new Date(deps.clock.now()).toISOString());

  /**
   * The one store read behind a month: everything recorded up to the end of `through` (São Paulo),
   * in one read transaction. On SQLite through the raw read connection (Kysely's builder and its
   * camel-case pass cost ~1 s on 100k licences' rows), elsewhere the same SQL through Kysely.
   */
  async function readInput(through: string): Promise<Omit<ChargingInput, 'competence'>> {
    // The first instant of the next month in São Paulo is 03:00 UTC; localDay drops what is past it.
    const until = `${nextCompetence(through)}-01T15:00:00.000Z`;
    const read: Read =
      deps.store.readFast((raw) => ({
        events: raw.prepare(EVENTS_SQL).all(until) as unknown as EventRow[],
        packages: raw.prepare(PACKAGES_SQL).all() as unknown as PackageRow[],
        products: raw.prepare(PRODUCTS_SQL).all() as unknown as ProductRow[],
        rules: raw.prepare(RULES_SQL).all() as unknown as RuleRow[],
        costs: raw.prepare(COSTS_SQL).all() as unknown as CostRow[],
      })) ??
      (await db.transaction().execute(async (tx) => {
        const [before, after] = EVENTS_SQL.split('?') as [string, string];
        const all = async <R>(text: string) => (await sql<R>`${sql.raw(text)}`.execute(tx)).rows;
        return {
          events: (await sql<EventRow>`${sql.raw(before)}${until}${sql.raw(after)}`.execute(tx)).rows,
          packages: await all<PackageRow>(PACKAGES_SQL),
          products: await all<ProductRow>(PRODUCTS_SQL),
          rules: await all<RuleRow>(RULES_SQL),
          costs: await all<CostRow>(COSTS_SQL),
        };
      }));
    const links: ChargingLink[] = [];
    let current: (ChargingLink & { events: { state: LicenceEventState; at: string }[] }) | undefined;
    for (const r of read.events) {
      if (current?.linkId !== r.linkId) {
        current = {
          linkId: r.linkId,
          serviceId: r.serviceId,
          customerCode: r.code ?? '',
          customerName: r.name ?? 'Cliente excluído',
          ...(r.nameKey !== null && { sortKey: r.nameKey }),
          document: r.document ?? '',
          packageId: Number(r.packageId),
          integrationId: r.integrationId,
          // the licence's key as the planner sends it (defaults.ts): a removed link's row is gone, its service id stays
          contractIdentifier: effectiveContractIdentifier({ contractIdentifier: r.contractIdentifier ?? undefined }, { id: r.serviceId }),
          label: effectiveLabel({ label: r.label ?? undefined }, { label: r.packageLabel ?? '' }),
          events: [],
        };
        links.push(current);
      }
      current.events.push({ state: r.state as LicenceEventState, at: r.at });
    }
    const costs = new Map<string, { costCents: number; validFrom: string }[]>();
    for (const c of read.costs) {
      const key = `${c.integrationId}:${c.productCode}`;
      const list = costs.get(key) ?? [];
      list.push({ costCents: Number(c.costCents), validFrom: c.validFrom });
      costs.set(key, list);
    }
    return {
      links,
      packages: new Map(read.packages.map((p) => [Number(p.id), { name: p.name, priceCents: Number(p.priceCents), composition: JSON.parse(p.composition) as CompositionItem[], productCode: p.productCode }])),
      productNames: new Map(read.products.map((p) => [`${p.integrationId}:${p.code}`, p.name])),
      rules: new Map(read.rules.map((r) => [r.integrationId, r.rule as ChargingRule])),
      costs,
    };
  }

  const closingsOf = async () =>
    new Map((await db.selectFrom('chargingClosings').selectAll().orderBy('competence').execute()).map((c) => [c.competence, c as Closing]));
  const linesOf = (c: Closing) => JSON.parse(c.lines) as ChargingLine[];

  /** What was billed for closed `c`: its own lines and the adjustments for it in closed months after it. */
  function billedFor(c: string, closings: Map<string, Closing>): ChargingLine[] {
    const out = linesOf(closings.get(c)!).filter((l) => l.kind === 'month');
    for (const [d, closing] of closings) if (d > c) out.push(...linesOf(closing).filter((l) => l.kind === 'adjustment' && l.adjusts === c));
    return out;
  }

  /** Closed `c` recomputed from today's history, under what it was closed with: its adjustments, dated `into`. */
  function recharge(c: string, input: Omit<ChargingInput, 'competence'>, closings: Map<string, Closing>, into = nextCompetence(c)) {
    const billed = billedFor(c, closings);
    return adjustmentsOf(billed, chargeMonth({ ...input, competence: c, frozen: frozenOf(billed) }), into);
  }

  /** The lines of a competência: as closed, or computed now with the adjustments of the closed months before it. */
  function linesFor(competence: string, input: Omit<ChargingInput, 'competence'>, closings: Map<string, Closing>) {
    const closing = closings.get(competence);
    if (closing) {
      const changed = recharge(competence, input, closings).length;
      return { lines: linesOf(closing), closing, changedSince: changed };
    }
    const lines = chargeMonth({ ...input, competence });
    // Adjustments land in the competência right after a closed one (the next bill), not in every open month.
    if (closings.has(nextCompetence(competence, -1))) {
      for (let k = 1; k <= ADJUSTABLE_MONTHS; k++) {
        const c = nextCompetence(competence, -k);
        if (closings.has(c)) lines.push(...recharge(c, input, closings, competence));
      }
    }
    return { lines, closing: undefined, changedSince: 0 };
  }

  async function lastExport(competence: string, dataHash: string): Promise<string | null> {
    const row = await db
      .selectFrom('events')
      .select('at')
      .where('kind', '=', 'charging.export')
      .where('subject', '=', chargingSubject(competence))
      .where('message', 'like', `%${dataHash.slice(0, 16)}%`)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.at ?? null;
  }

  async function compute(competence: string) {
    checkCompetence(competence);
    const [input, closings] = await Promise.all([readInput(competence), closingsOf()]);
    const view = linesFor(competence, input, closings);
    return { ...view, dataHash: view.closing?.dataHash ?? hashOf(view.lines) };
  }

  async function productCosts(integrationId: string): Promise<ProductCost[]> {
    const products = await db.selectFrom('products').select('code').where('integrationId', '=', integrationId).execute();
    const rows = await db.selectFrom('productCosts').selectAll().where('integrationId', '=', integrationId).orderBy('validFrom', 'desc').orderBy('id', 'desc').execute();
    return products.map((p) => costOf(p.code, rows.filter((r) => r.productCode === p.code)));
  }

  /** A product's costs, newest start first: the current one is the newest that has started today. */
  function costOf(productCode: string, rows: { costCents: number; validFrom: string; createdAt: string; createdBy: string | null }[]): ProductCost {
    const history: ProductCostEntry[] = rows.map((r) => ({ costCents: r.costCents, validFrom: r.validFrom, createdAt: r.createdAt, createdBy: r.createdBy }));
    const day = today();
    return { productCode, current: history.find((h) => h.validFrom <= day) ?? null, history };
  }

  async function writeFile(competence: string, format: ChargingFormat, lines: readonly ChargingLine[]): Promise<PreparedFile> {
    const base = `cobranca-${competence}`;
    if (format === 'xlsx') {
      const money = (cents: number) => ({ value: cents / 100, type: Number, format: '#,##0.00' });
      const header = chargingCsvHeader.map((h) => ({ value: h, fontWeight: 'bold' as const }));
      const rows = lines.map((l) => {
        const cells = chargingCsvRow(l, 'excel');
        return [
          ...cells.slice(0, 14),
          { value: l.activeDays, type: Number },
          { value: l.daysInMonth, type: Number },
          cells[16],
          money(l.priceCents),
          money(l.amountCents),
          money(l.svaCents),
          money(l.scmCents),
          money(l.otherCents),
        ];
      });
      const data: SheetData = [header, ...rows];
      const buffer = await writeExcelFile(data, { sheet: `Cobrança ${competence}`, stickyRowsCount: 1 }).toBuffer();
      // transfers carry text: the workbook goes as base64 and the screen decodes it
      const file = await deps.transfers.createFile(`${base}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64');
      try {
        await file.write(buffer.toString('base64'));
        return await file.finish();
      } catch (err) {
        await file.abandon();
        throw err;
      }
    }
    const dialect = format === 'excel' ? 'excel' : 'machine';
    const options = { delimiter: dialect === 'excel' ? (';' as const) : (',' as const), numeric: [14, 15, 17, 18, 19, 20, 21] };
    const file = await deps.transfers.createFile(`${base}${dialect === 'excel' ? '-excel' : ''}.csv`, 'text/csv');
    try {
      await file.write(toCsv(chargingCsvHeader, [], options).replace(/\r?\n$/, '') + CSV_NEWLINE);
      for (let i = 0; i < lines.length; i += 5000) await file.write(csvLines(lines.slice(i, i + 5000).map((l) => chargingCsvRow(l, dialect)), options));
      return await file.finish();
    } catch (err) {
      await file.abandon();
      throw err;
    }
  }

  /** The month's lines (as closed, when closed) and the Conferência da fatura against the platform's checks of the month. */
  async function billAndLines(competence: string) {
    checkCompetence(competence);
    const [input, closings] = await Promise.all([readInput(competence), closingsOf()]);
    const { lines, closing } = linesFor(competence, input, closings);
    const platform = await db.selectFrom('platformMonthLicences').selectAll().where('competence', '=', competence).execute();
    const last = platform.reduce<string | null>((m, p) => (m === null || p.lastSeenAt > m ? p.lastSeenAt : m), null);
    const bill = platformBill(
      lines,
      platform.map((p) => ({ ...p, seenActive: p.seenActive === 1 })),
      { ...input, competence },
    );
    return { lines, closing, bill: { competence, lastCheckAt: last, ...bill } };
  }

  const service = {
    readInput,

    productCosts: (integrationId: string) => productCosts(integrationId),

    async setProductCost(input: { integrationId: string; productCode: string; costCents: number; validFrom: string }): Promise<ProductCost> {
      const problems: Record<string, string> = {};
      if (input.costCents < 0) problems.costCents = 'O custo não pode ser negativo. Informe um valor a partir de R$ 0,00.';
      if (!realDay(input.validFrom)) problems.validFrom = 'Informe a data de início no formato dd/mm/aaaa, por exemplo 01/12/2026.';
      const first = Object.values(problems)[0];
      if (first) throw new AppError('VALIDATION', first, { fields: problems });
      return deps.mutate(async (m) => {
        const product = await m.tx.selectFrom('products').select(['code', 'name']).where('integrationId', '=', input.integrationId).where('code', '=', input.productCode).executeTakeFirst();
        if (!product) throw new AppError('NOT_FOUND', 'Produto não encontrado nesta integração: sincronize os produtos e tente de novo.');
        // A closed month keeps the cost it was closed with: a value counts from the competência whose 1st it precedes.
        const closed = await m.tx.selectFrom('chargingClosings').select('competence').where('competence', '>=', input.validFrom.slice(0, 7)).orderBy('competence', 'desc').limit(1).executeTakeFirst();
        if (closed && `${closed.competence}-01` >= input.validFrom) {
          const from = `${closed.competence}-02`;
          const message = `A competência ${competenceLabel(closed.competence)} está fechada: o novo custo só pode valer de ${brDay(from)} em diante (conta a partir de ${competenceLabel(nextCompetence(closed.competence))}).`;
          throw new AppError('CLOSED', message, { fields: { validFrom: message } });
        }
        await m.tx.insertInto('productCosts').values({ ...input, createdAt: m.at, createdBy: m.clerk }).execute();
        m.record({
          kind: 'product.cost',
          integrationId: input.integrationId,
          subject: integrationSubject(input.integrationId),
          outcome: 'ok',
          message: `Custo do produto ${product.code} (${product.name}) na plataforma: ${formatBRL(input.costCents)} por licença por mês, a partir de ${brDay(input.validFrom)}.`,
        });
        m.changed('charging');
        const rows = await m.tx.selectFrom('productCosts').selectAll().where('integrationId', '=', input.integrationId).where('productCode', '=', input.productCode).orderBy('validFrom', 'desc').orderBy('id', 'desc').execute();
        return costOf(input.productCode, rows);
      });
    },

    async rules() {
      const integrations = await db.selectFrom('integrations').select(['id', 'description']).orderBy('description').execute();
      const rules = new Map((await db.selectFrom('chargingRules').select(['integrationId', 'rule']).execute()).map((r) => [r.integrationId, r.rule as ChargingRule]));
      return integrations.map((i) => ({ integrationId: i.id, description: i.description, rule: rules.get(i.id) ?? DEFAULT_CHARGING_RULE }));
    },

    async setRule(integrationId: string, rule: ChargingRule) {
      return deps.mutate(async (m) => {
        const integration = await m.tx.selectFrom('integrations').select('description').where('id', '=', integrationId).executeTakeFirst();
        if (!integration) throw new AppError('NOT_FOUND', 'Integração não encontrada: pode ter sido excluída. Volte à lista.');
        const before = await m.tx.selectFrom('chargingRules').select('rule').where('integrationId', '=', integrationId).executeTakeFirst();
        const values = { integrationId, rule, updatedAt: m.at, updatedBy: m.clerk };
        if (before) await m.tx.updateTable('chargingRules').set(values).where('integrationId', '=', integrationId).execute();
        else await m.tx.insertInto('chargingRules').values(values).execute();
        m.record({
          kind: 'charging.rule',
          integrationId,
          subject: integrationSubject(integrationId),
          outcome: 'ok',
          message: `Regra de cobrança de "${integration.description}": ${chargingRuleLabels[rule]} (antes: ${chargingRuleLabels[(before?.rule as ChargingRule) ?? DEFAULT_CHARGING_RULE]}). Vale para as competências abertas.`,
        });
        m.changed('charging');
        return { integrationId, rule };
      });
    },

    async month(competence: string, offset: number, limit: number): Promise<ChargingMonth> {
      const view = await compute(competence);
      const own = view.lines.filter((l) => l.kind === 'month');
      const adj = view.lines.filter((l) => l.kind === 'adjustment');
      return {
        competence,
        totals: totalsOf(own),
        adjustments: totalsOf(adj),
        lines: view.lines.slice(offset, offset + limit),
        lineCount: view.lines.length,
        dataHash: view.dataHash,
        closing: view.closing ? { closedAt: view.closing.closedAt, closedBy: view.closing.closedBy, dataHash: view.closing.dataHash, changedSince: view.changedSince } : null,
        ended: today() > `${competence}-${String(daysInMonth(competence)).padStart(2, '0')}`,
        exportedAt: await lastExport(competence, view.dataHash),
      };
    },

    /** Also the bench's path: compute and write the file, without the history event. */
    async exportFile(competence: string, format: ChargingFormat) {
      const view = await compute(competence);
      const file = await writeFile(competence, format, view.lines);
      return { ...file, rows: view.lines.length, dataHash: view.dataHash, total: totalsOf(view.lines).amountCents, closed: view.closing !== undefined };
    },

    async export(competence: string, format: ChargingFormat) {
      const { total, closed, ...file } = await service.exportFile(competence, format);
      const what = { excel: 'CSV para Excel', machine: 'CSV para sistemas', xlsx: 'planilha XLSX' }[format];
      await deps.mutate(async (m) => {
        m.record({
          kind: 'charging.export',
          subject: chargingSubject(competence),
          outcome: 'ok',
          message: `Cobrança de ${competenceLabel(competence)}${closed ? ' (fechada)' : ''} exportada em ${what}: ${file.rows} ${file.rows === 1 ? 'linha' : 'linhas'}, total ${formatBRL(total)}; dados ${file.dataHash.slice(0, 16)}.`,
        });
        m.changed('charging');
      });
      return file;
    },

    async close(competence: string, dataHash: string) {
      checkCompetence(competence);
      const last = `${competence}-${String(daysInMonth(competence)).padStart(2, '0')}`;
      if (today() <= last) throw new AppError('NOT_ENDED', `A competência ${competenceLabel(competence)} ainda não terminou: feche-a a partir de ${brDay(`${nextCompetence(competence)}-01`)}.`);
      const view = await compute(competence);
      if (view.closing) throw new AppError('CLOSED', `A competência ${competenceLabel(competence)} já foi fechada em ${new Date(view.closing.closedAt).toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'short' })}.`);
      if (view.dataHash !== dataHash) throw new AppError('CONFLICT', `A cobrança de ${competenceLabel(competence)} mudou depois que você a abriu: confira as linhas, exporte de novo e então feche.`);
      if (!(await lastExport(competence, dataHash))) throw new AppError('NOT_EXPORTED', `Exporte a cobrança de ${competenceLabel(competence)} antes de fechá-la: o fechamento guarda o que foi enviado ao ERP.`);
      const total = totalsOf(view.lines).amountCents;
      return deps.mutate(async (m) => {
        await m.tx.insertInto('chargingClosings').values({ competence, closedAt: m.at, closedBy: m.clerk, dataHash, totalCents: total, lines: JSON.stringify(view.lines) }).execute();
        m.record({
          kind: 'charging.close',
          subject: chargingSubject(competence),
          outcome: 'ok',
          message: `Competência ${competenceLabel(competence)} fechada: ${view.lines.length} ${view.lines.length === 1 ? 'linha' : 'linhas'}, total ${formatBRL(total)}; dados ${dataHash.slice(0, 16)}. Mudanças posteriores entram como ajuste em ${competenceLabel(nextCompetence(competence))}.`,
        });
        m.changed('charging');
        return { closedAt: m.at, closedBy: m.clerk, dataHash, changedSince: 0 };
      });
    },

    /** Conferência da fatura da plataforma: the month's own lines against what the platform checks saw. */
    async platformBill(competence: string) {
      const { bill } = await billAndLines(competence);
      return bill;
    },

    /** Relatório de SVA do mês as PDF (charging-report.ts), with the hash of its data, recorded in the history. */
    async report(competence: string) {
      const { bill, lines, closing } = await billAndLines(competence);
      const integrations = await db.selectFrom('integrations').select(['description', 'ispName']).orderBy('description').execute();
      const provider = [...new Set(integrations.map((i) => i.ispName ?? i.description))].join(' · ') || 'SVA Desk';
      const generatedAt = new Date(deps.clock.now()).toISOString();
      const generatedBy = deps.clerk?.() ?? null;
      const { pdf, dataHash } = await renderSvaReport({
        competence,
        lines,
        products: bill.products,
        exceptions: bill.exceptions,
        closed: closing ? { closedAt: closing.closedAt, closedBy: closing.closedBy } : null,
        generatedAt,
        generatedBy,
        provider,
      });
      const file = await deps.transfers.createFile(`relatorio-sva-${competence}.pdf`, 'application/pdf;base64');
      try {
        await file.write(pdf.toString('base64'));
        const done = await file.finish();
        await deps.mutate(async (m) => {
          m.record({
            kind: 'charging.report',
            subject: chargingSubject(competence),
            outcome: 'ok',
            message: `Relatório de SVA de ${competenceLabel(competence)} gerado: ${bill.exceptions.length} ${bill.exceptions.length === 1 ? 'exceção' : 'exceções'}; dados ${dataHash.slice(0, 16)}.`,
          });
        });
        return { ...done, dataHash, generatedAt };
      } catch (err) {
        await file.abandon();
        throw err;
      }
    },

    /** The record changed under these tables (a change notice): what is kept of it is computed again. */
    invalidate: revenue.invalidate,

    /** For the Painel: each month's SVA revenue (and total billed) against the platform's cost. */
    revenueVsCost(months: number): Promise<RevenueMonth[]> {
      const now = today().slice(0, 7);
      return revenue.get(`${now}:${months}`, async () => {
        const [input, closings] = await Promise.all([readInput(now), closingsOf()]);
        const out: RevenueMonth[] = [];
        for (let k = months - 1; k >= 0; k--) {
          // a month of 100k links is ~0.4 s: the host's other commands run between months
          if (out.length > 0) await nextTurn();
          const competence = nextCompetence(now, -k);
          const t = totalsOf(linesFor(competence, input, closings).lines);
          out.push({ competence, svaCents: t.svaCents, amountCents: t.amountCents, costCents: t.costCents });
        }
        return out;
      });
    },
  };

  return service;
}

export function chargingHandlers(c: ChargingService): Pick<
  HandlerTable,
  'productCosts.list' | 'productCosts.set' | 'charging.rules' | 'charging.setRule' | 'charging.month' | 'charging.export' | 'charging.close' | 'charging.revenueVsCost' | 'charging.platformBill' | 'charging.report'
> {
  return {
    'productCosts.list': ({ integrationId }) => c.productCosts(integrationId),
    'productCosts.set': (input) => c.setProductCost(input),
    'charging.rules': () => c.rules(),
    'charging.setRule': ({ integrationId, rule }) => c.setRule(integrationId, rule),
    'charging.month': ({ competence, offset, limit }) => c.month(competence, offset, limit),
    'charging.export': ({ competence, format }) => c.export(competence, format),
    'charging.close': ({ competence, dataHash }) => c.close(competence, dataHash),
    'charging.revenueVsCost': ({ months }) => c.revenueVsCost(months),
    'charging.platformBill': ({ competence }) => c.platformBill(competence),
    'charging.report': ({ competence }) => c.report(competence),
  };
}
