/**
 * "Conferir com a plataforma": what the platform really holds, for the drift report
 * (shared/domain/drift.ts). Personal data stays out of the payload: only the subscriber's name
 * travels (to name the customer of a licence the office has no link for), never e-mail, phone or
 * document.
 */
import { z } from 'zod';
import { command } from './define';

const IntegrationId = z.string().min(1).max(200);

export const PlatformLicenceView = z.object({
  label: z.string(),
  productCode: z.string(),
  status: z.enum(['active', 'suspended', 'canceled']),
});

export const PlatformSubscriberView = z.object({
  contractIdentifier: z.string(),
  name: z.string(),
  licences: z.array(PlatformLicenceView),
});

export const PlatformSubscribers = z.object({
  subscribers: z.array(PlatformSubscriberView),
  /** GET /isps active_licenses: what Campsoft bills the provider for. */
  activeLicenses: z.number().int().min(0),
  /** GET /isps name: the provider the credentials belong to. */
  ispName: z.string().optional(),
  fetchedAt: z.string(),
});
export type PlatformSubscribers = z.infer<typeof PlatformSubscribers>;

export const PlatformSubscribersProgress = z.object({ integrationId: z.string(), fetched: z.number().int(), total: z.number().int() });

export const platformCheckCommands = {
  'platform.subscribers': command(
    'Conferir com a plataforma: todos os assinantes e licenças da integração, e as licenças ativas cobradas',
    z.object({ integrationId: IntegrationId }).strict(),
    PlatformSubscribers,
  ),
};

export const platformCheckEvents = {
  /** One per page of GET /subscribers. */
  'platform.subscribers.progress': PlatformSubscribersProgress,
};
