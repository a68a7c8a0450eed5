/**
 * Importar do ERP, run by the host (issue 10): the renderer hands over the file's bytes, the host
 * reads, validates, compares and applies it in one transaction, pushing progress.
 *
 * Transport: a 100k-line export is 15–25 MB and the browser host takes at most 2 MiB per request,
 * so the file goes up in pieces: `import.open` (name and size, refused above the cap before a byte
 * is sent) → `import.upload` (1 MiB per piece as base64, in order; a piece sent twice is ignored, so
 * a retry is safe) → with `last`, the host reads the file and answers what it found. The host keeps
 * the file's rows in an import session; the screen asks for the preview, pages of rows, and applies.
 */
import { z } from 'zod';
import { ServiceStatus } from '../domain/model';
import { MAX_COLUMNS, MAX_FILE_BYTES } from '../import/limits';
import { command } from './define';
import { PreparedFile } from './workspace';

/** Raw bytes per `import.upload` piece: 1 MiB is ~1.4 MB of base64, under the browser host's 2 MiB body cap. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024;

const SessionId = z.string().min(1).max(64);
const Column = z.number().int().min(0).max(MAX_COLUMNS - 1);

export const ColumnMapping = z
  .object({
    serviceId: Column.nullable(),
    customerCode: Column.nullable(),
    name: Column.nullable(),
    document: Column.nullable(),
    emails: z.array(Column).max(MAX_COLUMNS),
    phones: z.array(Column).max(MAX_COLUMNS),
    plan: Column.nullable(),
    status: Column.nullable(),
  })
  .strict();

export const PlanChoice = z.discriminatedUnion('kind', [z.object({ kind: z.literal('create') }).strict(), z.object({ kind: z.literal('existing'), planId: z.number().int().positive() }).strict()]);

/** What the host found in the file: the columns step shows it. */
const FileCommon = z.object({
  sessionId: SessionId,
  fileName: z.string(),
  size: z.number().int(),
  /** e.g. "Windows-1252 (ANSI) · separado por ponto e vírgula (;)" */
  description: z.string(),
  headers: z.array(z.string()),
  rowCount: z.number().int(),
  /** the first data line's cells, as examples next to each field */
  firstRow: z.array(z.string()),
  /** the HubSoft preset when the headers look like a HubSoft export, else the fields it recognised */
  preset: z.enum(['hubsoft', 'generic']),
  mapping: ColumnMapping,
  /** columns whose first lines look like e-mails or phones (shared/import/columns.ts) */
  looks: z.array(z.object({ column: Column, kind: z.enum(['email', 'phone']) })),
});
export const ImportFile = z.discriminatedUnion('format', [
  FileCommon.extend({ format: z.literal('csv'), encoding: z.enum(['utf-8', 'windows-1252']), delimiter: z.enum([';', ',', '\t']) }),
  FileCommon.extend({ format: z.literal('xlsx'), sheetName: z.string() }),
]);
export type ImportFile = z.infer<typeof ImportFile>;

export const ImportCounts = z.object({
  newCustomers: z.number().int(),
  changedCustomers: z.number().int(),
  newServices: z.number().int(),
  statusChanges: z.number().int(),
  planChanges: z.number().int(),
  customerChanges: z.number().int(),
  newPlans: z.number().int(),
  newLinks: z.number().int(),
  suspensions: z.number().int(),
  reenables: z.number().int(),
  cancellations: z.number().int(),
  lockedLinks: z.number().int(),
});

const RejectedItem = z.object({ line: z.number().int(), cells: z.array(z.string()), reasons: z.array(z.string()) });
const WarningItem = z.object({ line: z.number().int(), serviceId: z.string(), name: z.string(), warnings: z.array(z.string()) });
const DuplicateItem = z.object({ line: z.number().int(), sameAs: z.number().int() });
const ValidItem = z.object({ line: z.number().int(), serviceId: z.string(), name: z.string(), planName: z.string(), status: ServiceStatus });

export const RowList = z.enum(['rejected', 'warnings', 'duplicates', 'valid']);
export type RowList = z.infer<typeof RowList>;

const page = <T extends z.ZodType>(list: RowList, item: T) => z.object({ list: z.literal(list), total: z.number().int(), offset: z.number().int(), items: z.array(item) });
const RejectedPage = page('rejected', RejectedItem);
const WarningsPage = page('warnings', WarningItem);
const DuplicatesPage = page('duplicates', DuplicateItem);
const ValidPage = page('valid', ValidItem);
export const RowsPage = z.discriminatedUnion('list', [RejectedPage, WarningsPage, DuplicatesPage, ValidPage]);
export type RowsPage = z.infer<typeof RowsPage>;

/** Rows per page of the preview's tables (the first page of each comes with the preview). */
export const IMPORT_PAGE = 20;

