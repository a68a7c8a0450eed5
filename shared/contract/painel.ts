/**
 * The Painel's pictures, computed in the host: the licences active on the platform at each of the
 * last 12 months' ends (São Paulo months) by product, from the history and the links, and the
 * licences of services suspended for debt, by product.
 */
import { z } from 'zod';
import { command } from './define';

const Count = z.number().int().min(0);

export const PainelProduct = z.object({
  /** `integrationId:productCode` */
  key: z.string(),
  integrationId: z.string(),
  productCode: z.string(),
  name: z.string(),
});
export type PainelProduct = z.infer<typeof PainelProduct>;

export const PainelFigures = z.object({
  /** `YYYY-MM`, oldest first; the last is the current month */
  months: z.array(z.string()),
  products: z.array(PainelProduct),
  /** per product key, one count per month (aligned with `months`) */
  activeByMonth: z.record(z.string(), z.array(Count)),
  /** per product: licences of services "Suspenso por Débito", suspended on the platform or still active there */
  suspendedForDebt: z.array(z.object({ productKey: z.string(), suspended: Count, stillActive: Count })),
});
export type PainelFigures = z.infer<typeof PainelFigures>;

export const painelCommands = {
  'painel.figures': command(
    'Painel: licenças ativas na plataforma por produto nos últimos 12 meses e licenças suspensas por débito',
    z.object({}).strict(),
    PainelFigures,
  ),
};
