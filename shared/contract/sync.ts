/**
 * The sync engine in the host (ARCHITECTURE, "Transmission is reconciliation, run by the host"):
 * the renderer asks for passes and confirms previews; plans never cross the bridge.
 */
import { z } from 'zod';
import { OperationKind } from '../domain/operation';
import { command } from './define';
import { RunProgress } from './runs';
import { Schedule } from './workspace';

/** Why a pass runs. 'manual' and 'retry' are the office's own clicks: they also resend permanent errors. */
export const SyncTrigger = z.enum(['edit', 'import', 'reconnect', 'schedule', 'manual', 'start', 'retry', 'auto-retry', 'after-run']);
export type SyncTrigger = z.infer<typeof SyncTrigger>;

export const PassSummarySchema = z.object({
  links: z.number().int(),
  creations: z.number().int(),
  updates: z.number().int(),
  suspensions: z.number().int(),
  reenables: z.number().int(),
  cancellations: z.number().int(),
});

export const PreviewRow = z.object({ linkId: z.string(), name: z.string(), packageName: z.string(), steps: z.array(OperationKind) });
export type PreviewRow = z.infer<typeof PreviewRow>;

/** A pass over the threshold (or with a cancellation) waits for the office's confirmation. */
export const PreviewInfo = z.object({
  id: z.string(),
  trigger: SyncTrigger,
  createdAt: z.string(),
  summary: PassSummarySchema,
});
export type PreviewInfo = z.infer<typeof PreviewInfo>;


export const SyncState = z.object({
  /** a pass is being computed or sent */
  passing: z.boolean(),
  /** links with steps still to send after the last pass, and what they amount to */
  pending: PassSummarySchema,
  preview: PreviewInfo.nullable(),
  /** why the last pass did not send (offline, credentials…), in Portuguese; null when it did */
  notice: z.string().nullable(),
  runs: z.array(RunProgress),
  schedule: Schedule,
  lastPassAt: z.string().nullable(),
});
export type SyncState = z.infer<typeof SyncState>;

const LinkIds = z.array(z.string().min(1).max(200)).min(1).max(100_000);

export const syncCommands = {
  'sync.state': command('Estado da transmissão: pendências, prévia aguardando confirmação, transmissões em andamento, rotina diária', z.object({}).strict(), SyncState),
  'sync.request': command(
    'Pede uma passagem: "Transmitir agora" (manual) ou "Tentar novamente" dos vínculos escolhidos (retry, só eles)',
    z.union([z.object({ trigger: z.literal('manual') }).strict(), z.object({ trigger: z.literal('retry'), linkIds: LinkIds }).strict()]),
    z.object({ accepted: z.literal(true) }),
  ),
  'sync.previewRows': command(
    'Linhas da prévia (quem e o quê), em páginas',
    z.object({ previewId: z.string(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    z.object({ rows: z.array(PreviewRow), total: z.number().int() }),
  ),
  'sync.confirm': command('Confirma a prévia: envia exatamente o que ela mostrou', z.object({ previewId: z.string() }).strict(), z.object({ sent: z.number().int() })),
  'sync.dismiss': command('Adia a prévia: as alterações continuam pendentes', z.object({ previewId: z.string() }).strict(), z.object({ dismissed: z.boolean() })),
};

export const syncEvents = {
  /** On every change of SyncState (throttled while a run goes). */
  'sync.state': SyncState,
};
