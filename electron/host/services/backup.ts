/**
 * Configurações › Backup e restauração, in the host.
 *
 * Export: the whole record, read in ONE transaction (a consistent moment), streamed table by table
 * into one JSON file (transfers.ts) — no secrets: ApiKey/ApiSecret live only in the vault, and the
 * rows are the domain records (rows.ts), which have no field for them.
 *
 * Format `sva-desk-backup`, version 3: `{format, version, schemaVersion, exportedAt, tables}` with
 * one array of records per table, stamps (version, updatedBy) on the versioned ones, the clerk on
 * events, and Cobrança's tables (the licences' history, costs, rules, closed competências, the
 * platform checks' licences of each month). Version 2 is the same without Cobrança's tables, and
 * version 1 what the renderer wrote before the host kept the record (its Dexie rows, with search
 * keys): both read too (Cobrança's tables then come empty), so an office moves with the backup it has.
 *
 * Restore: only into an empty store; every row parsed by its known fields and checked
 * (workspace-rows.ts), all in one mutation with its history event, the search index rebuilt.
 */
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/result';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  workspaceSummary,
  workspaceTables,
  type BackupSummary,
  type RestoreResult,
  type TableCounts,
  type WorkspaceRows,
  type WorkspaceTable,
} from '../../../shared/contract/workspace';
import { datedName } from '../../../shared/domain/text';
import type { HandlerTable } from '../dispatch';
import type { Clock } from '../ports';
import { LATEST_VERSION } from '../store/migrations';
import {
  chargingClosingOf,
  chargingRuleOf,
  customerOf,
  eventOf,
  integrationOf,
  licenceEventOf,
  linkOf,
  packageOf,
  planOf,
  platformMonthLicenceOf,
  productCostOf,
  productOf,
  serviceOf,
} from '../store/rows';
import type { Database } from '../store/schema';
import type { Db, Store, Tx } from '../store/store';
import type { Mutate } from './mutation';
import { BACKED_UP_SETTINGS, readSetting } from './settings';
import type { Transfers } from './transfers';
import { arrayFeed, busyTables, notEmptyMessage, parseRow, reportSummary, writeWorkspace } from './workspace-rows';

/** The Dexie schema versions the renderer's backups (format version 1) were written with. */
const RENDERER_SCHEMA_VERSIONS = [1, 2];
const PAGE = 5000;

export type ParsedBackup = { version: number; schemaVersion: number; exportedAt: string; tables: WorkspaceRows };

const Head = z.object({ format: z.string(), version: z.number().int(), schemaVersion: z.number().int(), exportedAt: z.string(), tables: z.record(z.string(), z.array(z.unknown())) });

/** Reads a backup file's text, refusing with the reason (Portuguese) anything that is not one. */
export function parseBackup(text: string): ParsedBackup {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError('NOT_A_BACKUP', 'O arquivo não é um backup do SVA Desk válido: o conteúdo está corrompido ou incompleto. Escolha outro arquivo de backup (.json).');
  }
  const head = Head.safeParse(data);
  if (!head.success || head.data.format !== BACKUP_FORMAT) {
    throw new AppError('NOT_A_BACKUP', 'Este arquivo não é um backup do SVA Desk. Escolha o arquivo .json gerado em Configurações › Backup e restauração › Exportar backup.');
  }
  const { version, schemaVersion, exportedAt } = head.data;
  if (version > BACKUP_VERSION || version < 1) {
    throw new AppError('BACKUP_TOO_NEW', `Backup no formato ${version}, e esta versão do SVA Desk lê até o formato ${BACKUP_VERSION}. Atualize o SVA Desk para restaurar este arquivo.`);
  }
  const known = version === 1 ? RENDERER_SCHEMA_VERSIONS.includes(schemaVersion) : schemaVersion >= 1 && schemaVersion <= LATEST_VERSION;
  if (!known) {
    throw new AppError(
      'BACKUP_TOO_NEW',
      `Backup feito com a versão ${schemaVersion} do banco de dados, mais nova que a desta instalação. Atualize o SVA Desk para restaurar este arquivo.`,
    );
  }
  const unknown = Object.keys(head.data.tables).filter((t) => !(workspaceTables as readonly string[]).includes(t));
  if (unknown.length > 0) throw new AppError('NOT_A_BACKUP', `O backup tem tabelas que esta versão não conhece (${unknown.join(', ')}). Nada foi restaurado.`);
  const tables = {} as Record<WorkspaceTable, unknown[]>;
  for (const t of workspaceTables) tables[t] = (head.data.tables[t] ?? []).map((row, i) => parseRow('backup', t, row, i));
  return { version, schemaVersion, exportedAt, tables: tables as WorkspaceRows };
}

