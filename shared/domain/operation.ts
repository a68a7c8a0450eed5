/**
 * What a transmission sends to the platform, and what comes back: the currency between the
 * planner (renderer), the executor (main) and the observed state written back into Dexie.
 *
 * One link's pass is a LinkPlan: an ORDERED list of steps (the subscriber must exist before its
 * licence is granted). The executor runs the steps of one link in order, stops that link at its
 * first failure, and runs different links concurrently. Every step is idempotent on the platform
 * (PUT/PATCH/DELETE on stable keys), so a step that ran but whose result was lost is simply redone.
 */
import { z } from 'zod';
import { DocumentType, Phone } from './model';

export const OperationKind = z.enum(['upsert_subscriber', 'grant', 'suspend', 'reenable', 'cancel']);
export type OperationKind = z.infer<typeof OperationKind>;

/** Campsoft's subscriber body, in our words; the client maps `email` to `{"data": email}` on the wire. */
export const Subscriber = z.object({
  name: z.string(),
  document: z.object({ type: DocumentType, number: z.string().min(1) }),
  email: z.string().min(1),
  phone: Phone,
  // Campsoft: the login is the e-mail
  login: z.string().min(1),
  // S10: default the customer's cpf_cnpj
  password: z.string().min(1),
});
export type Subscriber = z.infer<typeof Subscriber>;

const base = {
  // linkKey(integrationId, contractIdentifier, label) + '#' + kind: stable across passes
  key: z.string().min(1),
  integrationId: z.string().min(1),
  linkId: z.string().min(1),
  // FNV-1a of what is sent (path and body; see subscriberHash, grantHash); echoed as OperationResult.sentHash
  hash: z.string().min(1),
  contractIdentifier: z.string().min(1),
  // the licence this step serves; upsert_subscriber does not send it, but the executor reports
  // the state of this licence as found in the subscriber the platform answers with
  label: z.string().min(1),
  // true on the final step of its LinkPlan (applyResult keeps the in-flight mark until then)
  last: z.boolean(),
};

export const UpsertSubscriberOperation = z.object({ ...base, kind: z.literal('upsert_subscriber'), subscriber: Subscriber });
export const GrantOperation = z.object({ ...base, kind: z.literal('grant'), productCode: z.string().min(1) });
export const SuspendOperation = z.object({ ...base, kind: z.literal('suspend') });
export const ReenableOperation = z.object({ ...base, kind: z.literal('reenable') });
export const CancelOperation = z.object({ ...base, kind: z.literal('cancel') });

export const Operation = z.discriminatedUnion('kind', [
  UpsertSubscriberOperation,
  GrantOperation,
  SuspendOperation,
  ReenableOperation,
  CancelOperation,
]);
export type Operation = z.infer<typeof Operation>;

export const LinkPlan = z.object({
  linkId: z.string().min(1),
  integrationId: z.string().min(1),
  // linkKey(integrationId, contractIdentifier, label)
  key: z.string().min(1),
  steps: z.array(Operation).min(1),
});
export type LinkPlan = z.infer<typeof LinkPlan>;

/**
 * The licence's state on the platform after a successful step, as the executor learned it:
 * - upsert_subscriber: the status of the licence with the step's label in the subscriber answered
 *   ('none' when the subscriber holds no such licence);
 * - grant: the status of the licence answered (a re-grant of a suspended licence stays suspended);
 * - suspend: 'suspended', or 'none' when the platform answers 404 (nothing to suspend);
 * - reenable: 'active'; cancel: 'canceled', also on 404 (already gone: treat as done).
 */
export const PlatformLicenceState = z.enum(['none', 'active', 'suspended', 'canceled']);
export type PlatformLicenceState = z.infer<typeof PlatformLicenceState>;

const Timestamp = z.iso.datetime({ offset: true });

const resultBase = {
  key: z.string().min(1),
  linkId: z.string().min(1),
  kind: OperationKind,
  last: z.boolean(),
  at: Timestamp,
};

export const OperationResult = z.discriminatedUnion('ok', [
  z.object({ ...resultBase, ok: z.literal(true), observedState: PlatformLicenceState, sentHash: z.string().min(1) }),
  z.object({
    ...resultBase,
    ok: z.literal(false),
    error: z.object({
      code: z.string(),
      message: z.string(),
      retryable: z.boolean(),
      platformErrorId: z.string().optional(),
    }),
  }),
]);
export type OperationResult = z.infer<typeof OperationResult>;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Feeds one field to a 32-bit FNV-1a state: its length, a separator, then its UTF-16 code units. */
function mix(h: number, field: string): number {
  h = Math.imul(mixDigits(h, field.length) ^ 0x3a, FNV_PRIME);
  for (let i = 0; i < field.length; i++) h = Math.imul(h ^ field.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Feeds the decimal digits of n ≥ 0, most significant first: the code units of String(n), without building it. */
function mixDigits(h: number, n: number): number {
  if (n >= 10) h = mixDigits(h, Math.floor(n / 10));
  return Math.imul(h ^ (0x30 + (n % 10)), FNV_PRIME);
}

/** 8 lowercase hex digits of h as unsigned, i.e. `(h >>> 0).toString(16).padStart(8, '0')`, in one allocation (this runs ~150k times per plan of a large office). */
function hex(h: number): string {
  return String.fromCharCode(digit(h >>> 28), digit(h >>> 24), digit(h >>> 20), digit(h >>> 16), digit(h >>> 12), digit(h >>> 8), digit(h >>> 4), digit(h));
}

/** The character code of the lowest hex digit of n: 0-9, a-f. */
function digit(n: number): number {
  const d = n & 15;
  return d < 10 ? 0x30 + d : 0x57 + d;
}

/**
 * 32-bit FNV-1a of a sequence of fields, as 8 hex digits. Each field is length-prefixed, so the
 * encoding is canonical and unambiguous (like canonical JSON, without building the string).
 * Deterministic across runs and machines; not a secret.
 */
export function fnv1a(...fields: string[]): string {
  let h = FNV_OFFSET;
  for (const f of fields) h = mix(h, f);
  return hex(h);
}

/** Hash of what a PUT /subscribers/{contract_identifier} sends. */
export function subscriberHash(contractIdentifier: string, s: Subscriber): string {
  let h = mix(FNV_OFFSET, 'upsert_subscriber');
  h = mix(h, contractIdentifier);
  h = mix(h, s.name);
  h = mix(h, s.document.type);
  h = mix(h, s.document.number);
  h = mix(h, s.email);
  h = mix(h, s.phone.ddi);
  h = mix(h, s.phone.ddd);
  h = mix(h, s.phone.number);
  h = mix(h, s.phone.mobile ? 'true' : 'false');
  h = mix(h, s.login);
  h = mix(h, s.password);
  return hex(h);
}

/** Hash of what a PUT /subscribers/{contract_identifier}/licenses/{label} sends. */
export function grantHash(contractIdentifier: string, label: string, productCode: string): string {
  return hex(mix(mix(mix(mix(FNV_OFFSET, 'grant'), contractIdentifier), label), productCode));
}

/** Hash of a bodiless step (suspend, reenable, cancel) on one licence. */
export function licenceStepHash(kind: 'suspend' | 'reenable' | 'cancel', contractIdentifier: string, label: string): string {
  return hex(mix(mix(mix(FNV_OFFSET, kind), contractIdentifier), label));
}
