/**
 * Clientes: the customer search, a customer with their services and links, the S7–S12 writes on
 * services and links, and LGPD (export, erasure). Records carry `version` and `updatedBy` (Stamp).
 */
import { ChargingLineRecord } from './charging-line';
import { z } from 'zod';
import { LGPD_EXPORT_FORMAT } from '../domain/lgpd';
import { Customer, DocumentType, HistoryEvent, Link, Service } from '../domain/model';
import { command } from './define';
import { Stamp } from './plans';

const CustomerId = z.number().int().positive();
const ServiceId = z.string().min(1).max(200);
const LinkId = z.string().min(1).max(200);
const PlanId = z.number().int().positive();
const PackageId = z.number().int().positive();
const Version = z.number().int().positive();

export const CustomerRecord = Customer.extend(Stamp.shape);
export type CustomerRecord = z.infer<typeof CustomerRecord>;
export const ServiceRecord = Service.extend(Stamp.shape);
export type ServiceRecord = z.infer<typeof ServiceRecord>;
export const LinkRecord = Link.extend(Stamp.shape);
export type LinkRecord = z.infer<typeof LinkRecord>;

// ---- search ----

/** Where the next page starts: after this customer in name order (keyset paging). */
export const CustomerCursor = z.object({ nameKey: z.string(), id: CustomerId });
export type CustomerCursor = z.infer<typeof CustomerCursor>;

/** One line of the Clientes list. LGPD: document, e-mail and phone masked; the detail shows them whole. */
export const CustomerListRow = z.object({
  id: CustomerId,
  code: z.string().nullable(),
  name: z.string(),
  documentType: DocumentType,
  /** masked (maskDocument), still telling namesakes apart */
  document: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  services: z.number().int().min(0),
  /** S9: why this customer's packages are not transmitted; empty when they are */
  notTransmittable: z.array(z.string()),
});
export type CustomerListRow = z.infer<typeof CustomerListRow>;

export const SEARCH_PAGE = 200;
/** Matches are counted up to this; past it the list says "mais de 10.000". */
export const MATCH_COUNT_CAP = 10_000;

export const CustomerSearchResult = z.object({
  rows: z.array(CustomerListRow),
  /** the cursor of the next page; null on the last */
  next: CustomerCursor.nullable(),
  counts: z.object({
    /** customers in the workspace: tells "none yet" from "none found" */
    customers: z.number().int().min(0),
    /** customers matching the search (all pages), exact up to MATCH_COUNT_CAP */
    matching: z.number().int().min(0),
    /** more than `matching` match */
    more: z.boolean(),
  }),
});
export type CustomerSearchResult = z.infer<typeof CustomerSearchResult>;

// ---- a customer, as the detail shows them ----

export const LinkView = LinkRecord.extend({
  packageName: z.string().nullable(),
  integrationId: z.string().nullable(),
  /** S10: what goes to the platform; a blank override means the default */
  effective: z.object({ contractIdentifier: z.string(), label: z.string().nullable(), passwordIsDefault: z.boolean() }),
  /** S10: id_contrato and label are fixed while the platform may hold a licence under them */
  keyLocked: z.boolean(),
  /** why the platform may still hold (and bill) a licence for it; null when it cannot */
  onPlatform: z.string().nullable(),
});
export type LinkView = z.infer<typeof LinkView>;

export const ServiceView = ServiceRecord.extend({
  planName: z.string().nullable(),
  /** S12: Travar Pacotes on the service's plan */
  lockPackages: z.boolean(),
  /** live and removed ones (a removed link stays until its licence is cancelled on the platform) */
  links: z.array(LinkView),
});
export type ServiceView = z.infer<typeof ServiceView>;

/** What stays on the platform after an erasure: the subscriber of each contract (no delete in the contract). */
export const PlatformKeeps = z.object({ contracts: z.array(z.string()), message: z.string() });
export type PlatformKeeps = z.infer<typeof PlatformKeeps>;