export const countsOf = (tables: Record<WorkspaceTable, readonly unknown[]>) => Object.fromEntries(workspaceTables.map((t) => [t, tables[t].length])) as TableCounts;

const stamp = (r: { version: number; updatedBy: string | null }) => ({ version: r.version, updatedBy: r.updatedBy });

type PagedTable = Exclude<WorkspaceTable, 'settings'>;

/**
 * Every row of a table in its primary key's order, `size` at a time (keyset, no OFFSET: flat
 * memory); `key` is the primary key's columns, compared as one row value.
 */
async function* pagesOf<T extends PagedTable>(tx: Tx, table: T, key: readonly string[] = ['id'], size = PAGE): AsyncGenerator<Selectable<Database[T]>[]> {
  let after: Record<string, unknown> | null = null;
  for (;;) {
    let q = tx.selectFrom(table as 'customers').selectAll();
    if (after !== null) {
      const last: Record<string, unknown> = after;
      q = q.where(sql<boolean>`(${sql.join(key.map((k) => sql.ref(k)))}) > (${sql.join(key.map((k) => last[k]))})`);
    }
    for (const k of key) q = q.orderBy(k as 'id');
    const rows = (await q.limit(size).execute()) as unknown as Selectable<Database[T]>[];
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = rows.at(-1) as Record<string, unknown>;
  }
}

/** A closed month keeps its lines (100k links: tens of MB): a few closings at a time. */
const CLOSINGS_PAGE = 4;

async function* mapped<R>(pages: AsyncGenerator<R[]>, to: (r: R) => unknown): AsyncGenerator<unknown[]> {
  for await (const rows of pages) yield rows.map(to);
}

/** Each table's records as the backup holds them, page by page. */
function tableReaders(tx: Tx): { [T in WorkspaceTable]: () => AsyncGenerator<unknown[]> } {
  return {
    integrations: () => mapped(pagesOf(tx, 'integrations'), (r) => ({ ...integrationOf(r), ...stamp(r) })),
    products: () => mapped(pagesOf(tx, 'products'), productOf),
    packages: () => mapped(pagesOf(tx, 'packages'), (r) => ({ ...packageOf(r), ...stamp(r) })),
    plans: async function* () {
      const defaults = await tx.selectFrom('planPackages').selectAll().execute();
      yield* mapped(pagesOf(tx, 'plans'), (r) => ({ ...planOf(r, defaults), ...stamp(r) }));
    },
    customers: () => mapped(pagesOf(tx, 'customers'), (r) => ({ ...customerOf(r), ...stamp(r) })),
    services: () => mapped(pagesOf(tx, 'services'), (r) => ({ ...serviceOf(r), ...stamp(r) })),
    links: () => mapped(pagesOf(tx, 'links'), (r) => ({ ...linkOf(r), ...stamp(r) })),
    licenceEvents: () => mapped(pagesOf(tx, 'licenceEvents'), licenceEventOf),
    productCosts: () => mapped(pagesOf(tx, 'productCosts'), productCostOf),
    chargingRules: () => mapped(pagesOf(tx, 'chargingRules', ['integrationId']), chargingRuleOf),
    chargingClosings: () => mapped(pagesOf(tx, 'chargingClosings', ['competence'], CLOSINGS_PAGE), chargingClosingOf),
    platformMonthLicences: () => mapped(pagesOf(tx, 'platformMonthLicences', ['integrationId', 'competence', 'contractIdentifier', 'label']), platformMonthLicenceOf),
    events: () => mapped(pagesOf(tx, 'events'), eventOf),
    settings: async function* () {
      const rows = [];
      for (const key of BACKED_UP_SETTINGS) {
        const stored = await tx.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst();
        if (stored) rows.push({ key, value: await readSetting(tx, key) });
      }
      if (rows.length > 0) yield rows;
    },
  };
}

