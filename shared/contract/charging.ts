/**
 * Cobrança (issue 13): the platform's cost of each product, the billing rule of each integration,
 * a competência's billing computed in the host (shared/domain/charging.ts), its export for the ERP
 * and its closing. Lines come in pages: a month of 100k links never crosses the bridge whole.
 */
import { z } from 'zod';
import { PLATFORM_EXCEPTIONS } from '../domain/charging';
import { ChargingLineRecord, ChargingRuleCode, Day, Split } from './charging-line';
import { command } from './define';
import { PreparedFile } from './workspace';

export { ChargingLineRecord, ChargingRuleCode };

const IntegrationId = z.string().min(1).max(200);
/** Checked by the host with a Portuguese message (competenceProblem). */
const Competence = z.string().max(20);
const Cents = z.number().int();
const Count = z.number().int().min(0);

/** One month of the Painel's revenue against the platform's cost. */
export const RevenueMonth = z.object({ competence: z.string(), svaCents: Cents, amountCents: Cents, costCents: Cents });
export type RevenueMonth = z.infer<typeof RevenueMonth>;

export const ProductCostEntry = z.object({ costCents: Cents, validFrom: Day, createdAt: z.string(), createdBy: z.string().nullable() });
export type ProductCostEntry = z.infer<typeof ProductCostEntry>;

export const ProductCost = z.object({
  productCode: z.string(),
  /** the value in force today (São Paulo), when there is one */
  current: ProductCostEntry.nullable(),
  /** every value ever set, newest start first */
  history: z.array(ProductCostEntry),
});
export type ProductCost = z.infer<typeof ProductCost>;

export const ChargingTotalsRecord = z.object({ ...Split, lines: Count, amountCents: Cents, costCents: Cents, licences: Count });

export const ChargingClosingInfo = z.object({
  closedAt: z.string(),
  closedBy: z.string().nullable(),
  dataHash: z.string(),
  /** links whose billing moved since the closing: they show as adjustments in the next competência */
  changedSince: Count,
});

export const ChargingMonth = z.object({
  competence: z.string(),
  /** this month's own lines and the adjustments it carries */
  totals: ChargingTotalsRecord,
  adjustments: ChargingTotalsRecord,
  lines: z.array(ChargingLineRecord),
  lineCount: Count,
  /** the hash of the lines as computed now (or as closed): what an export of them carries */
  dataHash: z.string(),
  closing: ChargingClosingInfo.nullable(),
  /** the month is over in São Paulo: it can be closed */
  ended: z.boolean(),
  /** the last export of these very lines (its hash matches): closing needs one */
  exportedAt: z.string().nullable(),
});
export type ChargingMonth = z.infer<typeof ChargingMonth>;

export const PlatformBill = z.object({
  competence: z.string(),
  /** the last platform check of the month; null when none was made in it */
  lastCheckAt: z.string().nullable(),
  products: z.array(
    z.object({
      integrationId: z.string(),
      productCode: z.string(),
      productName: z.string(),
      platformActive: Count,
      unitCostCents: Cents.optional(),
      expectedCents: Cents,
      billedLicences: Count,
      billedCents: Cents,
    }),
  ),
  exceptions: z.array(
    z.object({
      kind: z.enum(PLATFORM_EXCEPTIONS),
      integrationId: z.string(),
      contractIdentifier: z.string(),
      label: z.string(),
      productCode: z.string(),
      platformStatus: z.string().optional(),
      customerName: z.string().optional(),
      serviceId: z.string().optional(),
      amountCents: Cents.optional(),
    }),
  ),
});
export type PlatformBill = z.infer<typeof PlatformBill>;

export const ChargingFormat = z.enum(['excel', 'machine', 'xlsx']);
export type ChargingFormat = z.infer<typeof ChargingFormat>;

export const chargingCommands = {
  'productCosts.list': command('O custo por licença por mês de cada produto de uma integração, com o histórico', z.object({ integrationId: IntegrationId }).strict(), z.array(ProductCost)),
  'productCosts.set': command(
    'Novo custo por licença por mês de um produto, a partir de um dia (o histórico é mantido)',
    z.object({ integrationId: IntegrationId, productCode: z.string().min(1).max(200), costCents: Cents, validFrom: z.string().max(20) }).strict(),
    ProductCost,
  ),
  'charging.rules': command('A regra de cobrança de cada integração', z.object({}).strict(), z.array(z.object({ integrationId: z.string(), description: z.string(), rule: ChargingRuleCode }))),
  'charging.setRule': command('Altera a regra de cobrança de uma integração', z.object({ integrationId: IntegrationId, rule: ChargingRuleCode }).strict(), z.object({ integrationId: z.string(), rule: ChargingRuleCode })),
  'charging.month': command(
    'A cobrança de uma competência: totais e uma página das linhas',
    z.object({ competence: Competence, offset: Count.default(0), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    ChargingMonth,
  ),
  'charging.export': command(
    'Exporta a cobrança de uma competência para o ERP (CSV Excel, CSV máquina ou XLSX)',
    z.object({ competence: Competence, format: ChargingFormat }).strict(),
    PreparedFile.extend({ rows: Count, dataHash: z.string() }),
  ),
  'charging.close': command(
    'Fecha uma competência exportada: mudanças posteriores viram ajuste na seguinte',
    z.object({ competence: Competence, dataHash: z.string().min(1).max(200) }).strict(),
    ChargingClosingInfo,
  ),
  'charging.platformBill': command(
    'Conferência da fatura da plataforma: licenças ativas na plataforma × custo contra o cobrado dos clientes, e as exceções',
    z.object({ competence: Competence }).strict(),
    PlatformBill,
  ),
  'charging.report': command(
    'Relatório de SVA do mês em PDF para o contador: totais por pacote e produto, exceções, quem gerou e quando, hash dos dados',
    z.object({ competence: Competence }).strict(),
    PreparedFile.extend({ dataHash: z.string(), generatedAt: z.string() }),
  ),
  'charging.revenueVsCost': command(
    'Painel: receita de SVA do mês contra o custo da plataforma, nos últimos meses',
    z.object({ months: z.number().int().min(1).max(24).default(12) }).strict(),
    z.array(RevenueMonth),
  ),
};
