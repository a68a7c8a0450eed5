import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../electron/host/sandbox';
import { createLinkStates } from '../../../electron/host/sync/link-states';
import { writeSimpleOffice } from '../../store/office';
import { observedStates, sandboxFor, startDesk, until, type Desk } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sandboxFor();
});
afterAll(() => sandbox.close());
const desks: Desk[] = [];
afterEach(async () => {
  for (const d of desks.splice(0)) await d.dispose();
  sandbox.reset();
});

describe("links' states, computed in the host from the store and the engine", () => {
  it('counts every link once, lists them by state and by customer, and follows the record after invalidate', async () => {
    const d = await startDesk(sandbox);
    desks.push(d);
    // services 1–3 delinquent (suspenso_debito), the rest enabled; nothing sent yet
    await writeSimpleOffice(d.t.store, 8, { baseUrl: sandbox.url, status: (i) => (i <= 3 ? 'suspenso_debito' : 'servico_habilitado') });
    const states = createLinkStates({ store: d.t.store, engine: d.engine });

    const before = await states.counts();
    expect(before.total).toBe(8);
    // enabled: a creation to send; delinquent with no licence yet: nothing to send
    expect(before.counts).toMatchObject({ pending: 5, idle: 3, active: 0 });
    const idle = await states.list({ state: 'idle', offset: 0, limit: 10 });
    expect(idle.total).toBe(3);
    expect(idle.rows[0]!.state.detail).toMatch(/^Serviço suspenso, sem licença na Campsoft/);
    const pending = await states.list({ state: 'pending', offset: 0, limit: 2 });
    expect(pending).toMatchObject({ total: 5 });
    expect(pending.rows).toHaveLength(2);
    expect(pending.rows[0]).toMatchObject({ state: { code: 'pending', action: 'create', detail: 'Criação aguardando envio.' }, contractIdentifier: expect.stringMatching(/^S\d$/), label: 'campsoft-leitura-1' });

    // the rows are kept until the record changes: a pass confirms 5 licences
    await d.engine.request('start');
    await until(async () => (await observedStates(d.t)).active === 5, '5 active links');
    await until(() => d.engine.state().runs.every((r) => r.status !== 'running'), 'run over');
    states.invalidate(['links']);
    expect((await states.counts()).counts).toMatchObject({ active: 5, idle: 3, pending: 0 });

    const ofCustomer = await states.list({ customerId: 4, offset: 0, limit: 10 });
    expect(ofCustomer.rows).toHaveLength(1);
    expect(ofCustomer.rows[0]).toMatchObject({ customerId: 4, serviceId: 'S4', state: { code: 'active', detail: null }, confirmedAt: expect.any(String) });
    // a change notice of a table the states do not read keeps the cache
    await d.t.store.db.updateTable('links').set({ removedAt: new Date().toISOString() }).where('id', '=', 'L4').execute();
    states.invalidate(['settings']);
    expect((await states.list({ linkIds: ['L4'], offset: 0, limit: 1 })).rows[0]!.state.code).toBe('active');
    states.invalidate(['links']);
    expect((await states.list({ linkIds: ['L4'], offset: 0, limit: 1 })).rows[0]!.state).toMatchObject({ code: 'pending', action: 'cancel' });
  });

  it('reads the links in chunks, every link once across the chunk borders, and lets other work run between chunks', async () => {
    const d = await startDesk(sandbox);
    desks.push(d);
    await writeSimpleOffice(d.t.store, 23, { baseUrl: sandbox.url });
    const readIn = async (chunk: number) => {
      const states = createLinkStates({ store: d.t.store, engine: d.engine, chunk });
      let settled = false;
      const counting = states.counts().finally(() => (settled = true));
      // a task queued once the read has begun: does it run before the read ends?
      const otherRanFirst = await new Promise<boolean>((ok) => setImmediate(() => ok(!settled)));
      return { ...(await counting), otherRanFirst, states };
    };
    const chunked = await readIn(5);
    expect(chunked.total).toBe(23);
    expect(chunked.counts.pending).toBe(23);
    expect(chunked.otherRanFirst).toBe(true);
    const all = await chunked.states.list({ offset: 0, limit: 100 });
    expect(new Set(all.rows.map((r) => r.linkId)).size).toBe(23);
    // in one chunk the read holds the thread until it ends
    const whole = await readIn(1000);
    expect(whole.total).toBe(23);
    expect(whole.otherRanFirst).toBe(false);
  });
});
