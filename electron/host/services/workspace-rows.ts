/**
 * A whole workspace written into an EMPTY store from rows that came from outside: a backup file
 * (the host's, or the renderer's of before), or the old browser database moved in (issue 10 item 6).
 *
 * Every row is parsed with the schema of its KNOWN fields (shared/contract/workspace.ts): other
 * fields, nested ones too, never reach the store; the old search keys are dropped and the store
 * derives its own (rows.ts). References and keys are checked before each row is written, so a
 * broken file is refused with a sentence naming the row, not with an engine error. Everything is
 * written inside the caller's one mutation, then counted against what the source said it holds.
 */
import type { ZodError } from 'zod';
import type { DataTable } from '../../../shared/contract/data';
import { BILLING_TABLES, workspaceRowSchemas, workspaceSummary, workspaceTableLabels, workspaceTables, type TableReport, type WorkspaceRows, type WorkspaceTable } from '../../../shared/contract/workspace';
import { AppError } from '../../../shared/contract/result';
import { competenceLabel } from '../../../shared/domain/charging';
import { packagesOnNewService } from '../../../shared/domain/plan-rules';
import { count } from '../../../shared/domain/text';
import { continueNumbering } from '../store/identity';
import {
  chargingClosingRow,
  chargingRuleRow,
  customerRow,
  eventRow,
  integrationRow,
  licenceEventRow,
  linkRow,
  packageRow,
  planPackageRows,
  planRow,
  platformMonthLicenceRow,
  productCostRow,
  productRow,
  serviceRow,
} from '../store/rows';
import type { Database } from '../store/schema';
import { indexCustomersAfter } from '../store/search-index';
import type { Db, Tx } from '../store/store';
import type { Mutation } from './mutation';
import { BACKED_UP_SETTINGS, isOfficeSettingKey, parseSetting } from './settings';

export type RowOf<T extends WorkspaceTable> = WorkspaceRows[T][number];

/**
 * The office's record: a restore or a move needs all of these empty (events and settings may exist).
 * Cobrança's tables too: the licences' history and the closings outlive the links, packages and
 * integrations they name (a cancelled licence's link is deleted, its month is still billed), so a
 * store with no records may still hold them, and a restore would mix two offices' months.
 */
export const RECORD_TABLES = ['integrations', 'products', 'packages', 'plans', 'customers', 'services', 'links', ...BILLING_TABLES] as const satisfies readonly WorkspaceTable[];

/** What a workspace written whole changes, as the screens are told. */
const CHANGED: DataTable[] = ['integrations', 'products', 'packages', 'plans', 'customers', 'services', 'links', 'events', 'settings', 'charging'];

export type Origin = 'backup' | 'legacy';

const label = (t: WorkspaceTable) => workspaceTableLabels[t].many;

/** How each origin says "nothing was written" and what to do next. */
const closing: Record<Origin, string> = {
  backup: 'Nada foi restaurado; use outro arquivo de backup.',
  legacy: 'Nada foi copiado e os dados antigos continuam intactos no navegador; contate o suporte com esta mensagem.',
};
const opening: Record<Origin, string> = {
  backup: 'O backup está danificado',
  legacy: 'Os dados antigos do navegador têm um registro que esta versão não aceita',
};

export function damaged(origin: Origin, detail: string): AppError {
  return new AppError('DAMAGED', `${opening[origin]}: ${detail}. ${closing[origin]}`);
}

function zodDetail(err: ZodError): string {
  const issue = err.issues[0];
  const path = issue?.path.join('.');
  return path ? `campo ${path}` : 'formato inesperado';
}

/** One row by its known fields; a row that does not fit is named by its table and position. */
export function parseRow<T extends WorkspaceTable>(origin: Origin, table: T, row: unknown, index: number): RowOf<T> {
  const parsed = workspaceRowSchemas[table].safeParse(row);
  if (!parsed.success) throw damaged(origin, `o registro ${(index + 1).toLocaleString('pt-BR')} de ${label(table)} não é válido (${zodDetail(parsed.error)})`);
  return parsed.data as RowOf<T>;
}

