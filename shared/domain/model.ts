/**
 * The entities the office records (Dexie rows in the renderer). Plain JSON: no Date, no class,
 * timestamps as ISO 8601 strings, money as integer centavos, documents and codes as text.
 */
import { z } from 'zod';

const Timestamp = z.iso.datetime({ offset: true });
const Cents = z.number().int().min(0);

// HubSoft's status prefixes (DOMAIN.md "Service statuses"); ERP exports carry these.
export const ServiceStatus = z.enum([
  'servico_habilitado',
  'suspenso_debito',
  'suspenso_parcialmente',
  'bloqueio_temporario',
  'servico_bloqueado',
  'suspenso_judicial',
  'dedicado_suspenso',
  'suspenso_pedido_cliente',
  'franquia_excedida',
  'aguardando_instalacao',
  'aguardando_configuracao',
  'aguardando_assinatura_contrato',
  'aguardando_liberacao_ti',
  'aguardando_migracao',
  'agendado_para_instalacao',
  'cancelado',
  'inativo',
]);
export type ServiceStatus = z.infer<typeof ServiceStatus>;

export const LicenceState = z.enum(['active', 'suspended', 'not_provisioned', 'canceled']);
export type LicenceState = z.infer<typeof LicenceState>;

export const Environment = z.enum(['production', 'sandbox', 'custom']);
export type Environment = z.infer<typeof Environment>;

export const StatusMap = z.record(ServiceStatus, LicenceState);
export type StatusMap = z.infer<typeof StatusMap>;

