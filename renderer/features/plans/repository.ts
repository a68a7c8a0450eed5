/**
 * Writes of Serviços/Planos: each row lands with its history event in one transaction.
 */
import { formatBRL, type Plan, type PlanFormValues } from '../../../shared/domain';
import { db } from '../../db/db';
import { recordEvent } from '../../db/history';
import { count } from '../../ui/format';

/** Creates (id undefined) or updates a plan with its default packages (S8, S11) and Travar Pacotes (S12). */
export async function savePlan(id: number | undefined, values: PlanFormValues): Promise<Plan> {
  const now = new Date().toISOString();
  return db.transaction('rw', [db.plans, db.events], async () => {
    const before = id === undefined ? undefined : await db.plans.get(id);
    if (id !== undefined && !before) throw new Error(`O plano ${id} não existe mais.`);
    const fields = { ...values, active: before?.active ?? values.active, createdAt: before?.createdAt ?? now, updatedAt: now };
    let plan: Plan;
    if (before) {
      plan = { ...fields, id: before.id };
      await db.plans.put(plan);
    } else {
      const newId = (await db.plans.add(fields as Plan)) as number;
      plan = { ...fields, id: newId };
    }
    const mandatory = plan.defaultPackages.filter((d) => d.mandatory).length;
    await recordEvent({
      actor: 'user',
      kind: 'plan.save',
      subject: plan.name,
      outcome: 'ok',
      message:
        `Serviço/Plano "${plan.name}" ${before ? 'alterado' : 'criado'}: ${formatBRL(plan.priceCents)}, ` +
        `${count(plan.defaultPackages.length, 'pacote padrão', 'pacotes padrão')} (${count(mandatory, 'obrigatório', 'obrigatórios')}), Travar Pacotes ${plan.lockPackages ? 'ligado' : 'desligado'}.`,
    });
    return plan;
  });
}