export async function busyTables(db: Db | Tx): Promise<WorkspaceTable[]> {
  const busy: WorkspaceTable[] = [];
  for (const t of RECORD_TABLES) {
    const row = await db
      .selectFrom(t as 'products')
      .select((eb) => eb.lit(1).as('one'))
      .limit(1)
      .executeTakeFirst();
    if (row) busy.push(t);
  }
  return busy;
}

export function notEmptyMessage(busy: readonly WorkspaceTable[], origin: Origin): string {
  const what = busy.map(label).join(', ');
  return origin === 'backup'
    ? `O SVA Desk já tem dados (${what}). A restauração só é feita num banco vazio, para não misturar nem perder dados. Nada foi restaurado.`
    : `O SVA Desk já tem dados (${what}): os dados antigos do navegador não foram copiados, para não misturar. Nada foi alterado.`;
}

/** Parsed rows, table by table, in chunks: arrays in memory for a backup, staged chunks for a move. */
export type RowFeed = { [T in WorkspaceTable]: () => Iterable<RowOf<T>[]> };

const BATCH = 500;

async function insertAll<T extends keyof Database>(tx: Tx, table: T, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx
      .insertInto(table as 'events')
      .values(rows.slice(i, i + BATCH) as never)
      .execute();
  }
}

async function countRows(tx: Tx, table: keyof Database): Promise<number> {
  const row = await tx
    .selectFrom(table as 'events')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const stampOf = (r: { version?: number; updatedBy?: string | null }) => ({ version: r.version ?? 1, updatedBy: r.updatedBy ?? null });

/**
 * Writes every table of `feed` into the empty store, inside the caller's mutation. `expected` is what
 * the source said it holds; each table is counted after it is written and must hold exactly the rows
 * received (less the settings skipped on purpose), or the whole mutation is rolled back.
 */
export async function writeWorkspace(m: Mutation, origin: Origin, feed: RowFeed, expected: Record<WorkspaceTable, number>): Promise<TableReport[]> {
  const busy = await busyTables(m.tx);
  if (busy.length > 0) throw new AppError('NOT_EMPTY', notEmptyMessage(busy, origin));

  const seen = {
    integrations: new Set<string>(),
    products: new Set<string>(),
    packages: new Set<number>(),
    labels: new Set<string>(),
    plans: new Set<number>(),
    customers: new Set<number>(),
    documents: new Map<string, number>(),
    services: new Set<string>(),
    links: new Set<string>(),
    /** integration and product code, as a cost names its product */
    productCodes: new Set<string>(),
    licenceEvents: new Set<number>(),
    productCosts: new Set<number>(),
    chargingRules: new Set<string>(),
    chargingClosings: new Set<string>(),
    platformMonthLicences: new Set<string>(),
  };
  const key = (...parts: (string | number)[]) => parts.join('\u0000');
  const reports: TableReport[] = [];
  const refuse = (detail: string) => damaged(origin, detail);
  const nth = (i: number, t: WorkspaceTable) => `registro ${(i + 1).toLocaleString('pt-BR')} de ${label(t)}`;
  const where = origin === 'backup' ? 'no arquivo' : 'nos dados antigos';
  const missing = (what: string, i: number, t: WorkspaceTable, target: string) => refuse(`${what} (${nth(i, t)}) aponta para ${target}, que não está ${where}`);
  const twice = (what: string, i: number, t: WorkspaceTable) => refuse(`${what} aparece duas vezes (${nth(i, t)})`);

  async function table<T extends WorkspaceTable>(t: T, write: (rows: RowOf<T>[], offset: number) => Promise<number | void>) {
    const before = t === 'events' ? await countRows(m.tx, t) : 0;
    let received = 0;
    let skipped = 0;
    for (const chunk of feed[t]()) {
      const kept = await write(chunk, received);
      if (typeof kept === 'number') skipped += chunk.length - kept;
      received += chunk.length;
    }
    // Settings are upserted over the store's own: counted by what was written, not by the table.
    const written = t === 'settings' ? received - skipped : (await countRows(m.tx, t)) - before;
    if (written !== received - skipped || received !== expected[t]) {
      throw new AppError(
        'COUNT_MISMATCH',
        `A contagem de ${label(t)} não confere: ${expected[t].toLocaleString('pt-BR')} esperados, ${received.toLocaleString('pt-BR')} recebidos, ${written.toLocaleString('pt-BR')} gravados. ${closing[origin]}`,
      );
    }
    reports.push({ table: t, expected: expected[t], received, stored: written, skipped });
  }

  await table('integrations', async (rows, offset) => {
    rows.forEach((r, i) => {
      if (seen.integrations.has(r.id)) throw twice(`A integração "${r.description}"`, offset + i, 'integrations');
      seen.integrations.add(r.id);
    });
    await insertAll(m.tx, 'integrations', rows.map((r) => ({ ...integrationRow(r), ...stampOf(r) })));
  });

  await table('products', async (rows, offset) => {
    rows.forEach((r, i) => {
      if (!seen.integrations.has(r.integrationId)) throw missing(`O produto ${r.code}`, offset + i, 'products', 'uma integração');
      if (seen.products.has(r.id)) throw twice(`O produto ${r.code}`, offset + i, 'products');
      seen.products.add(r.id);
      seen.productCodes.add(key(r.integrationId, r.code));
    });
    await insertAll(m.tx, 'products', rows.map(productRow));
  });

  await table('packages', async (rows, offset) => {
    rows.forEach((r, i) => {
      if (!seen.integrations.has(r.integrationId)) throw missing(`O pacote "${r.name}"`, offset + i, 'packages', 'uma integração');
      if (seen.packages.has(r.id)) throw twice(`O pacote número ${r.id}`, offset + i, 'packages');
      const labelKey = key(r.integrationId, r.label);
      if (seen.labels.has(labelKey)) throw twice(`O label ${r.label}`, offset + i, 'packages');
      seen.packages.add(r.id);
      seen.labels.add(labelKey);
    });
    await insertAll(m.tx, 'packages', rows.map((r) => ({ ...packageRow(r), ...stampOf(r) })));
  });

  await table('plans', async (rows, offset) => {
    const defaults: object[] = [];
    rows.forEach((r, i) => {
      if (seen.plans.has(r.id)) throw twice(`O plano número ${r.id}`, offset + i, 'plans');
      for (const d of r.defaultPackages) if (!seen.packages.has(d.packageId)) throw missing(`O plano "${r.name}"`, offset + i, 'plans', `o pacote ${d.packageId}`);
      seen.plans.add(r.id);
      // S8/S11: a package listed twice is one default, mandatory if either entry was.
      defaults.push(...planPackageRows({ id: r.id, defaultPackages: packagesOnNewService(r) }));
    });
    await insertAll(m.tx, 'plans', rows.map((r) => ({ ...planRow(r), ...stampOf(r) })));
    await insertAll(m.tx, 'planPackages', defaults);
  });

  await table('customers', async (rows, offset) => {
    rows.forEach((r, i) => {
      if (seen.customers.has(r.id)) throw twice(`O cliente número ${r.id}`, offset + i, 'customers');
      const other = seen.documents.get(r.document);
      if (other !== undefined) throw refuse(`dois clientes têm o mesmo CPF/CNPJ (${nth(other, 'customers')} e ${nth(offset + i, 'customers')})`);
      seen.customers.add(r.id);
      seen.documents.set(r.document, offset + i);
    });
    await insertAll(m.tx, 'customers', rows.map((r) => ({ ...customerRow(r), ...stampOf(r) })));
  });
  // The "contains" index, built once after the rows (search-index.ts: ~1 s per 100k).
  await indexCustomersAfter(m.tx, m.engine, 0);

  await table('services', async (rows, offset) => {
    rows.forEach((r, i) => {
      if (seen.services.has(r.id)) throw twice(`O serviço ${r.id}`, offset + i, 'services');
      if (!seen.customers.has(r.customerId)) throw missing(`O serviço ${r.id}`, offset + i, 'services', `o cliente número ${r.customerId}`);
      if (!seen.plans.has(r.planId)) throw missing(`O serviço ${r.id}`, offset + i, 'services', `o plano número ${r.planId}`);
      seen.services.add(r.id);
    });
    await insertAll(m.tx, 'services', rows.map((r) => ({ ...serviceRow(r), ...stampOf(r) })));
  });

  await table('links', async (rows, offset) => {
    rows.forEach((r, i) => {
      if (seen.links.has(r.id)) throw twice(`O vínculo ${r.id}`, offset + i, 'links');
      if (!seen.services.has(r.serviceId)) throw missing(`Um pacote vinculado`, offset + i, 'links', `o serviço ${r.serviceId}`);
      if (!seen.packages.has(r.packageId)) throw missing(`Um pacote vinculado ao serviço ${r.serviceId}`, offset + i, 'links', `o pacote ${r.packageId}`);
      seen.links.add(r.id);
    });
    await insertAll(m.tx, 'links', rows.map((r) => ({ ...linkRow(r), ...stampOf(r) })));
  });

  // ---- Cobrança: after the records it names, with their own numbers (the month's order follows them) ----

  // A licence's history names its link, service, package and integration by value, with no key to
  // them: they may be gone by design (a cancelled licence's link is deleted, its month still billed;
  // an erased customer's services go), so only the numbers are checked here.
  await table('licenceEvents', async (rows, offset) => {
    rows.forEach((r, i) => {
      if (seen.licenceEvents.has(r.id)) throw twice(`A mudança de licença número ${r.id}`, offset + i, 'licenceEvents');
      seen.licenceEvents.add(r.id);
    });
    await insertAll(m.tx, 'licenceEvents', rows.map(licenceEventRow));
  });

  await table('productCosts', async (rows, offset) => {
    rows.forEach((r, i) => {
      const what = `O custo do produto ${r.productCode}`;
      if (seen.productCosts.has(r.id)) throw twice(`O custo número ${r.id}`, offset + i, 'productCosts');
      if (!seen.integrations.has(r.integrationId)) throw missing(what, offset + i, 'productCosts', `a integração ${r.integrationId}`);
      if (!seen.productCodes.has(key(r.integrationId, r.productCode))) throw missing(what, offset + i, 'productCosts', `o produto ${r.productCode} da integração ${r.integrationId}`);
      seen.productCosts.add(r.id);
    });
    await insertAll(m.tx, 'productCosts', rows.map(productCostRow));
  });

  await table('chargingRules', async (rows, offset) => {
    rows.forEach((r, i) => {
      if (seen.chargingRules.has(r.integrationId)) throw twice(`A regra de cobrança da integração ${r.integrationId}`, offset + i, 'chargingRules');
      if (!seen.integrations.has(r.integrationId)) throw missing('A regra de cobrança', offset + i, 'chargingRules', `a integração ${r.integrationId}`);
      seen.chargingRules.add(r.integrationId);
    });
    await insertAll(m.tx, 'chargingRules', rows.map(chargingRuleRow));
  });

  // An adjustment in a closed month corrects an earlier closed one: that closing must come too
  // (checked once every closing is read, whatever their order in the file).
  const adjusted: { competence: string; adjusts: string; index: number }[] = [];
  await table('chargingClosings', async (rows, offset) => {
    rows.forEach((r, i) => {
      if (seen.chargingClosings.has(r.competence)) throw twice(`O fechamento da competência ${competenceLabel(r.competence)}`, offset + i, 'chargingClosings');
      seen.chargingClosings.add(r.competence);
      for (const adjusts of new Set(r.lines.map((l) => l.adjusts).filter((a): a is string => typeof a === 'string'))) adjusted.push({ competence: r.competence, adjusts, index: offset + i });
    });
    await insertAll(m.tx, 'chargingClosings', rows.map(chargingClosingRow));
  });
  for (const a of adjusted) {
    if (!seen.chargingClosings.has(a.adjusts)) {
      throw refuse(`O fechamento da competência ${competenceLabel(a.competence)} (${nth(a.index, 'chargingClosings')}) ajusta a competência ${competenceLabel(a.adjusts)}, cujo fechamento não está ${where}`);
    }
  }

  await table('platformMonthLicences', async (rows, offset) => {
    rows.forEach((r, i) => {
      const what = `A licença ${r.label} do contrato ${r.contractIdentifier} em ${competenceLabel(r.competence)}`;
      const id = key(r.integrationId, r.competence, r.contractIdentifier, r.label);
      if (seen.platformMonthLicences.has(id)) throw twice(what, offset + i, 'platformMonthLicences');
      if (!seen.integrations.has(r.integrationId)) throw missing(what, offset + i, 'platformMonthLicences', `a integração ${r.integrationId}`);
      seen.platformMonthLicences.add(id);
    });
    await insertAll(m.tx, 'platformMonthLicences', rows.map(platformMonthLicenceRow));
  });

  // Events keep their order (the file's, oldest first) and get the store's own numbers.
  await table('events', (rows) => insertAll(m.tx, 'events', rows.map((r) => eventRow(r))));

  await table('settings', async (rows, offset) => {
    let kept = 0;
    for (const [i, r] of rows.entries()) {
      // Known office preferences only; the old screens' own markers (a run to resume, say) stay behind.
      if (!isOfficeSettingKey(r.key) || !BACKED_UP_SETTINGS.includes(r.key)) continue;
      let value: unknown;
      try {
        value = parseSetting(r.key, r.value);
      } catch {
        throw refuse(`a preferência do ${nth(offset + i, 'settings')} não é válida`);
      }
      const json = JSON.stringify(value);
      await m.tx
        .insertInto('settings')
        .values({ key: r.key, value: json, updatedAt: m.at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updatedAt: m.at }))
        .execute();
      kept++;
    }
    return kept;
  });

  await continueNumbering(m.tx, m.engine, ['packages', 'plans', 'customers', 'events', 'licenceEvents', 'productCosts']);
  m.changed(...CHANGED);
  return reports;
}

/** A feed over rows already in memory (a parsed backup), in chunks of BATCH. */
export function arrayFeed(tables: WorkspaceRows): RowFeed {
  const chunks = (rows: readonly unknown[]) =>
    function* () {
      for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
    };
  return Object.fromEntries(workspaceTables.map((t) => [t, chunks(tables[t])])) as unknown as RowFeed;
}

/** "200 clientes, 230 serviços, …, 1 integração e 1.204 eventos do histórico": the counts shown to the clerk. */
export function reportSummary(reports: readonly TableReport[]): string {
  const counts = Object.fromEntries(reports.map((r) => [r.table, r.stored])) as Record<WorkspaceTable, number>;
  const skipped = reports.find((r) => r.table === 'settings')?.skipped ?? 0;
  const events = count(counts.events ?? 0, workspaceTableLabels.events.one, workspaceTableLabels.events.many);
  const note = skipped > 0 ? ` (${count(skipped, 'preferência das telas antigas ficou de fora', 'preferências das telas antigas ficaram de fora')}: não são usadas nesta versão)` : '';
  return `${workspaceSummary(counts)} e ${events}${note}`;
}
