/**
 * LGPD and Cobrança: the customer's export carries their licences' history and their lines in
 * closed competências; an erasure leaves closed months as they were closed (fiscal records, LGPD
 * art. 16, I) and says which months keep the customer's lines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLgpdService } from '../../electron/host/services/lgpd';
import { cpfFor } from '../fixtures/documents';
import { billingRows, writeBilledOffice } from './billed-office';
import { openTestWorkspace, type TestWorkspace } from './workspace-support';

let w: TestWorkspace;
let lgpd: ReturnType<typeof createLgpdService>;
beforeEach(async () => {
  w = await openTestWorkspace();
  await writeBilledOffice({ store: w.store, mutate: w.mutate, clock: w.clock, transfers: w.ws.transfers });
  lgpd = createLgpdService({ db: w.store.db, mutate: w.mutate });
});
afterEach(() => w.close());

describe('LGPD with Cobrança', () => {
  it("exports the customer's licence history and their lines of every closed month, the adjustment included", async () => {
    const data = await lgpd.export(2);
    // L2: active on 30 Nov 22:30 (São Paulo), suspended at 23:00 and active again on 1 Dec — confirmed late
    expect(data.licenceHistory.map((e) => [e.linkId, e.serviceId, e.state])).toEqual([
      ['L2', 'S2', 'active'],
      ['L2', 'S2', 'suspended'],
      ['L2', 'S2', 'active'],
    ]);
    expect(data.billing.map((l) => [l.competence, l.kind, l.adjusts ?? null, l.serviceId])).toEqual([
      ['2026-11', 'month', null, 'S2'],
      ['2026-12', 'month', null, 'S2'],
      ['2026-12', 'adjustment', '2026-11', 'S2'],
    ]);
    expect(new Set(data.billing.map((l) => l.document))).toEqual(new Set([cpfFor(2)]));
    // nobody else's line
    expect(JSON.stringify(data)).not.toContain(cpfFor(1));
  });

  it('erases a customer billed in a closed month: the month stays as closed, and the clerk is told which months keep the lines', async () => {
    // L2's licence cancelled on the platform, as the engine records a confirmed cancellation
    await w.store.db
      .updateTable('links')
      .set({ observed: JSON.stringify({ state: 'canceled', sentHash: 'a.b', confirmedAt: '2027-01-05T11:30:00.000Z' }), observedState: 'canceled' })
      .where('id', '=', 'L2')
      .execute();
    const before = await billingRows(w.store);
    const result = await lgpd.erase(2);
    expect(result.closedMonthsKept).toEqual(['2026-11', '2026-12']);
    expect(result.closedMonthsMessage).toBe(
      'As competências fechadas 11/2026 e 12/2026 guardam as linhas de cobrança deste cliente (nome, CPF/CNPJ e valores) como registro fiscal do que foi faturado: a LGPD permite guardá-las pelo prazo da lei fiscal (art. 16, I), e um mês fechado não muda.',
    );
    expect(await w.store.db.selectFrom('customers').select('id').where('id', '=', 2).executeTakeFirst()).toBeUndefined();
    expect((await billingRows(w.store)).chargingClosings).toEqual(before.chargingClosings);
  });

  it('says nothing of closed months for a customer none of them bills', async () => {
    const fresh = await w.store.db
      .insertInto('customers')
      .values({ id: 77, name: 'Nunca Faturada', nameKey: 'nunca faturada', documentType: 'cpf', document: cpfFor(77), emails: '[]', phones: '[]', searchText: 'nunca faturada', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const result = await lgpd.erase(fresh.id);
    expect(result).toMatchObject({ closedMonthsKept: [], closedMonthsMessage: null });
    expect((await lgpd.export(2)).billing).toHaveLength(3);
  });
});
