import { z } from 'zod';
import { Plan } from '../domain/model';
import { PlanForm } from '../domain/forms';
import { command } from './define';

/** A stored record as screens see it: the domain row, its version (concurrent edits) and its last writer. */
export const Stamp = z.object({ version: z.number().int().positive(), updatedBy: z.string().nullable() });
export const PlanRecord = Plan.extend(Stamp.shape);
export type PlanRecord = z.infer<typeof PlanRecord>;

const PlanId = z.number().int().positive();

export const planCommands = {
  'plans.list': command('Serviços/Planos, por nome, com os pacotes padrão', z.object({}).strict(), z.array(PlanRecord)),
  'plans.get': command('Um Serviço/Plano; null se não existe', z.object({ id: PlanId }).strict(), PlanRecord.nullable()),
  'plans.save': command(
    'Cria (sem id) ou altera um Serviço/Plano: pacotes padrão (obrigatórios ou opcionais) e Travar Pacotes',
    z.object({ id: PlanId.optional(), version: z.number().int().positive().optional(), values: z.unknown() }).strict(),
    PlanRecord,
  ),
};

/** The form's rules (shared/domain/forms.ts) check `values` in the service, so the messages reach the form's fields. */
export { PlanForm };
