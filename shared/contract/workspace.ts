/**
 * The office's workspace as a whole: the Histórico (list, filters, CSV export), the known settings,
 * backup and restore, the demo data, the move of an old browser workspace (IndexedDB) into the
 * host's store, and the transfers that carry big files across the bridge in chunks.
 *
 * Files cross the bridge in chunks (≤ 1 MB each way): the browser host refuses bodies above 2 MiB,
 * and a 100k-customer backup is tens of megabytes. The host writes an export to a temporary file
 * (pages streamed, with progress) and the screen reads it back with `transfer.read`; a backup to
 * restore goes up with `transfer.begin` + `transfer.append`.
 */
import { z } from 'zod';
import { CHARGING_RULES, COMPETENCE, LICENCE_EVENT_STATES } from '../domain/charging';
import { Customer, HistoryActor, HistoryEvent, HistoryOutcome, Integration, Link, Package, Plan, Product, Service } from '../domain/model';
import { count } from '../domain/text';
import { ChargingLineRecord, Day } from './charging-line';
import { command } from './define';

const Timestamp = z.iso.datetime({ offset: true });
const TransferId = z.uuid();
const Count = z.number().int().min(0);

// ---- Histórico ----

export const HistoryFilter = z
  .object({
    integrationId: z.string().min(1).max(200).optional(),
    /** an event kind ('customer.save') or its category ('customer') */
    kind: z.string().min(1).max(100).optional(),
    outcome: HistoryOutcome.optional(),
    actor: HistoryActor.optional(),
    clerk: z.string().min(1).max(200).optional(),
    /** a typed subject (subjects.ts); 'cliente:12' also finds its services' events ('cliente:12/servico:…') */
    subject: z.string().min(1).max(300).optional(),
    /** contained in the message, subject or kind, case-insensitive */
    text: z.string().max(200).optional(),
    /** from this instant on (inclusive) */
    from: Timestamp.optional(),
    /** before this instant (exclusive) */
    to: Timestamp.optional(),
  })
  .strict();
export type HistoryFilter = z.infer<typeof HistoryFilter>;

/** Where the next page starts: the last event of the page before (newest first). */
export const HistoryCursor = z.object({ at: Timestamp, id: z.number().int().positive() }).strict();
export type HistoryCursor = z.infer<typeof HistoryCursor>;

export const HistoryRecord = HistoryEvent.extend({ id: z.number().int().positive(), clerk: z.string().optional() });
export type HistoryRecord = z.infer<typeof HistoryRecord>;

export const HistoryListPage = z.object({
  events: z.array(HistoryRecord),
  /** every event matching the filters, not only this page's */
  total: Count,
  next: HistoryCursor.nullable(),
});
export type HistoryListPage = z.infer<typeof HistoryListPage>;

export const HistoryExportProgress = z.object({ transferId: TransferId, written: Count, total: Count });
export type HistoryExportProgress = z.infer<typeof HistoryExportProgress>;

/** A file the host prepared, to be read with transfer.read. */
export const PreparedFile = z.object({ transferId: TransferId, fileName: z.string(), mimeType: z.string(), bytes: Count });
export type PreparedFile = z.infer<typeof PreparedFile>;

// ---- settings ----

/** The daily routine (product sync + pass), 04:00 by default as HubSoft's; the time it last ran. */
export const Schedule = z.object({ hour: z.number().int().min(0).max(23), lastRunAt: Timestamp.optional() });
export type Schedule = z.infer<typeof Schedule>;

/**
 * Where the desks look for new versions (electron-updater's generic provider: the folder holding
 * latest.yml and the installers). null: the address the installer was built with (GitHub releases).
 */
export const UpdateFeed = z.object({
  url: z
    .string()
    .trim()
    .max(500)
    .refine((u) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(u) && URL.canParse(u), 'Informe o endereço completo, começando por https:// (por exemplo https://atualizacoes.provedor.com.br/sva-desk/).')
    .nullable(),
});
export type UpdateFeed = z.infer<typeof UpdateFeed>;

/** The import's remembered choices: a plan name from the ERP file (folded) → the office's plan. */
export const PlanMapping = z.record(z.string().min(1).max(300), z.number().int().positive());
export type PlanMapping = z.infer<typeof PlanMapping>;

