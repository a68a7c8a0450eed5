/**
 * Form schemas for the renderer: they take what a person typed (text or already-typed values) and
 * give the fields of the stored rows, with Portuguese messages that say what to fix.
 */
import { z } from 'zod';
import { validateComposition } from './composition';
import { parseDocument } from './document';
import { parseEmail } from './email';
import { validateLabel } from './label';
import { Address, FiscalKind, LicenceState, PackageKind, Phone, ServiceStatus } from './model';
import { parseBRL } from './money';
import { formatPhone, parsePhone } from './phone';
import { defaultStatusMap, parseServiceStatus } from './status';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Money typed as `1.234,56` or given as centavos. */
export const MoneyField = z.union([z.number(), z.string()], { error: 'Informe o valor, por exemplo 19,90.' }).transform((value, ctx) => {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return value;
    ctx.addIssue({ code: 'custom', message: 'Valor inválido: informe centavos inteiros a partir de R$ 0,00.' });
    return z.NEVER;
  }
  const parsed = parseBRL(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.cents;
});

export const DocumentField = z.string({ error: 'Informe o CPF ou o CNPJ.' }).transform((text, ctx) => {
  const parsed = parseDocument(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return { type: parsed.type, number: parsed.number };
});

export const EmailField = z.string({ error: 'Informe o e-mail.' }).transform((text, ctx) => {
  const parsed = parseEmail(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.email;
});

/** A phone typed as text, or one already parsed (checked again through its printed form). */
export const PhoneField = z.union([z.string(), Phone], { error: 'Informe o telefone com DDD, por exemplo (11) 91234-5678.' }).transform((value, ctx) => {
  const parsed = parsePhone(typeof value === 'string' ? value : formatPhone(value));
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.phone;
});

export const LabelField = z.string().transform((text, ctx) => {
  const label = text.trim();
  const problem = validateLabel(label);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return label;
});

/** A status as the ERP prints it or as its prefix. */
export const StatusField = z.string({ error: 'Escolha o status do serviço.' }).transform((text, ctx) => {
  const status = parseServiceStatus(text);
  if (!status) {
    ctx.addIssue({
      code: 'custom',
      message: `Status "${text}" desconhecido: use um status do ERP, por exemplo Serviço Habilitado ou Suspenso por Débito.`,
    });
    return z.NEVER;
  }
  return status;
});

const CompositionItemForm = z.object({
  description: z.string().trim(),
  fiscalKind: z.enum(FiscalKind.options, { error: 'Escolha o tipo fiscal do item: SVA, SCM ou outro.' }),
  amountCents: z.number({ error: 'Informe o valor do item.' }).int('Valor em centavos deve ser inteiro.'),
});

export const PackageForm = z
  .object({
    name: z.string({ error: 'Informe o nome do pacote.' }).trim().min(1, 'Informe o nome do pacote.'),
    description: z.string().trim().default(''),
    kind: z.enum(PackageKind.options, { error: 'Escolha como o pacote é vendido: avulso, benefício ou combo.' }),
    priceCents: MoneyField,
    composition: z.array(CompositionItemForm).default([]),
    integrationId: z.string({ error: 'Escolha a integração do pacote.' }).min(1, 'Escolha a integração do pacote.'),
    // S3: a Campsoft package delivers exactly one product
    productCode: z
      .string({ error: 'Escolha um produto: na Campsoft cada pacote entrega exatamente um produto.' })
      .min(1, 'Escolha um produto: na Campsoft cada pacote entrega exatamente um produto.'),
    // S10: absent → generated from the name and the package number when the package is saved
    label: z.preprocess(blankToUndefined, LabelField.optional()),
    active: z.boolean().default(true),
  })
  .superRefine((pkg, ctx) => {
    for (const message of validateComposition(pkg.priceCents, pkg.composition)) {
      ctx.addIssue({ code: 'custom', message, path: ['composition'] });
    }
  });
export type PackageFormInput = z.input<typeof PackageForm>;
export type PackageFormValues = z.output<typeof PackageForm>;

/** The integration's record (S2); the connection (URL, ApiKey, ApiSecret) goes to the vault apart. */
export const IntegrationForm = z.object({
  description: z.string({ error: 'Informe uma descrição, por exemplo "Campsoft – Leitura".' }).trim().min(1, 'Informe uma descrição, por exemplo "Campsoft – Leitura".'),
  // S2: "Habilitar/Suspender Assinaturas"
  suspendBySubscriptionStatus: z.boolean().default(true),
  // S2: a status left out keeps its default licence state (DOMAIN.md "Service statuses")
  statusMap: z
    .partialRecord(ServiceStatus, LicenceState, { error: 'Escolha, para cada status do serviço, a situação da licença na plataforma.' })
    .default({})
    .transform((map) => ({ ...defaultStatusMap, ...map })),
});
export type IntegrationFormInput = z.input<typeof IntegrationForm>;
export type IntegrationFormValues = z.output<typeof IntegrationForm>;

export const PlanForm = z.object({
  name: z.string({ error: 'Informe o nome do plano.' }).trim().min(1, 'Informe o nome do plano.'),
  priceCents: MoneyField,
  // S8, S11
  defaultPackages: z
    .array(z.object({ packageId: z.number().int().positive('Escolha o pacote.'), mandatory: z.boolean().default(false) }))
    .default([])
    .superRefine((entries, ctx) => {
      const seen = new Set<number>();
      for (const entry of entries) {
        if (seen.has(entry.packageId)) {
          ctx.addIssue({ code: 'custom', message: `O pacote ${entry.packageId} aparece duas vezes no plano: deixe só uma linha para ele.` });
        }
        seen.add(entry.packageId);
      }
    }),
  // S12
  lockPackages: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type PlanFormInput = z.input<typeof PlanForm>;
export type PlanFormValues = z.output<typeof PlanForm>;

export const CustomerForm = z
  .object({
    code: z.preprocess(blankToUndefined, z.string().trim().optional()),
    name: z.string({ error: 'Informe o nome do cliente.' }).trim().min(1, 'Informe o nome do cliente.'),
    document: DocumentField,
    emails: z.array(EmailField).default([]),
    phones: z.array(PhoneField).default([]),
    address: Address.optional(),
  })
  .transform(({ document, emails, phones, ...rest }) => ({
    ...rest,
    documentType: document.type,
    document: document.number,
    emails: [...new Set(emails)],
    phones: phones.filter((p, i) => phones.findIndex((q) => q.ddd === p.ddd && q.number === p.number) === i),
  }));
export type CustomerFormInput = z.input<typeof CustomerForm>;
export type CustomerFormValues = z.output<typeof CustomerForm>;

export const ServiceForm = z.object({
  // the ERP's id_cliente_servico, kept as text even when it looks like a number
  id: z
    .union([z.string(), z.number().int()], { error: 'Informe o código do serviço do cliente (id_cliente_servico).' })
    .transform((v) => String(v).trim())
    .pipe(z.string().min(1, 'Informe o código do serviço do cliente (id_cliente_servico).')),
  customerId: z.number({ error: 'Escolha o cliente.' }).int().positive('Escolha o cliente.'),
  planId: z.number({ error: 'Escolha o plano do serviço.' }).int().positive('Escolha o plano do serviço.'),
  status: StatusField,
});
export type ServiceFormInput = z.input<typeof ServiceForm>;
export type ServiceFormValues = z.output<typeof ServiceForm>;

/** S10: each parameter left blank means "use the default" (cpf_cnpj, id_cliente_servico, package label). */
export const LinkParamsForm = z.object({
  password: z.preprocess(blankToUndefined, z.string().optional()),
  contractIdentifier: z.preprocess(
    blankToUndefined,
    z.string().trim().max(100, 'O id_contrato pode ter no máximo 100 caracteres.').optional(),
  ),
  label: z.preprocess(blankToUndefined, LabelField.optional()),
});
export type LinkParamsFormInput = z.input<typeof LinkParamsForm>;
export type LinkParamsFormValues = z.output<typeof LinkParamsForm>;

/** The first Portuguese message of each field, for a form to show next to its inputs. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.');
    out[key] ??= issue.message;
  }
  return out;
}
