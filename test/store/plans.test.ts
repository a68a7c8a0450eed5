import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/result';
import { formatBRL } from '../../shared/domain';
import { createPlanService } from '../../electron/host/services/plans';
import { openTestStore, seedIntegration, seedPackage, type TestStore } from './support';

let t: TestStore;
let plans: ReturnType<typeof createPlanService>;
beforeEach(async () => {
  t = await openTestStore();
  plans = createPlanService({ db: t.store.db, mutate: t.mutate });
});
afterEach(() => t.close());

const values = (over: Record<string, unknown> = {}) => ({ name: 'FIBRA 500MB + LEITURA', priceCents: 9990, defaultPackages: [], lockPackages: false, ...over });

describe('plans service (S8, S11, S12) on the embedded store', () => {
  it('creates a plan with ordered default packages and Travar Pacotes, recording who did it', async () => {
    const integration = await seedIntegration(t);
    const [a, b] = [await seedPackage(t, integration, 'A'), await seedPackage(t, integration, 'B')];
    const saved = await plans.save({ values: values({ defaultPackages: [{ packageId: b, mandatory: true }, { packageId: a, mandatory: false }], lockPackages: true }) });
    expect(saved).toMatchObject({ name: 'FIBRA 500MB + LEITURA', lockPackages: true, active: true, version: 1, updatedBy: 'Ana (balcão 1)' });
    expect(saved.defaultPackages).toEqual([{ packageId: b, mandatory: true }, { packageId: a, mandatory: false }]);
    expect(await plans.list()).toEqual([saved]);

    const events = await t.store.db.selectFrom('events').selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'plan.save', subject: `plano:${saved.id}`, actor: 'user', clerk: 'Ana (balcão 1)', outcome: 'ok' });
    expect(events[0]!.message).toBe(`Serviço/Plano "FIBRA 500MB + LEITURA" criado: ${formatBRL(9990)}, 2 pacotes padrão (1 obrigatório), Travar Pacotes ligado.`);
    expect(t.notices).toEqual([['plans', 'events']]);
  });

  it('refuses a save over a newer version, naming who changed it, and writes nothing', async () => {
    const first = await plans.save({ values: values() });
    t.clerk.name = 'Bruno (balcão 2)';
    const second = await plans.save({ id: first.id, version: first.version, values: values({ priceCents: 10990 }) });
    expect(second.version).toBe(2);
    t.clerk.name = 'Ana (balcão 1)';
    const stale = plans.save({ id: first.id, version: first.version, values: values({ name: 'Outro nome' }) });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(stale).rejects.toThrow(/Este plano foi alterado por Bruno \(balcão 2\) em \d{2}\/\d{2}\/\d{4}/);
    expect(await plans.get(first.id)).toMatchObject({ name: 'FIBRA 500MB + LEITURA', priceCents: 10990, version: 2 });
    expect(await t.store.db.selectFrom('events').select('id').execute()).toHaveLength(2);
  });

  it('gives the form its field messages and leaves the store untouched on invalid values', async () => {
    const err = await plans.save({ values: values({ name: '  ' }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields).toMatchObject({ name: 'Informe o nome do plano.' });
    const missing = await plans.save({ values: values({ defaultPackages: [{ packageId: 999, mandatory: true }] }) }).catch((e: unknown) => e);
    expect((missing as AppError).message).toContain('O pacote 999 não existe mais');
    expect(await plans.list()).toEqual([]);
    expect(t.notices).toEqual([]);
  });
});
