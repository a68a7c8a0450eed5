/**
 * Backup of the whole workspace (every Dexie table) as one JSON file, and restore into an EMPTY
 * workspace only, in one transaction, after checking every row. Credentials never live in Dexie
 * (they stay in the main process vault), so a backup holds none.
 */
import { z } from 'zod';
import { Customer, HistoryEvent, Integration, Link, Package, Plan, Product, Service } from '../../../shared/domain';
import { db } from '../../db/db';
import { workspaceSummary, workspaceTableLabels } from '../../../shared/contract/workspace';

export const BACKUP_FORMAT = 'sva-desk-backup';
export const BACKUP_VERSION = 1;

const rowSchemas = {
  integrations: Integration,
  products: Product,
  packages: Package,
  plans: Plan,
  customers: Customer.extend({ nameKey: z.string(), nameSuffixes: z.array(z.string()), phoneKeys: z.array(z.string()) }),
  services: Service,
  links: Link,
  events: HistoryEvent,
  settings: z.object({ key: z.string().min(1), value: z.unknown() }),
} as const;
export type TableName = keyof typeof rowSchemas;
export const tableNames = Object.keys(rowSchemas) as TableName[];

export const tableLabels = Object.fromEntries(tableNames.map((t) => [t, workspaceTableLabels[t].many])) as Record<TableName, string>;

export type Backup = {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  schemaVersion: number;
  exportedAt: string;
  tables: Record<TableName, unknown[]>;
};

export async function exportBackup(): Promise<Backup> {
  return db.transaction('r', db.tables, async () => {
    const tables = {} as Record<TableName, unknown[]>;
    for (const name of tableNames) tables[name] = await db.table(name).toArray();
    return { format: BACKUP_FORMAT, version: BACKUP_VERSION, schemaVersion: db.verno, exportedAt: new Date().toISOString(), tables };
  });
}

export class BackupError extends Error {}

/** Checks a backup file's text; returns the backup or throws BackupError with a Portuguese message. */
export function readBackup(text: string): Backup {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BackupError('O arquivo não é um backup do SVA Desk válido: o conteúdo está corrompido ou incompleto. Escolha outro arquivo de backup (.json).');
  }
  const head = z.object({ format: z.string(), version: z.number(), schemaVersion: z.number(), exportedAt: z.string(), tables: z.record(z.string(), z.array(z.unknown())) }).safeParse(data);
  if (!head.success || head.data.format !== BACKUP_FORMAT) {
    throw new BackupError('Este arquivo não é um backup do SVA Desk. Escolha o arquivo .json gerado em Configurações › Backup e restauração › Exportar backup.');
  }
  if (head.data.version !== BACKUP_VERSION) {
    throw new BackupError(`Backup no formato ${head.data.version}, e esta versão do SVA Desk lê o formato ${BACKUP_VERSION}. Atualize o SVA Desk para restaurar este arquivo.`);
  }
  if (head.data.schemaVersion !== db.verno) {
    throw new BackupError(
      `Backup feito com a versão ${head.data.schemaVersion} do banco de dados; esta instalação usa a versão ${db.verno}. Restaure com a mesma versão do SVA Desk que gerou o backup.`,
    );
  }
  const unknown = Object.keys(head.data.tables).filter((t) => !tableNames.includes(t as TableName));
  if (unknown.length > 0) throw new BackupError(`O backup tem tabelas que esta versão não conhece (${unknown.join(', ')}). Nada foi restaurado.`);
  const tables = {} as Record<TableName, unknown[]>;
  for (const name of tableNames) {
    const rows = head.data.tables[name] ?? [];
    const schema = rowSchemas[name];
    for (let i = 0; i < rows.length; i++) {
      if (!schema.safeParse(rows[i]).success) {
        throw new BackupError(`O backup está danificado: o registro ${i + 1} de ${tableLabels[name]} não é válido. Nada foi restaurado; use outro arquivo de backup.`);
      }
    }
    // The rows as they were written: parsing only checks them, so nothing is reshaped on the way in.
    tables[name] = rows;
  }
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, schemaVersion: head.data.schemaVersion, exportedAt: head.data.exportedAt, tables };
}

/** Tables that already hold rows (preferences do not count: a fresh install may have some). */
export async function nonEmptyTables(): Promise<TableName[]> {
  const counts = await Promise.all(tableNames.map(async (t) => [t, t === 'settings' ? 0 : await db.table(t).count()] as const));
  return counts.filter(([, n]) => n > 0).map(([t]) => t);
}

export function notEmptyMessage(tables: TableName[]): string {
  return `O espaço de trabalho já tem dados (${tables.map((t) => tableLabels[t]).join(', ')}). A restauração só é feita num espaço vazio, para não misturar nem perder dados. Nada foi restaurado.`;
}

/** Restores into an empty workspace, all tables in one transaction: all rows land, or none. */
export async function restoreBackup(backup: Backup): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    const busy = await nonEmptyTables();
    if (busy.length > 0) throw new BackupError(notEmptyMessage(busy));
    for (const name of tableNames) {
      const rows = backup.tables[name];
      if (rows.length === 0) continue;
      if (name === 'settings') await db.settings.bulkPut(rows as never[]);
      else await db.table(name).bulkAdd(rows);
    }
  });
}

export function backupCounts(backup: Backup): string {
  return workspaceSummary(Object.fromEntries(tableNames.map((t) => [t, backup.tables[t].length])));
}