/**
 * The whole record as a backup holds it, in memory and parsed by the same rules, read in one
 * transaction: what "Mover este espaço de trabalho para o servidor" copies (services/database.ts).
 */
export async function readWorkspace(db: Db): Promise<WorkspaceRows> {
  return db.transaction().execute(async (tx) => {
    const readers = tableReaders(tx);
    const tables = {} as Record<WorkspaceTable, unknown[]>;
    for (const t of workspaceTables) {
      const rows: unknown[] = [];
      for await (const page of readers[t]()) for (const row of page) rows.push(parseRow('backup', t, row, rows.length));
      tables[t] = rows;
    }
    return tables as WorkspaceRows;
  });
}

export type BackupService = ReturnType<typeof createBackupService>;

export function createBackupService(deps: { store: Store; mutate: Mutate; transfers: Transfers; clock: Clock }) {
  const { store, mutate, transfers } = deps;
  const db: Db = store.db;
  const when = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
  const formatWhen = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : when.format(new Date(iso)));
  const uploaded = (transferId: string) => transfers.uploaded(transferId, parseBackup);

  return {
    parseBackup,

    async export() {
      const exportedAt = new Date(deps.clock.now()).toISOString();
      const file = await transfers.createFile(datedName('sva-desk-backup', 'json', deps.clock.now()), 'application/json');
      const counts = {} as TableCounts;
      try {
        const schemaVersion = await store.version();
        // One read transaction: every table as of the same moment.
        await db.transaction().execute(async (tx) => {
          await file.write(`{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"schemaVersion":${schemaVersion},"exportedAt":${JSON.stringify(exportedAt)},"tables":{`);
          const readers = tableReaders(tx);
          for (const [n, t] of workspaceTables.entries()) {
            await file.write(`${n > 0 ? ',' : ''}${JSON.stringify(t)}:[`);
            counts[t] = 0;
            for await (const rows of readers[t]()) {
              await file.write((counts[t] > 0 ? ',' : '') + rows.map((r) => JSON.stringify(r)).join(','));
              counts[t] += rows.length;
            }
            await file.write(']');
          }
          await file.write('}}');
        });
        const prepared = await file.finish();
        const summary = workspaceSummary(counts);
        // Personal data left the store (LGPD): the history says who took it and when.
        await mutate(async (m) => m.record({ kind: 'backup.export', outcome: 'info', message: `Backup exportado: ${summary}.` }));
        return { ...prepared, counts, summary };
      } catch (err) {
        await file.abandon();
        throw err;
      }
    },

    async inspect(transferId: string): Promise<BackupSummary> {
      const b = uploaded(transferId);
      const counts = countsOf(b.tables);
      const busy = await busyTables(db);
      return { version: b.version, schemaVersion: b.schemaVersion, exportedAt: b.exportedAt, counts, summary: workspaceSummary(counts), busyTables: busy, refusal: busy.length ? notEmptyMessage(busy, 'backup') : null };
    },

    async restore(transferId: string): Promise<RestoreResult> {
      const b = uploaded(transferId);
      const result = await mutate(async (m) => {
        const tables = await writeWorkspace(m, 'backup', arrayFeed(b.tables), countsOf(b.tables));
        const summary = reportSummary(tables);
        m.record({ kind: 'backup.restore', outcome: 'ok', message: `Backup de ${formatWhen(b.exportedAt)} restaurado: ${summary}. As credenciais das integrações não vêm no backup: digite-as de novo em cada integração.` });
        return { tables, summary };
      });
      await transfers.discard(transferId);
      return result;
    },
  };
}

export function backupHandlers(b: BackupService): Pick<HandlerTable, 'backup.export' | 'backup.inspect' | 'backup.restore'> {
  return {
    'backup.export': () => b.export(),
    'backup.inspect': ({ transferId }) => b.inspect(transferId),
    'backup.restore': ({ transferId }) => b.restore(transferId),
  };
}
