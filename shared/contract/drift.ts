/**
 * "Conferir com a plataforma" in the host: the platform's subscribers against the office's record,
 * computed and recorded in the store; the fixes go through the same write path and sync engine.
 */
import { z } from 'zod';
import { DriftKind } from '../domain/drift';
import { LicenceState, ObservedLicenceState } from '../domain/model';
import { command } from './define';

export const DriftRowSchema = z.object({
  kind: z.enum(DriftKind),
  integrationId: z.string(),
  contractIdentifier: z.string(),
  label: z.string(),
  customerName: z.string(),
  officeWants: LicenceState.nullable(),
  officeRecord: ObservedLicenceState.nullable(),
  platformHas: z.enum(['active', 'suspended', 'canceled', 'none']),
  productCode: z.string().optional(),
  linkId: z.string().optional(),
  serviceId: z.string().optional(),
  relatedLinkIds: z.array(z.string()),
  pending: z.boolean(),
  blockedReason: z.string().optional(),
});

export const PlatformCheck = z.object({
  integrationId: z.string(),
  rows: z.array(DriftRowSchema),
  counts: z.object({ platformActive: z.number().int(), officeShouldBeActive: z.number().int() }),
  /** what Campsoft bills the provider for (GET /isps) */
  activeLicenses: z.number().int(),
  fetchedAt: z.string(),
});
export type PlatformCheck = z.infer<typeof PlatformCheck>;

const Key = z.object({ contractIdentifier: z.string().min(1), label: z.string().min(1) });
const IntegrationId = z.string().min(1).max(200);

export const driftCommands = {
  'platform.check': command('Confere a plataforma com o SVA Desk: lista as diferenças e registra no histórico', z.object({ integrationId: IntegrationId }).strict(), PlatformCheck),
  'platform.lastCheck': command('A última conferência desta integração feita nesta sessão; null se nenhuma', z.object({ integrationId: IntegrationId }).strict(), PlatformCheck.nullable()),
  'platform.fix': command(
    'Corrige as diferenças escolhidas: registra o que a plataforma tem (a próxima transmissão corrige) e cancela as licenças sem vínculo no SVA Desk',
    z.object({ integrationId: IntegrationId, rows: z.array(Key).min(1).max(100_000) }).strict(),
    z.object({ corrected: z.number().int(), cancelSent: z.number().int() }),
  ),
};
