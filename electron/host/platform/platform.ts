/**
 * What a content platform (SVA) offers the executor and the screens. Campsoft implements it over
 * its REST API; a webhook platform (Saber Mais) would implement the same shape. Every method
 * throws AppError (shared/contract/result.ts) and accepts an AbortSignal so a run can be cancelled.
 */

export type PlatformConnection = {
  ispIdentifier: string;
  ispName: string;
  /** What the platform bills the provider for. */
  activeLicenses: number;
};

export type PlatformProduct = {
  /** Opaque: numeric strings are common, never parse it as a number. */
  code: string;
  name: string;
  description: string;
  status: 'active' | 'inactive';
};

export type PlatformDocument = { type: 'cpf' | 'cnpj'; /** digits (and uppercase letters for the 2026 CNPJ) */ number: string };

export type PlatformPhone = { ddi: string; ddd: string; number: string; mobile: boolean };

/** What the office sends for the customer of one contract. */
export type PlatformSubscriberInput = {
  name: string;
  document: PlatformDocument;
  email: string;
  phone: PlatformPhone;
  login: string;
  password: string;
};

export type PlatformLicenceStatus = 'active' | 'suspended' | 'canceled';

/** A licence as the platform holds it. */
export type PlatformLicence = {
  label: string;
  productCode: string;
  status: PlatformLicenceStatus;
};

/**
 * One contract as a single-subscriber answer shows it: the licences under it (the office sent the
 * rest, and reads nothing else back).
 */
export type PlatformContract = {
  contractIdentifier: string;
  licences: Pick<PlatformLicence, 'label' | 'status'>[];
};

/** A subscriber of the list (reconciliation): contract, name and every licence with its product. */
export type PlatformSubscriber = {
  contractIdentifier: string;
  name: string;
  licences: PlatformLicence[];
};

/** The subscriber as the end-user apps see it after a login. */
export type PlatformLoginCheck = {
  userKey?: string;
  status?: string;
  name: string;
  products: { code: string; name: string; status: string; workingUntil: string | null }[];
};

export type PageProgress = { page: number; fetched: number; total: number };

export type CallOptions = { signal?: AbortSignal };

export interface Platform {
  /** Proves the credentials and names the provider ("Testar conexão"). */
  testConnection(opts?: CallOptions): Promise<PlatformConnection>;
  /** Every active product, all pages ("Sincronizar", S4). */
  listProducts(onPage?: (progress: PageProgress) => void, opts?: CallOptions): Promise<PlatformProduct[]>;
  /** Create or update the subscriber of a contract (idempotent). */
  upsertSubscriber(contractIdentifier: string, subscriber: PlatformSubscriberInput, opts?: CallOptions): Promise<{ created: boolean; subscriber: PlatformContract }>;
  /** null when the platform does not know the contract. */
  getSubscriber(contractIdentifier: string, opts?: CallOptions): Promise<PlatformContract | null>;
  /** Idempotent: granting the same product again is a no-op. */
  grantLicence(contractIdentifier: string, label: string, productCode: string, opts?: CallOptions): Promise<{ created: boolean; licence: PlatformLicence }>;
  /** The licence's status as the platform answered. */
  setLicenceStatus(contractIdentifier: string, label: string, status: 'active' | 'suspended', opts?: CallOptions): Promise<{ status: PlatformLicenceStatus }>;
  /** A licence already gone counts as done; `alreadyGone` when the platform said so (a 404; a second 204 cannot tell). */
  cancelLicence(contractIdentifier: string, label: string, opts?: CallOptions): Promise<{ alreadyGone: boolean }>;
  /** Every subscriber (changed since `updatedSince`, ISO 8601), all pages, for reconciliation. */
  listSubscribers(filter?: { updatedSince?: string }, onPage?: (progress: PageProgress) => void, opts?: CallOptions): Promise<PlatformSubscriber[]>;
  /** null when the login or password is refused. */
  checkLogin(login: string, password: string, opts?: CallOptions): Promise<PlatformLoginCheck | null>;
}