/** The person at this desk, named in the history (issue 12: set on first start). */
export const ClerkName = z
  .string()
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(2, 'Informe o nome de quem atende nesta mesa (pelo menos 2 letras).').max(80, 'Use no máximo 80 caracteres no nome do atendente.'));

export const Settings = z.object({
  schedule: Schedule,
  importPlanMapping: PlanMapping,
  /** null until the clerk of this desk gives their name */
  clerk: z.string().nullable(),
  updates: UpdateFeed,
  /** this desk opens SVA Desk (in the tray) when the computer starts; desktop app only */
  startAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingChange = z.discriminatedUnion('key', [
  z.object({ key: z.literal('schedule'), value: z.object({ hour: Schedule.shape.hour }).strict() }).strict(),
  z.object({ key: z.literal('import.planMapping'), value: PlanMapping }).strict(),
  z.object({ key: z.literal('desk.clerk'), value: z.string().max(200) }).strict(),
  z.object({ key: z.literal('updates'), value: z.object({ url: z.string().max(500).nullable() }).strict() }).strict(),
  z.object({ key: z.literal('desk.startAtLogin'), value: z.boolean() }).strict(),
]);
export type SettingChange = z.infer<typeof SettingChange>;

// ---- backup ----

export const BACKUP_FORMAT = 'sva-desk-backup';
/**
 * 1: the renderer's Dexie rows (search keys included); 2: the host's records with their stamps;
 * 3: also Cobrança's tables (the licences' history, the products' costs, the rules, the closed
 * competências, the platform checks' licences of each month). A file of 1 or 2 has none of them.
 */
export const BACKUP_VERSION = 3;

/** Cobrança's tables (migration 0002-billing): in backups from format 3 on, empty in older files. */
export const BILLING_TABLES = ['licenceEvents', 'productCosts', 'chargingRules', 'chargingClosings', 'platformMonthLicences'] as const;

export const WorkspaceTable = z.enum(['integrations', 'products', 'packages', 'plans', 'customers', 'services', 'links', ...BILLING_TABLES, 'events', 'settings']);
export type WorkspaceTable = z.infer<typeof WorkspaceTable>;
export const workspaceTables = WorkspaceTable.options;
export const TableCounts = z.record(WorkspaceTable, Count);
export type TableCounts = z.infer<typeof TableCounts>;

/** The tables as the office names them (messages, counts shown to the clerk). */
export const workspaceTableLabels: Record<WorkspaceTable, { one: string; many: string }> = {
  integrations: { one: 'integração', many: 'integrações' },
  products: { one: 'produto', many: 'produtos' },
  packages: { one: 'pacote', many: 'pacotes' },
  plans: { one: 'plano', many: 'planos' },
  customers: { one: 'cliente', many: 'clientes' },
  services: { one: 'serviço', many: 'serviços' },
  links: { one: 'pacote vinculado', many: 'pacotes vinculados' },
  licenceEvents: { one: 'mudança de licença na plataforma', many: 'mudanças de licença na plataforma' },
  productCosts: { one: 'custo de produto', many: 'custos de produtos' },
  chargingRules: { one: 'regra de cobrança', many: 'regras de cobrança' },
  chargingClosings: { one: 'competência fechada', many: 'competências fechadas' },
  platformMonthLicences: { one: 'licença da conferência da fatura', many: 'licenças da conferência da fatura' },
  events: { one: 'evento do histórico', many: 'eventos do histórico' },
  settings: { one: 'preferência', many: 'preferências' },
};

/**
 * "200 clientes, 230 serviços, 4 pacotes, 3 planos, 1 integração": what a backup or a move holds;
 * "…, 1 integração, 12 competências fechadas" when it carries closed months of Cobrança (the rest of
 * Cobrança's rows are counted table by table, not in this sentence).
 */
export function workspaceSummary(counts: Partial<Record<WorkspaceTable, number>>): string {
  const shown: WorkspaceTable[] = ['customers', 'services', 'packages', 'plans', 'integrations'];
  if ((counts.chargingClosings ?? 0) > 0) shown.push('chargingClosings');
  return shown.map((t) => count(counts[t] ?? 0, workspaceTableLabels[t].one, workspaceTableLabels[t].many)).join(', ');
}

/** Who wrote a record last, and its version: in host backups; absent in the renderer's (version 1). */
const StampIn = { version: z.number().int().positive().optional(), updatedBy: z.string().nullable().optional() };

const Id = z.number().int().positive();
const Text = z.string().min(1);
const Competence = z.string().regex(COMPETENCE);

/**
 * A closing's lines as exported, kept as they came (key order too: they are what went to the ERP):
 * each must be a known line with no other field (a field this version does not know is refused,
 * not dropped, since dropping it would alter a closed month).
 */
const ClosingLines = z.array(z.record(z.string(), z.unknown())).superRefine((lines, ctx) => {
  const checked = z.array(ChargingLineRecord.strict()).safeParse(lines);
  const issue = checked.success ? undefined : checked.error.issues[0];
  if (issue) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
});

/** Cobrança's rows, column by column (electron/host/store/schema.ts), booleans as booleans. */
const billingRowSchemas = {
  licenceEvents: z.object({ id: Id, linkId: Text, serviceId: Text, packageId: Id, integrationId: Text, state: z.enum(LICENCE_EVENT_STATES), at: Timestamp }),
  productCosts: z.object({ id: Id, integrationId: Text, productCode: Text, costCents: z.number().int().min(0), validFrom: Day, createdAt: Timestamp, createdBy: z.string().nullable() }),
  chargingRules: z.object({ integrationId: Text, rule: z.enum(CHARGING_RULES), updatedAt: Timestamp, updatedBy: z.string().nullable() }),
  chargingClosings: z.object({ competence: Competence, closedAt: Timestamp, closedBy: z.string().nullable(), dataHash: Text, totalCents: z.number().int(), lines: ClosingLines }),
  platformMonthLicences: z.object({
    integrationId: Text,
    competence: Competence,
    contractIdentifier: z.string(),
    label: z.string(),
    productCode: z.string(),
    seenActive: z.boolean(),
    lastStatus: z.enum(['active', 'suspended', 'canceled']),
    lastSeenAt: Timestamp,
  }),
};

/**
 * The rows a backup (or an old workspace) may bring, by their KNOWN fields only: zod drops every
 * other field, nested ones too (a crafted `apiSecret` or `isAdmin` never reaches the store), and
 * the derived search keys of the old rows (recomputed by the store).
 */
export const workspaceRowSchemas = {
  integrations: Integration.extend(StampIn),
  products: Product,
  packages: Package.extend(StampIn),
  plans: Plan.extend(StampIn),
  customers: Customer.extend(StampIn),
  services: Service.extend(StampIn),
  links: Link.extend(StampIn),
  ...billingRowSchemas,
  events: HistoryEvent.extend({ clerk: z.string().optional() }),
  settings: z.object({ key: z.string().min(1).max(300), value: z.unknown() }),
} satisfies Record<WorkspaceTable, z.ZodType>;
export type WorkspaceRows = { [T in WorkspaceTable]: z.infer<(typeof workspaceRowSchemas)[T]>[] };

export const TableReport = z.object({
  table: WorkspaceTable,
  /** what the source said it holds */
  expected: Count,
  received: Count,
  stored: Count,
  /** left out on purpose (settings the host does not keep); said in the summary */
  skipped: Count,
});
export type TableReport = z.infer<typeof TableReport>;

export const BackupSummary = z.object({
  version: z.number().int(),
  schemaVersion: z.number().int(),
  exportedAt: z.string(),
  counts: TableCounts,
  /** "200 clientes, 230 serviços, 4 pacotes, 3 planos, 1 integração" */
  summary: z.string(),
  /** the store already holds these (restore needs an empty one) */
  busyTables: z.array(WorkspaceTable),
  /** why backup.restore would refuse it now (the store has data), to show before the clerk confirms */
  refusal: z.string().nullable(),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

export const RestoreResult = z.object({ tables: z.array(TableReport), summary: z.string() });
export type RestoreResult = z.infer<typeof RestoreResult>;

// ---- legacy move (issue 10 item 6) ----

export const LegacyMove = z.object({
  at: Timestamp,
  clerk: z.string().nullable(),
  schemaVersion: z.number().int(),
  tables: z.array(TableReport),
  /** the host session that moved it: the old database is kept until a later start */
  session: z.string(),
});
export type LegacyMove = z.infer<typeof LegacyMove>;

export const LegacyStatus = z.object({
  /** nothing of the office's record in the store yet: a move may be done */
  storeEmpty: z.boolean(),
  move: LegacyMove.omit({ session: true }).nullable(),
  /** the move was confirmed by a later start: the old IndexedDB may be deleted now */
  oldDatabaseReleased: z.boolean(),
});
export type LegacyStatus = z.infer<typeof LegacyStatus>;

const LegacySession = z.uuid();

// ---- demo ----

export const DemoResult = z.object({
  integrationId: z.string(),
  products: Count,
  packages: Count,
  plans: Count,
  customers: Count,
  services: Count,
  links: Count,
});
export type DemoResult = z.infer<typeof DemoResult>;

/** Each chunk of a file, in characters: well under the browser host's 2 MiB body cap. */
export const TRANSFER_CHUNK_CHARS = 1_000_000;

export const workspaceCommands = {
  'history.list': command(
    'Histórico de Eventos: uma página, do mais novo ao mais antigo, com filtros e o total encontrado',
    z.object({ filter: HistoryFilter.default({}), after: HistoryCursor.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    HistoryListPage,
  ),
  'history.facets': command('Os tipos de evento e os atendentes que aparecem no histórico (para os filtros)', z.object({}).strict(), z.object({ kinds: z.array(z.string()), clerks: z.array(z.string()) })),
  'history.export': command(
    'Exportar CSV: todos os eventos com os filtros aplicados, num arquivo preparado pelo host (leia com transfer.read)',
    // timeZone: the screen's, so the file's times read as the list's (the browser host may run in another zone)
    z.object({ filter: HistoryFilter.default({}), timeZone: z.string().min(1).max(64).optional() }).strict(),
    PreparedFile.extend({ rows: Count }),
  ),

  'settings.get': command('As preferências do escritório e o atendente desta mesa', z.object({}).strict(), Settings),
  'settings.set': command('Altera uma preferência conhecida', SettingChange, Settings),

  'backup.export': command('Exportar backup: o escritório inteiro num arquivo .json, sem credenciais', z.object({}).strict(), PreparedFile.extend({ counts: TableCounts, summary: z.string() })),
  'backup.inspect': command('Lê um backup enviado (transfer.append) e diz o que ele tem, sem gravar nada', z.object({ transferId: TransferId }).strict(), BackupSummary),
  'backup.restore': command('Restaura um backup enviado num banco vazio: tudo de uma vez, ou nada', z.object({ transferId: TransferId }).strict(), RestoreResult),

  'demo.load': command('Carregar dados de demonstração (integração no sandbox embutido, pacotes, planos, ~200 clientes)', z.object({}).strict(), DemoResult),

  'legacy.status': command('O banco do SVA Desk está vazio? Os dados do navegador já foram trazidos?', z.object({}).strict(), LegacyStatus),
  'legacy.begin': command(
    'Começa a trazer os dados do navegador (IndexedDB v1 ou v2): quantos registros de cada tabela virão',
    z.object({ schemaVersion: z.number().int().min(1).max(2), counts: TableCounts }).strict(),
    z.object({ sessionId: LegacySession }),
  ),
  'legacy.rows': command(
    'Um pedaço (até 1 MB) de uma tabela do banco antigo',
    z.object({ sessionId: LegacySession, table: WorkspaceTable, rows: z.array(z.unknown()).max(20_000) }).strict(),
    z.object({ received: Count }),
  ),
  'legacy.finish': command('Confere as contagens e grava tudo de uma vez, ou nada', z.object({ sessionId: LegacySession }).strict(), RestoreResult),
  'legacy.abort': command('Desiste da cópia em andamento (nada foi gravado)', z.object({ sessionId: LegacySession }).strict(), z.object({ aborted: z.boolean() })),

  'transfer.begin': command('Começa a enviar um arquivo ao host (em pedaços)', z.object({}).strict(), z.object({ transferId: TransferId })),
  'transfer.append': command('Um pedaço do arquivo enviado', z.object({ transferId: TransferId, text: z.string().max(TRANSFER_CHUNK_CHARS) }).strict(), z.object({ receivedChars: Count })),
  'transfer.read': command(
    'Um pedaço de um arquivo preparado pelo host, a partir de `offset` (bytes)',
    z.object({ transferId: TransferId, offset: z.number().int().min(0) }).strict(),
    z.object({ text: z.string(), nextOffset: Count, bytes: Count, done: z.boolean() }),
  ),
  'transfer.discard': command('Apaga um arquivo preparado ou enviado', z.object({ transferId: TransferId }).strict(), z.object({ discarded: z.boolean() })),
};

export const workspaceEvents = {
  'history.exportProgress': HistoryExportProgress,
};
