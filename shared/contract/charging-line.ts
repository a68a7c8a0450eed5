/**
 * One line of a competência's billing (shared/domain/charging.ts ChargingLine), as it crosses the
 * bridge (charging.month) and as a closing keeps it (charging_closings.lines, and the backup's
 * chargingClosings). In its own module so that charging.ts and workspace.ts (the backup's rows) both
 * use it without importing each other.
 */
import { z } from 'zod';
import { CHARGING_RULES, LICENCE_EVENT_STATES } from '../domain/charging';

const Cents = z.number().int();
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ChargingRuleCode = z.enum(CHARGING_RULES);

export const Split = { svaCents: Cents, scmCents: Cents, otherCents: Cents };

export const ChargingLineRecord = z.object({
  ...Split,
  kind: z.enum(['month', 'adjustment']),
  competence: z.string(),
  adjusts: z.string().optional(),
  linkId: z.string(),
  integrationId: z.string(),
  contractIdentifier: z.string(),
  label: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  document: z.string(),
  serviceId: z.string(),
  packageName: z.string(),
  productCode: z.string(),
  productName: z.string(),
  status: z.enum(LICENCE_EVENT_STATES),
  activatedOn: Day.optional(),
  canceledOn: Day.optional(),
  suspensions: z.array(z.tuple([Day, Day])),
  activeDays: z.number().int(),
  daysInMonth: z.number().int(),
  rule: ChargingRuleCode,
  priceCents: Cents,
  amountCents: Cents,
  costCents: Cents,
});