export const CustomerDetail = z.object({
  customer: CustomerRecord,
  /** S9 */
  notTransmittable: z.array(z.string()),
  services: z.array(ServiceView),
  lgpd: z.object({
    /** no link may still hold a licence on the platform */
    erasable: z.boolean(),
    /** services not cancelled yet */
    openServices: z.number().int().min(0),
    platformKeeps: PlatformKeeps,
  }),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;

// ---- what the service and link dialogs offer ----

export const OfferedPackage = z.object({ packageId: PackageId, name: z.string(), priceCents: z.number().int(), mandatory: z.boolean() });
export const ServiceDefaults = z.object({ planId: PlanId, planName: z.string(), packages: z.array(OfferedPackage) });
export type ServiceDefaults = z.infer<typeof ServiceDefaults>;

const NamedLink = z.object({ linkId: LinkId, packageId: PackageId, name: z.string() });
export const MigrationPreview = z.object({
  fromPlanName: z.string(),
  toPlanName: z.string(),
  /** S8: the new plan's default packages the service will get */
  add: z.array(z.object({ packageId: PackageId, name: z.string() })),
  keep: z.array(NamedLink),
  /** S12: packages the new (locked) plan does not allow: each needs Manter or Remover */
  notAllowed: z.array(NamedLink),
  reason: z.string().nullable(),
});
export type MigrationPreview = z.infer<typeof MigrationPreview>;

export const LinkOptions = z.object({
  planId: PlanId,
  planName: z.string(),
  /** S12: why the list is narrowed to the plan's own packages, and where to change it */
  reason: z.string().nullable(),
  packages: z.array(z.object({ id: PackageId, name: z.string(), priceCents: z.number().int(), label: z.string(), linked: z.boolean() })),
});
export type LinkOptions = z.infer<typeof LinkOptions>;

export const MigrationDecisions = z.record(LinkId, z.enum(['keep', 'remove']));

// ---- LGPD ----

export const CustomerExport = z.object({
  format: z.literal(LGPD_EXPORT_FORMAT),
  /** 2: with the licences' history and the billing lines of closed months */
  version: z.literal(2),
  exportedAt: z.string(),
  header: z.string(),
  customer: Customer,
  services: z.array(Service),
  links: z.array(Link),
  events: z.array(HistoryEvent),
  /** each licence's confirmed states (Cobrança's licence history), oldest first */
  licenceHistory: z.array(z.object({ linkId: z.string(), serviceId: z.string(), state: z.string(), at: z.string() })),
  /** the customer's lines in closed competências, as they were closed */
  billing: z.array(ChargingLineRecord),
});
export type CustomerExport = z.infer<typeof CustomerExport>;

export const ErasureResult = z.object({
  servicesDeleted: z.number().int().min(0),
  linksDeleted: z.number().int().min(0),
  eventsAnonymized: z.number().int().min(0),
  platformKeeps: PlatformKeeps,
  /** closed competências (YYYY-MM) that keep the customer's billing lines: fiscal records, not changed */
  closedMonthsKept: z.array(z.string()),
  /** the sentence for the clerk about them; null when there are none */
  closedMonthsMessage: z.string().nullable(),
});
export type ErasureResult = z.infer<typeof ErasureResult>;

export const customerCommands = {
  'customers.search': command(
    'Busca de clientes por nome, CPF/CNPJ, e-mail, telefone ou código, em ordem de nome, página a página',
    z.object({ text: z.string().max(200).default(''), after: CustomerCursor.optional(), limit: z.number().int().min(1).max(1000).default(SEARCH_PAGE) }).strict(),
    CustomerSearchResult,
  ),
  'customers.get': command('Um cliente com serviços e pacotes vinculados; null se não existe', z.object({ id: CustomerId }).strict(), CustomerDetail.nullable()),
  'customers.save': command(
    'Cadastra (sem id) ou altera um cliente; CPF/CNPJ já cadastrado é recusado',
    z.object({ id: CustomerId.optional(), version: Version.optional(), values: z.unknown() }).strict(),
    CustomerRecord,
  ),
  'services.defaults': command('Pacotes padrão de um plano para um serviço novo (obrigatórios e opcionais)', z.object({ planId: PlanId }).strict(), ServiceDefaults),
  'services.add': command(
    'Adiciona um serviço ao cliente com os pacotes padrão do plano: obrigatórios sempre, opcionais os mantidos',
    z.object({ customerId: CustomerId, values: z.unknown(), keptOptionalPackageIds: z.array(PackageId).default([]) }).strict(),
    ServiceView,
  ),
  'services.setStatus': command(
    'Altera o status de um serviço (Cancelado cancela as licenças na próxima transmissão)',
    z.object({ serviceId: ServiceId, status: z.string(), version: Version.optional() }).strict(),
    ServiceRecord,
  ),
  'services.cancelAll': command('Cancela todos os serviços ainda não cancelados de um cliente', z.object({ customerId: CustomerId }).strict(), z.object({ cancelled: z.array(ServiceId) })),
  'services.migrationPreview': command(
    'O que muda nos pacotes de um serviço ao migrar para outro plano',
    z.object({ serviceId: ServiceId, planId: PlanId }).strict(),
    MigrationPreview,
  ),
  'services.migratePlan': command(
    'Migra o serviço para outro plano: adiciona os pacotes padrão; com Travar Pacotes, manter ou remover cada pacote não incluído',
    z.object({ serviceId: ServiceId, planId: PlanId, decisions: MigrationDecisions.default({}), version: Version.optional() }).strict(),
    ServiceView,
  ),
  'links.options': command('Pacotes que podem ser vinculados a um serviço, e por que a lista é menor quando o plano trava pacotes', z.object({ serviceId: ServiceId }).strict(), LinkOptions),
  'links.add': command(
    'Vincula um pacote ao serviço do cliente (senha, id_contrato e label opcionais)',
    z.object({ serviceId: ServiceId, packageId: PackageId, params: z.unknown().optional() }).strict(),
    LinkView,
  ),
  'links.update': command(
    'Altera senha, id_contrato ou label de um pacote do serviço (id_contrato e label fixos depois de transmitidos)',
    z.object({ linkId: LinkId, version: Version.optional(), params: z.unknown() }).strict(),
    LinkView,
  ),
  'links.remove': command(
    'Remove um pacote do serviço; o vínculo fica até a plataforma confirmar o cancelamento da licença',
    z.object({ linkId: LinkId, version: Version.optional() }).strict(),
    z.object({ removed: z.boolean() }),
  ),
  'lgpd.export': command('Todos os dados de um cliente e os eventos sobre ele, em um documento (LGPD)', z.object({ customerId: CustomerId }).strict(), CustomerExport),
  'lgpd.erase': command(
    'Exclui os dados de um cliente e anonimiza o histórico (LGPD); recusado enquanto a plataforma pode ter licença dele',
    z.object({ customerId: CustomerId }).strict(),
    ErasureResult,
  ),
};
