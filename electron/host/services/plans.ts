/**
 * Serviços/Planos (S8, S11, S12): a plan, its default packages (obrigatório or optional) and
 * Travar Pacotes. Reads and writes of the plans and plan_packages tables live here only.
 */
import type { PlanRecord } from '../../../shared/contract/plans';
import { AppError } from '../../../shared/contract/result';
import { fieldErrors, formatBRL, PlanForm, type Plan } from '../../../shared/domain';
import { planSubject } from '../../../shared/domain/subjects';
import { count } from '../../../shared/domain/text';
import { planOf, planPackageRows, planRow } from '../store/rows';
import type { Db, Tx } from '../store/store';
import { checkVersion, stamp, type Mutate } from './mutation';

export type PlanService = ReturnType<typeof createPlanService>;

export async function readPlans(db: Db | Tx, ids?: readonly number[]): Promise<PlanRecord[]> {
  let q = db.selectFrom('plans').selectAll().orderBy('name').orderBy('id');
  if (ids) q = q.where('id', 'in', ids.length ? [...ids] : [-1]);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const defaults = await db
    .selectFrom('planPackages')
    .selectAll()
    .where('planId', 'in', rows.map((r) => r.id))
    .execute();
  return rows.map((r) => ({ ...planOf(r, defaults), version: r.version, updatedBy: r.updatedBy }));
}

export function createPlanService(deps: { db: Db; mutate: Mutate }) {
  const { db, mutate } = deps;

  return {
    list: () => readPlans(db),
    get: async (id: number) => (await readPlans(db, [id]))[0] ?? null,

    /** Creates (id undefined) or updates a plan; `version` is the one the form was opened on. */
    save: (input: { id?: number; version?: number; values: unknown }) =>
      mutate(async (m) => {
        const parsed = PlanForm.safeParse(input.values);
        if (!parsed.success) throw new AppError('VALIDATION', 'Confira os campos destacados do plano.', { fields: fieldErrors(parsed.error) });
        const values = parsed.data;
        const before = input.id === undefined ? undefined : (await readPlans(m.tx, [input.id]))[0];
        if (input.id !== undefined && !before) throw new AppError('NOT_FOUND', 'Este plano não existe mais: pode ter sido excluído em outra mesa. Volte à lista.');
        if (before) await checkVersion(m.tx, 'plans', before.id, input.version);
        await ensurePackagesExist(m.tx, values.defaultPackages.map((d) => d.packageId));

        const fields = { name: values.name, priceCents: values.priceCents, lockPackages: values.lockPackages, active: before?.active ?? true, createdAt: before?.createdAt ?? m.at, updatedAt: m.at };
        let id: number;
        if (before) {
          id = before.id;
          await m.tx.updateTable('plans').set({ ...planRow(fields), ...stamp(m) }).where('id', '=', id).execute();
          await m.tx.deleteFrom('planPackages').where('planId', '=', id).execute();
        } else {
          const row = await m.tx.insertInto('plans').values({ ...planRow(fields), updatedBy: m.clerk }).returning('id').executeTakeFirstOrThrow();
          id = row.id;
        }
        const plan: Plan = { ...fields, id, defaultPackages: values.defaultPackages };
        const rows = planPackageRows(plan);
        if (rows.length) await m.tx.insertInto('planPackages').values(rows).execute();

        const mandatory = plan.defaultPackages.filter((d) => d.mandatory).length;
        m.record({
          kind: 'plan.save',
          subject: planSubject(id),
          outcome: 'ok',
          message:
            `Serviço/Plano "${plan.name}" ${before ? 'alterado' : 'criado'}: ${formatBRL(plan.priceCents)}, ` +
            `${count(plan.defaultPackages.length, 'pacote padrão', 'pacotes padrão')} (${count(mandatory, 'obrigatório', 'obrigatórios')}), Travar Pacotes ${plan.lockPackages ? 'ligado' : 'desligado'}.`,
        });
        m.changed('plans');
        // Defaults and Travar Pacotes apply to new services and migrations (S8, S12), not to existing links.
        return (await readPlans(m.tx, [id]))[0]!;
      }),
  };
}

async function ensurePackagesExist(tx: Tx, ids: readonly number[]) {
  if (ids.length === 0) return;
  const found = new Set((await tx.selectFrom('packages').select('id').where('id', 'in', [...ids]).execute()).map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new AppError('VALIDATION', `O pacote ${missing.join(', ')} não existe mais: remova-o da lista de pacotes padrão.`, { fields: { defaultPackages: 'Pacote inexistente.' } });
}
