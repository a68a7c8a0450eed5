import { z } from 'zod';

/** Shapes of Campsoft's answers (CAMPSOFT_API.md). Unknown extra fields are tolerated and dropped. */

export const authenticationSchema = z.object({
  AccessToken: z.string().min(1),
  // Campsoft: ExpiresIn is absolute Unix seconds, not a duration.
  ExpiresIn: z.number().int().positive(),
});

/** Numbers in one answer, strings in another (isp_identifier): kept as opaque text. */
const identifier = z.union([z.string().min(1), z.number()]).transform(String);

export const ispSchema = z.object({
  isp_identifier: identifier,
  status: z.string(),
  name: z.string(),
  active_licenses: z.number().int().nonnegative(),
});
export const ispsSchema = z.object({ data: z.array(ispSchema) });

const metaSchema = z.object({
  page: z.number().int().positive(),
  per_page: z.number().int().positive(),
  total: z.number().int().nonnegative(),
});

export const productSchema = z.object({
  // Campsoft: code is opaque; numeric strings are common, never a number.
  code: z.string().min(1),
  name: z.string(),
  description: z.string().nullish().transform((d) => d ?? ''),
  status: z.enum(['active', 'inactive']),
});
export const productsPageSchema = z.object({ data: z.array(productSchema), meta: metaSchema });

export const licenceSchema = z.object({
  label: z.string().min(1),
  product_code: z.string().min(1),
  status: z.enum(['active', 'suspended', 'canceled']),
  working_until: z.string().nullish().transform((w) => w ?? null),
  updated_at: z.string(),
});

export const subscriberSchema = z.object({
  contract_identifier: identifier,
  status: z.string(),
  name: z.string(),
  document: z.object({ type: z.enum(['cpf', 'cnpj']), number: z.string() }),
  email: z.object({ data: z.string() }),
  phone: z.object({ ddi: z.string(), ddd: z.string(), number: z.string(), mobile: z.boolean().optional().default(false) }),
  login: z.string(),
  updated_at: z.string(),
  licenses: z.array(licenceSchema),
});
export const subscribersPageSchema = z.object({ data: z.array(subscriberSchema), meta: metaSchema });

export const loginCheckSchema = z.object({
  userkey: identifier,
  status: z.string(),
  name: z.string(),
  products: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      status: z.string(),
      working_until: z.string().nullish().transform((w) => w ?? null),
    }),
  ),
});

/** The envelope of every non-2xx answer; read leniently, since it only feeds error messages. */
export const errorEnvelopeSchema = z.object({
  status: z.literal('error').optional(),
  error_id: z.string().optional(),
  origem: z.string().optional(),
  message: z.string().optional(),
  fields: z.record(z.string(), z.string()).optional(),
});

export const emptySchema = z.unknown();

export type WireSubscriber = z.infer<typeof subscriberSchema>;
export type WireLicence = z.infer<typeof licenceSchema>;
export type WireProduct = z.infer<typeof productSchema>;
export type WireLoginCheck = z.infer<typeof loginCheckSchema>;
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
