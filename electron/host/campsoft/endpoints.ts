import type { z } from 'zod';
import {
  authenticationSchema,
  emptySchema,
  ispsSchema,
  licenceSchema,
  loginCheckSchema,
  productsPageSchema,
  subscriberSchema,
  subscribersPageSchema,
} from './wire';

/** Campsoft's production API (CAMPSOFT_API.md, verified). */
export const CAMPSOFT_PRODUCTION_BASE_URL = 'https://api2.campsoft.com.br/svas/v1';

/**
 * Every Campsoft call in one table (CAMPSOFT_API.md). When Campsoft confirms or corrects a modeled
 * part, this file changes and nothing else.
 */
export type Endpoint<P, S extends z.ZodType> = {
  /** For logs: a template, never the filled path (it may carry identifiers). */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (params: P) => string;
  response: S;
  /** false only for /authentication itself. */
  auth: boolean;
  /** Non-2xx statuses that are answers of this call, not errors (e.g. 404 = already gone). */
  answers?: readonly number[];
  /**
   * The path names a record (a subscriber, a licence): a 404 carrying the API's error envelope says
   * the record is unknown. Any other 404 (and every 404 of the other calls) says the path is: a
   * wrong API address.
   */
  namesRecord?: boolean;
};

const seg = encodeURIComponent;
type Contract = { contractIdentifier: string };
type Licence = Contract & { label: string };

export const endpoints = {
  authenticate: { name: 'POST /authentication', method: 'POST', path: () => '/authentication', response: authenticationSchema, auth: false },
  isps: { name: 'GET /isps', method: 'GET', path: () => '/isps', response: ispsSchema, auth: true },
  // Campsoft: 401 here means the subscriber's login failed, once our own token is fresh.
  validation: { name: 'POST /validation', method: 'POST', path: () => '/validation', response: loginCheckSchema, auth: true, answers: [401] },
  products: { name: 'GET /products', method: 'GET', path: () => '/products', response: productsPageSchema, auth: true },
  upsertSubscriber: {
    name: 'PUT /subscribers/{contract_identifier}',
    method: 'PUT',
    path: (p: Contract) => `/subscribers/${seg(p.contractIdentifier)}`,
    response: subscriberSchema,
    auth: true,
    namesRecord: true,
  },
  getSubscriber: {
    name: 'GET /subscribers/{contract_identifier}',
    method: 'GET',
    path: (p: Contract) => `/subscribers/${seg(p.contractIdentifier)}`,
    response: subscriberSchema,
    auth: true,
    answers: [404],
    namesRecord: true,
  },
  listSubscribers: { name: 'GET /subscribers', method: 'GET', path: () => '/subscribers', response: subscribersPageSchema, auth: true },
  grantLicence: {
    name: 'PUT /subscribers/{contract_identifier}/licenses/{label}',
    method: 'PUT',
    path: (p: Licence) => `/subscribers/${seg(p.contractIdentifier)}/licenses/${seg(p.label)}`,
    response: licenceSchema,
    auth: true,
    namesRecord: true,
  },
  setLicenceStatus: {
    name: 'PATCH /subscribers/{contract_identifier}/licenses/{label}',
    method: 'PATCH',
    path: (p: Licence) => `/subscribers/${seg(p.contractIdentifier)}/licenses/${seg(p.label)}`,
    response: licenceSchema,
    auth: true,
    namesRecord: true,
  },
  cancelLicence: {
    name: 'DELETE /subscribers/{contract_identifier}/licenses/{label}',
    method: 'DELETE',
    path: (p: Licence) => `/subscribers/${seg(p.contractIdentifier)}/licenses/${seg(p.label)}`,
    response: emptySchema,
    auth: true,
    // Campsoft: 404 on DELETE = the licence is already gone, which is what we wanted.
    answers: [404],
    namesRecord: true,
  },
} as const satisfies Record<string, Endpoint<never, z.ZodType>>;

/** Page sizes used when paging through lists. */
export const PRODUCTS_PER_PAGE = 100;
export const SUBSCRIBERS_PER_PAGE = 500;
