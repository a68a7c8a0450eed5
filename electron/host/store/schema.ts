/**
 * The office's record as tables (ARCHITECTURE, "Where the data lives"). Column names are snake_case
 * in SQL and camelCase here (Kysely's CamelCasePlugin). Portable across SQLite and PostgreSQL:
 * booleans as 0/1 integers, timestamps as ISO 8601 text (sortable), money as integer centavos,
 * nested values (status map, composition, e-mails, phones, address, observed state) as JSON text.
 *
 * Every record a clerk can edit carries `version` (bumped on every write, for the concurrent-edit
 * check between desks) and `updatedBy` (the clerk or the integration that wrote it last).
 */
import type { ColumnType, Generated } from 'kysely';

type Bool = 0 | 1;
type Json = string;
type Versioned = { version: ColumnType<number, number | undefined, number>; updatedBy: string | null };

export type IntegrationTable = Versioned & {
  id: string;
  platform: string;
  description: string;
  environment: string;
  baseUrl: string;
  active: Bool;
  suspendBySubscriptionStatus: Bool;
  statusMap: Json;
  ispName: string | null;
  activeLicenses: number | null;
  lastTestAt: string | null;
  lastSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ProductTable = {
  id: string;
  integrationId: string;
  code: string;
  name: string;
  description: string;
  status: string;
  syncedAt: string;
};

export type PackageTable = Versioned & {
  id: Generated<number>;
  name: string;
  description: string;
  kind: string;
  priceCents: number;
  composition: Json;
  approvalBy: string | null;
  approvalAt: string | null;
  integrationId: string;
  productCode: string;
  label: string;
  active: Bool;
  createdAt: string;
  updatedAt: string;
};

export type PlanTable = Versioned & {
  id: Generated<number>;
  name: string;
  priceCents: number;
  lockPackages: Bool;
  active: Bool;
  createdAt: string;
  updatedAt: string;
};

/** S8/S11: a plan's default packages, in the order the plan lists them. */
export type PlanPackageTable = {
  planId: number;
  packageId: number;
  mandatory: Bool;
  position: number;
};

export type CustomerTable = Versioned & {
  id: Generated<number>;
  code: string | null;
  name: string;
  /** the folded name: sort order and prefix search */
  nameKey: string;
  documentType: string;
  /** normalized: digits and uppercase letters */
  document: string;
  emails: Json;
  phones: Json;
  address: Json | null;
  /** folded name, e-mails, phone digits, document and code: the "contains" search reads it */
  searchText: string;
  createdAt: string;
  updatedAt: string;
};

export type ServiceTable = Versioned & {
  /** id_cliente_servico from the ERP */
  id: string;
  customerId: number;
  planId: number;
  status: string;
  createdAt: string;
  updatedAt: string;
};

export type LinkTable = Versioned & {
  id: string;
  serviceId: string;
  packageId: number;
  password: string | null;
  contractIdentifier: string | null;
  label: string | null;
  removedAt: string | null;
  /** ObservedState.state, as its own column for counts and filters */
  observedState: string;
  observed: Json;
  /** A send in progress: which host claimed it, until when (claims expire; ARCHITECTURE) */
  claimedBy: string | null;
  claimedUntil: string | null;
  createdAt: string;
  updatedAt: string;
};

export type EventTable = {
  id: Generated<number>;
  at: string;
  actor: string;
  /** the clerk at the desk for a person's action */
  clerk: string | null;
  integrationId: string | null;
  kind: string;
  subject: string | null;
  outcome: string;
  message: string;
  platformErrorId: string | null;
};

export type SettingTable = { key: string; value: Json; updatedAt: string };

/** The office's desks on this record (several on the office's server, one on the embedded file). */
export type DeskTable = { id: string; clerk: string | null; canTransmit: Bool; lastSeenAt: string };
/** A change of a licence's confirmed state on the platform (Cobrança counts its days from these). */
export type LicenceEventTable = {
  id: Generated<number>;
  linkId: string;
  serviceId: string;
  packageId: number;
  integrationId: string;
  /** LicenceEventState: active, suspended, canceled, none */
  state: string;
  at: string;
};

/** What the platform charges per licence per month, from a day on; never overwritten. */
export type ProductCostTable = {
  id: Generated<number>;
  integrationId: string;
  productCode: string;
  costCents: number;
  /** YYYY-MM-DD */
  validFrom: string;
  createdAt: string;
  createdBy: string | null;
};

export type ChargingRuleTable = { integrationId: string; rule: string; updatedAt: string; updatedBy: string | null };

/** A closed competência: the lines as exported (JSON), their hash and total. */
/** A licence the platform checks saw in a competência: seen active at least once, and its last status. */
export type PlatformMonthLicenceTable = {
  integrationId: string;
  competence: string;
  contractIdentifier: string;
  label: string;
  productCode: string;
  seenActive: Bool;
  lastStatus: string;
  lastSeenAt: string;
};

export type ChargingClosingTable = { competence: string; closedAt: string; closedBy: string | null; dataHash: string; totalCents: number; lines: Json };

export type Database = {
  integrations: IntegrationTable;
  products: ProductTable;
  packages: PackageTable;
  plans: PlanTable;
  planPackages: PlanPackageTable;
  customers: CustomerTable;
  services: ServiceTable;
  links: LinkTable;
  events: EventTable;
  settings: SettingTable;
  desks: DeskTable;
  licenceEvents: LicenceEventTable;
  productCosts: ProductCostTable;
  chargingRules: ChargingRuleTable;
  chargingClosings: ChargingClosingTable;
  platformMonthLicences: PlatformMonthLicenceTable;
};

export type TableName = keyof Database;
