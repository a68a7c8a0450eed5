/**
 * Ações em massa (LHISP's model): one package action on many customers' services, with a preview,
 * a confirmation and a result per row. The host resolves the target (a plan's services, every
 * customer a search finds, a selection, or the id_cliente_servico of a file), so a selection of
 * 100k is a filter, never 100k ids. Each row runs the same checks and writes as the single action.
 */
import { z } from 'zod';
import { command } from './define';

const PlanId = z.number().int().positive();
const PackageId = z.number().int().positive();
const CustomerId = z.number().int().positive();
const ServiceId = z.string().trim().min(1).max(200);
const BulkId = z.string().min(1).max(100);

/** Service ids one file may carry (a 100k-line file is ~1 MB of ids: under the bridge's 2 MiB). */
export const MAX_FILE_IDS = 100_000;
/** Rows one action may touch; past it the preview asks to narrow the selection. */
export const MAX_BULK_ROWS = 200_000;
export const BULK_PAGE = 100;

export const BulkTarget = z.discriminatedUnion('kind', [
  /** the services of a plan */
  z.object({ kind: z.literal('plan'), planId: PlanId }).strict(),
  /** every customer the Clientes search finds with this text (all pages), and their services */
  z.object({ kind: z.literal('search'), text: z.string().max(200) }).strict(),
  /** the customers ticked on the list, and their services */
  z.object({ kind: z.literal('customers'), customerIds: z.array(CustomerId).min(1).max(1000) }).strict(),
  /** id_cliente_servico read from a file (CSV/XLSX) */
  z
    .object({
      kind: z.literal('services'),
      serviceIds: z.array(ServiceId).min(1).max(MAX_FILE_IDS),
      /** each id's line in the file, so the result names it as the clerk sees the file; default: its position */
      lines: z.array(z.number().int().positive()).max(MAX_FILE_IDS).optional(),
      fileName: z.string().max(300).optional(),
    })
    .strict(),
]);
export type BulkTarget = z.infer<typeof BulkTarget>;

/** S10 in bulk: a field left out keeps each link's value; an empty text puts the default back. */
export const BulkParams = z
  .object({ password: z.string().max(200).optional(), contractIdentifier: z.string().max(200).optional(), label: z.string().max(200).optional() })
  .strict();
export type BulkParams = z.infer<typeof BulkParams>;

export const BulkAction = z.discriminatedUnion('kind', [
  /** S8/S11 on existing services: the plan's mandatory packages, and the optional ones chosen */
  z.object({ kind: z.literal('planDefaults'), keptOptionalPackageIds: z.array(PackageId).max(100).default([]) }).strict(),
  z.object({ kind: z.literal('link'), packageId: PackageId }).strict(),
  z.object({ kind: z.literal('unlink'), packageId: PackageId }).strict(),
  z.object({ kind: z.literal('params'), packageId: PackageId, params: BulkParams }).strict(),
]);
export type BulkAction = z.infer<typeof BulkAction>;

/** pending: the preview's "will be done"; done: the result's "was done". */
export const BulkOutcome = z.enum(['pending', 'done', 'already', 'refused', 'unknown']);
export type BulkOutcome = z.infer<typeof BulkOutcome>;

export const BulkRow = z.object({
  /** the file's line, for rows from a file */
  line: z.number().int().positive().nullable(),
  serviceId: z.string(),
  customerId: z.number().int().nullable(),
  customerName: z.string().nullable(),
  packageName: z.string().nullable(),
  outcome: BulkOutcome,
  /** what was or will be done, or why not, in the office's words */
  message: z.string(),
});
export type BulkRow = z.infer<typeof BulkRow>;

const Count = z.number().int().min(0);
export const BulkCounts = z.object({ pending: Count, done: Count, already: Count, refused: Count, unknown: Count });
export type BulkCounts = z.infer<typeof BulkCounts>;

export const BulkPackageCount = z.object({
  packageId: PackageId,
  name: z.string(),
  /** S11, for a plan's default packages; null for other actions */
  mandatory: z.boolean().nullable(),
  /** whether this action applies it (an optional default the clerk left out does not) */
  included: z.boolean(),
  counts: BulkCounts,
});

export const BulkSummary = z.object({
  bulkId: BulkId,
  /** what the action does, as the confirmation says it */
  title: z.string(),
  /** what it is applied to, without article: "serviços do plano Fibra 300" */
  targetLabel: z.string(),
  state: z.enum(['preview', 'applying', 'applied']),
  services: Count,
  rows: Count,
  counts: BulkCounts,
  packages: z.array(BulkPackageCount),
});
export type BulkSummary = z.infer<typeof BulkSummary>;

export const BulkRowsPage = z.object({ rows: z.array(BulkRow), total: Count });
export type BulkRowsPage = z.infer<typeof BulkRowsPage>;

export const bulkCommands = {
  'bulk.preview': command(
    'Prévia de uma ação em massa de pacotes (vincular, remover, alterar parâmetros, pacotes padrão do plano): contagens e o que acontece em cada serviço',
    z.object({ target: BulkTarget, action: BulkAction }).strict(),
    BulkSummary,
  ),
  'bulk.rows': command(
    'Uma página das linhas da prévia ou do resultado de uma ação em massa, de um resultado ou de todos',
    z.object({ bulkId: BulkId, outcome: BulkOutcome.optional(), offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(),
    BulkRowsPage,
  ),
  'bulk.apply': command(
    'Aplica a ação em massa conferida na prévia, em lotes; cada serviço com seu evento no histórico',
    z.object({ bulkId: BulkId }).strict(),
    BulkSummary,
  ),
  'bulk.discard': command('Descarta a prévia de uma ação em massa', z.object({ bulkId: BulkId }).strict(), z.object({ discarded: z.boolean() })),
};

export const bulkEvents = {
  /** While an action is applied: rows handled of the total. */
  'bulk.progress': z.object({ bulkId: BulkId, done: Count, total: Count }),
};
