/**
 * Each link's one state (shared/domain/link-state.ts), computed in the host from the store and the
 * sync engine (what the last pass planned, which runs are sending): the status bar's and the Painel's
 * counts, the Transmissão list by state, a customer's links.
 */
import { z } from 'zod';
import { LINK_STATES } from '../domain/link-state';
import { ServiceStatus } from '../domain/model';
import { command } from './define';

export const LinkStateCode = z.enum(LINK_STATES);
export const LinkStateView = z.object({
  code: LinkStateCode,
  action: z.enum(['create', 'activate', 'update', 'suspend', 'reenable', 'cancel']).optional(),
  interrupted: z.boolean().optional(),
  reason: z.string().optional(),
  confirmed: z.enum(['active', 'suspended']).optional(),
  /** the line under the badge (linkStateDetail), in the office's words */
  detail: z.string().nullable(),
});
export type LinkStateView = z.infer<typeof LinkStateView>;

export const LinkStateCountsSchema = z.object(Object.fromEntries(LINK_STATES.map((s) => [s, z.number().int().min(0)])) as Record<(typeof LINK_STATES)[number], z.ZodNumber>);

export const LinkStateRow = z.object({
  linkId: z.string(),
  customerId: z.number().int().nullable(),
  customerName: z.string().nullable(),
  customerCode: z.string().nullable(),
  serviceId: z.string(),
  serviceStatus: ServiceStatus.nullable(),
  packageId: z.number().int(),
  packageName: z.string().nullable(),
  integrationId: z.string().nullable(),
  /** what goes to the platform: the link's override or the service's id (S10) */
  contractIdentifier: z.string(),
  label: z.string().nullable(),
  removed: z.boolean(),
  state: LinkStateView,
  /** when the platform last confirmed this link */
  confirmedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type LinkStateRow = z.infer<typeof LinkStateRow>;

export const linkStateCommands = {
  'links.states': command(
    'Quantos vínculos há em cada estado (Pendente, Enviando, Ativo…): a barra de status e o Painel',
    z.object({}).strict(),
    z.object({ counts: LinkStateCountsSchema, total: z.number().int().min(0) }),
  ),
  'links.list': command(
    'Vínculos com seu estado, filtrados por estado, cliente, integração, plano ou ids, em páginas (ordem: nome do cliente)',
    z
      .object({
        state: LinkStateCode.optional(),
        customerId: z.number().int().positive().optional(),
        integrationId: z.string().min(1).max(200).optional(),
        planId: z.number().int().positive().optional(),
        linkIds: z.array(z.string().min(1).max(200)).max(1000).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    z.object({ rows: z.array(LinkStateRow), total: z.number().int().min(0) }),
  ),
};