export const Integration = z.object({
  id: z.string().min(1),
  platform: z.literal('campsoft'),
  description: z.string(),
  environment: Environment,
  baseUrl: z.string(),
  active: z.boolean(),
  // S2: "Habilitar/Suspender Assinaturas"
  suspendBySubscriptionStatus: z.boolean(),
  statusMap: StatusMap,
  ispName: z.string().optional(),
  // what the platform bills for (GET /isps active_licenses), and when it was last read (a test or a check)
  activeLicenses: z.number().int().min(0).optional(),
  activeLicensesAt: Timestamp.optional(),
  lastTestAt: Timestamp.optional(),
  lastSyncAt: Timestamp.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Integration = z.infer<typeof Integration>;

export const ProductStatus = z.enum(['active', 'inactive']);
export type ProductStatus = z.infer<typeof ProductStatus>;

export const Product = z.object({
  // `${integrationId}:${code}`
  id: z.string().min(1),
  integrationId: z.string().min(1),
  // Campsoft: product codes are opaque strings, often numeric-looking; never parse as a number.
  code: z.string().min(1),
  name: z.string(),
  description: z.string(),
  status: ProductStatus,
  syncedAt: Timestamp,
});
export type Product = z.infer<typeof Product>;

export function productId(integrationId: string, code: string): string {
  return `${integrationId}:${code}`;
}

export const FiscalKind = z.enum(['SVA', 'SCM', 'outro']);
export type FiscalKind = z.infer<typeof FiscalKind>;

export const CompositionItem = z.object({
  description: z.string(),
  fiscalKind: FiscalKind,
  amountCents: Cents,
});
export type CompositionItem = z.infer<typeof CompositionItem>;

export const PackageKind = z.enum(['avulso', 'beneficio', 'combo']);
export type PackageKind = z.infer<typeof PackageKind>;

export const CompositionApproval = z.object({ by: z.string().min(1), at: Timestamp });
export type CompositionApproval = z.infer<typeof CompositionApproval>;

export const Package = z.object({
  // the package number (auto-increment), also the suffix of the generated label (S10)
  id: z.number().int().positive(),
  name: z.string(),
  description: z.string(),
  kind: PackageKind,
  priceCents: Cents,
  composition: z.array(CompositionItem),
  compositionApproval: CompositionApproval.optional(),
  integrationId: z.string().min(1),
  // S3: a Campsoft package delivers exactly one product
  productCode: z.string().min(1),
  label: z.string(),
  active: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Package = z.infer<typeof Package>;

export const DefaultPackage = z.object({
  packageId: z.number().int().positive(),
  // S11: mandatory packages are attached when the service is added
  mandatory: z.boolean(),
});
export type DefaultPackage = z.infer<typeof DefaultPackage>;

export const Plan = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  priceCents: Cents,
  // S8
  defaultPackages: z.array(DefaultPackage),
  // S12: "Travar Pacotes"
  lockPackages: z.boolean(),
  active: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Plan = z.infer<typeof Plan>;

export const Phone = z.object({
  ddi: z.string(),
  ddd: z.string(),
  number: z.string(),
  mobile: z.boolean(),
});
export type Phone = z.infer<typeof Phone>;

export const DocumentType = z.enum(['cpf', 'cnpj']);
export type DocumentType = z.infer<typeof DocumentType>;

export const Address = z.object({
  street: z.string().optional(),
  number: z.string().optional(),
  district: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  zip: z.string().optional(),
});
export type Address = z.infer<typeof Address>;

export const Customer = z.object({
  id: z.number().int().positive(),
  // code of the customer in the ERP
  code: z.string().optional(),
  name: z.string(),
  documentType: DocumentType,
  // normalized: digits and uppercase letters, no punctuation
  document: z.string(),
  emails: z.array(z.string()),
  phones: z.array(Phone),
  address: Address.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Customer = z.infer<typeof Customer>;

export const Service = z.object({
  // = id_cliente_servico from the ERP, kept as text
  id: z.string().min(1),
  customerId: z.number().int().positive(),
  planId: z.number().int().positive(),
  status: ServiceStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Service = z.infer<typeof Service>;

export const ObservedError = z.object({
  code: z.string(),
  message: z.string(),
  platformErrorId: z.string().optional(),
  retryable: z.boolean(),
  /** When the platform gave this answer: a permanent error is retried automatically only after an edit. */
  at: Timestamp.optional(),
});
export type ObservedError = z.infer<typeof ObservedError>;

export const ObservedLicenceState = z.enum(['none', 'active', 'suspended', 'canceled', 'error', 'blocked']);
export type ObservedLicenceState = z.infer<typeof ObservedLicenceState>;

export const ObservedState = z.object({
  state: ObservedLicenceState,
  // hash of the last body confirmed by the platform, to tell whether an update is due
  sentHash: z.string().optional(),
  confirmedAt: Timestamp.optional(),
  error: ObservedError.optional(),
  // S9: validation failures never reach the network; the reason is shown where it can be fixed
  blockedReason: z.string().optional(),
});
export type ObservedState = z.infer<typeof ObservedState>;

export const Link = z.object({
  id: z.string().min(1),
  serviceId: z.string().min(1),
  packageId: z.number().int().positive(),
  // S10: optional overrides; see defaults.ts for the values used when absent
  password: z.string().optional(),
  contractIdentifier: z.string().optional(),
  label: z.string().optional(),
  // a removed link is kept until its licence is cancelled on the platform
  removedAt: Timestamp.optional(),
  observed: ObservedState,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Link = z.infer<typeof Link>;

export const HistoryActor = z.enum(['user', 'integration', 'system']);
export type HistoryActor = z.infer<typeof HistoryActor>;

export const HistoryOutcome = z.enum(['ok', 'error', 'info']);
export type HistoryOutcome = z.infer<typeof HistoryOutcome>;

export const HistoryEvent = z.object({
  id: z.number().int().positive().optional(),
  at: Timestamp,
  actor: HistoryActor,
  integrationId: z.string().optional(),
  // e.g. 'integration.test', 'products.sync', 'licence.grant'
  kind: z.string().min(1),
  subject: z.string().optional(),
  outcome: HistoryOutcome,
  message: z.string(),
  platformErrorId: z.string().optional(),
});
export type HistoryEvent = z.infer<typeof HistoryEvent>;
