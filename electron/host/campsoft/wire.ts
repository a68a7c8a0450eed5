import { z } from 'zod';

/**
 * Shapes of Campsoft's answers (CAMPSOFT_API.md), read as a tolerant reader: a schema requires a
 * field only when the office reads it from that answer AND the contract promises it there. Fields
 * the office does not read are not parsed at all (a server may leave them out, shape them otherwise
 * or add new ones); a field the office reads but the contract does not promise gets a default. What
 * the office needs and does not find is an error that names the field (errors.ts, shapeError).
 *
 * Field by field, what is read and why:
 * - POST /authentication: AccessToken (the Bearer) and ExpiresIn (when to refresh).
 * - GET /isps: isp_identifier (sent back in POST /validation), name ("Testar conexão"),
 *   active_licenses (what the provider is billed for, in "Testar conexão" and the drift report).
 *   status, logos, created_at, updated_at: not read.
 * - GET /products: code, name, description ('' when absent), status (asked with status=active, so a
 *   product without one is active); meta.total says when paging ends (page and per_page are not
 *   read: a server may cap per_page, paging goes by page number).
 * - PUT / GET /subscribers/{contract_identifier}: the licences (label and status: what the step's
 *   licence is now), [] when absent; contract_identifier is the one asked for when absent. Name,
 *   document, e-mail, phone and login are what the office sent; status and updated_at are not
 *   promised. None of them is read.
 * - GET /subscribers: per subscriber contract_identifier (the key the drift report matches on; no
 *   fallback in a list), name (names a subscriber the office does not know), licences with label,
 *   product_code and status; meta.total as for products.
 * - PUT / PATCH of a licence: status (a re-grant of a suspended licence stays suspended); label and
 *   product_code are the ones sent.
 * - POST /validation: the products the end user sees (code and status); userkey, status and name
 *   when present.
 */

/** Numbers in one answer, strings in another (isp_identifier): kept as opaque text. */
const identifier = z.union([z.string().min(1), z.number()]).transform(String);

/** A list the contract promises but a server may leave out when empty. */
function listOrEmpty<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((items): z.output<T>[] => items ?? []);
}

export const authenticationSchema = z.object({
  AccessToken: z.string().min(1),
  // Campsoft: ExpiresIn is absolute Unix seconds, not a duration.
  ExpiresIn: z.number().positive(),
});

export const ispSchema = z.object({
  isp_identifier: identifier,
  name: z.string(),
  active_licenses: z.number().int().nonnegative(),
});
export const ispsSchema = z.object({ data: z.array(ispSchema) });

/** Paging: only the total is read (when to stop). */
const pageMetaSchema = z.object({ total: z.number().int().nonnegative() });

export const productSchema = z.object({
  // Campsoft: code is opaque; numeric strings are common, never a number.
  code: z.string().min(1),
  name: z.string(),
  description: z
    .string()
    .nullish()
    .transform((d) => d ?? ''),
  status: z
    .enum(['active', 'inactive'])
    .nullish()
    .transform((s) => s ?? 'active'),
});
export const productsPageSchema = z.object({ data: z.array(productSchema), meta: pageMetaSchema });

const licenceStatusSchema = z.enum(['active', 'suspended', 'canceled']);

/** A licence inside a single-subscriber answer: which one, and its state. */
const contractLicenceSchema = z.object({ label: z.string().min(1), status: licenceStatusSchema });

/** PUT / GET /subscribers/{contract_identifier}. */
export const subscriberSchema = z.object({
  contract_identifier: identifier.optional(),
  licenses: listOrEmpty(contractLicenceSchema),
});

/** A licence as GET /subscribers lists it: the drift report also shows its product. */
const listedLicenceSchema = contractLicenceSchema.extend({ product_code: z.string().min(1) });

export const listedSubscriberSchema = z.object({
  contract_identifier: identifier,
  name: z.string(),
  licenses: listOrEmpty(listedLicenceSchema),
});
export const subscribersPageSchema = z.object({ data: z.array(listedSubscriberSchema), meta: pageMetaSchema });

/** PUT / PATCH /subscribers/{contract_identifier}/licenses/{label}. */
export const licenceSchema = z.object({ status: licenceStatusSchema });

export const loginCheckSchema = z.object({
  userkey: identifier.optional(),
  status: z.string().optional(),
  name: z
    .string()
    .nullish()
    .transform((n) => n ?? ''),
  products: listOrEmpty(
    z.object({
      code: z.string().min(1),
      name: z
        .string()
        .nullish()
        .transform((n) => n ?? ''),
      status: z.string(),
      working_until: z
        .string()
        .nullish()
        .transform((w) => w ?? null),
    }),
  ),
});

/** Text, or a list of texts joined (some servers send `"fields": {"phone": ["...", "..."]}`). */
const fieldMessages = z.record(z.string(), z.unknown()).transform((raw) => {
  const out: Record<string, string> = {};
  for (const [field, said] of Object.entries(raw)) {
    if (typeof said === 'string') out[field] = said;
    else if (Array.isArray(said) && said.every((s) => typeof s === 'string')) out[field] = said.join(' ');
  }
  return out;
});

/**
 * The envelope of every non-2xx answer; read leniently, field by field, since it only feeds error
 * messages: a part that is off is dropped, the rest kept.
 */
export const errorEnvelopeSchema = z.object({
  status: z.string().optional().catch(undefined),
  error_id: z.string().optional().catch(undefined),
  origem: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  fields: fieldMessages.optional().catch(undefined),
});

export const emptySchema = z.unknown();

export type WireSubscriber = z.infer<typeof subscriberSchema>;
export type WireListedSubscriber = z.infer<typeof listedSubscriberSchema>;
export type WireLoginCheck = z.infer<typeof loginCheckSchema>;
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** The API's error envelope, as opposed to any JSON a proxy or a framework answers with. */
export function isErrorEnvelope(envelope: ErrorEnvelope | undefined): envelope is ErrorEnvelope {
  return envelope !== undefined && (envelope.status === 'error' || envelope.error_id !== undefined);
}