export const ImportPreview = z.object({
  sessionId: SessionId,
  /** `import.apply` names the preview it confirms: what it writes is recomputed and must match it */
  previewId: z.string(),
  rows: z.object({
    valid: z.number().int(),
    withWarnings: z.number().int(),
    rejected: z.number().int(),
    duplicates: z.number().int(),
    /** rows whose CPF/CNPJ got back the leading zeros a spreadsheet dropped */
    restoredDocuments: z.number().int(),
    /** imported rows with a phone left out, and how many of those phones had a DDD that does not exist */
    droppedPhones: z.number().int(),
    invalidDdds: z.number().int(),
  }),
  /** each plan of the file, with its services and the plan it goes to */
  plans: z.array(z.object({ name: z.string(), services: z.number().int(), choice: PlanChoice })),
  counts: ImportCounts,
  hasChanges: z.boolean(),
  /** Travar Pacotes on the plans services migrate to: why some of their packages are not allowed there */
  lockedReasons: z.array(z.string()),
  pages: z.object({ rejected: RejectedPage, warnings: WarningsPage, duplicates: DuplicatesPage, valid: ValidPage }),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = z.object({
  /** "1 cliente novo, 2 serviços novos, 2 pacotes vinculados" */
  summary: z.string(),
  counts: ImportCounts,
  /** false when the file held nothing new: nothing was written */
  written: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ImportPhase = z.enum(['compare', 'write', 'index', 'commit', 'done']);
export type ImportPhase = z.infer<typeof ImportPhase>;

/** The ERP exports of the import screen: CSV files the ERP or a spreadsheet reads. */
export const ExportKind = z.enum(['customers', 'services', 'links']);
export type ExportKind = z.infer<typeof ExportKind>;

/** A CSV the host wrote (read it with transfer.read) and how many data lines it has. */
export const PreparedCsv = PreparedFile.extend({ rows: z.number().int().min(0) });
export type PreparedCsv = z.infer<typeof PreparedCsv>;

export const importCommands = {
  'import.open': command(
    'Começa uma importação do ERP: nome e tamanho do arquivo (recusado acima do limite antes de enviar)',
    z.object({ fileName: z.string().min(1).max(260), size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict(),
    z.object({ sessionId: SessionId, chunkBytes: z.number().int() }),
  ),
  'import.upload': command(
    'Envia um pedaço do arquivo (base64, em ordem); com last, o SVA Desk lê o arquivo e diz o que encontrou',
    z
      .object({
        sessionId: SessionId,
        offset: z.number().int().min(0).max(MAX_FILE_BYTES),
        // base64 of at most IMPORT_CHUNK_BYTES
        data: z.string().max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4),
        last: z.boolean(),
      })
      .strict(),
    z.object({ received: z.number().int(), file: ImportFile.nullable() }),
  ),
  'import.preview': command(
    'Valida as linhas com o mapeamento de colunas e compara com os dados do SVA Desk: relatório por linha, contagens, planos e o que muda na plataforma',
    z
      .object({
        sessionId: SessionId,
        mapping: ColumnMapping,
        /** the office's plan choices by plan name as written in the file; the others get the default */
        plans: z.record(z.string().max(500), PlanChoice).optional(),
      })
      .strict(),
    ImportPreview,
  ),
  'import.rows': command(
    'Uma página das linhas do relatório da prévia (rejeitadas, com aviso, duplicadas, válidas)',
    z.object({ sessionId: SessionId, list: RowList, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(),
    RowsPage,
  ),
  'import.apply': command(
    'Grava a importação conferida na prévia, numa transação só: tudo ou nada',
    z
      .object({
        sessionId: SessionId,
        previewId: z.string().min(1).max(100),
        /** Travar Pacotes: what to do with the packages a service's new plan does not allow */
        lockedLinks: z.enum(['keep', 'remove']).optional(),
      })
      .strict(),
    ImportResult,
  ),
  'import.cancel': command(
    'Cancela a importação: descarta o arquivo, ou interrompe a gravação em andamento (nada é gravado)',
    z.object({ sessionId: SessionId }).strict(),
    z.object({ canceled: z.boolean() }),
  ),
  'import.rejectedReport': command(
    'Relatório das linhas rejeitadas da prévia (CSV com a linha, as colunas do arquivo e o motivo), preparado pelo host: leia com transfer.read',
    z.object({ sessionId: SessionId }).strict(),
    PreparedCsv,
  ),
  'exports.prepare': command(
    'Exportar clientes, serviços (colunas do HubSoft) ou pacotes dos serviços num CSV preparado pelo host: leia com transfer.read',
    z.object({ what: ExportKind }).strict(),
    PreparedCsv,
  ),
};

export const importEvents = {
  /** While an import is applied: records written of the total, per phase; `done` once committed. */
  'import.progress': z.object({ sessionId: SessionId, phase: ImportPhase, done: z.number().int(), total: z.number().int() }),
};
