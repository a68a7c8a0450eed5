import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../electron/host/sandbox';
import { msUntilHour, PREVIEW_THRESHOLD } from '../../../electron/host/sync/engine';
import { duplicates } from '../executor/support';
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
  sandbox.setKnobs({ latencyMs: 0 });
});
async function desk(...args: Parameters<typeof startDesk>) {
  const d = await startDesk(...args);
  desks.push(d);
  return d;
}
const idle = (d: Desk) => until(async () => !d.engine.state().passing && d.engine.state().runs.every((r) => r.status !== 'running') && (await d.t.store.db.selectFrom('links').select('id').where('claimedBy', 'is not', null).execute()).length === 0, 'engine idle');

describe('sync engine in the host: the store → planner → executor → store', () => {
  it('links blocked for one reason get one event per customer up to 50; an integration that blocks more (read and written in several chunks) gets one event, and nothing is sent', async () => {
    const blockedEvents = (d: Desk) => d.t.store.db.selectFrom('events').select(['subject', 'message']).where('kind', '=', 'transmission.blocked').execute();
    const few = await desk(sandbox, { extra: { hasCredentials: async () => false } });
    await writeSimpleOffice(few.t.store, 3, { baseUrl: sandbox.url });
    // customer 1 has a second service with the package: one event names both links
    const db = few.t.store.db;
    const s1 = await db.selectFrom('services').selectAll().where('id', '=', 'S1').executeTakeFirstOrThrow();
    await db.insertInto('services').values({ ...s1, id: 'S1b' }).execute();
    const l1 = await db.selectFrom('links').selectAll().where('id', '=', 'L1').executeTakeFirstOrThrow();
    await db.insertInto('links').values({ ...l1, id: 'L1b', serviceId: 'S1b' }).execute();
    await few.engine.request('start');
    await until(async () => (await observedStates(few.t)).blocked === 4, 'four links blocked');
    await idle(few);
    const events = await blockedEvents(few);
    expect(events.map((e) => e.subject).sort()).toEqual(['cliente:1', 'cliente:2', 'cliente:3']);
    expect(events.find((e) => e.subject === 'cliente:1')?.message).toMatch(/^Não transmitidos 2 vínculos \(Cliente 1\): Integração sem credenciais/);
    expect(events.find((e) => e.subject === 'cliente:2')?.message).toMatch(/^Não transmitido \(Cliente 2\): Integração sem credenciais/);

    const many = await desk(sandbox, { extra: { hasCredentials: async () => false } });
    await writeSimpleOffice(many.t.store, 5_432, { baseUrl: sandbox.url });
    await many.engine.request('start');
    await until(async () => (await observedStates(many.t)).blocked === 5_432, 'every link blocked');
    await idle(many);
    expect(await blockedEvents(many)).toEqual([
      { subject: null, message: 'Não transmitidos 5.432 vínculos: Integração sem credenciais: edite a integração e informe a Chave da API e a Senha da API.' },
    ]);
    // the next pass finds them blocked already: no new event
    await many.engine.request('start');
    await idle(many);
    expect(await blockedEvents(many)).toHaveLength(1);
    expect(sandbox.stats().subscribers).toBe(0);
  });

  it('sends a small pass by itself and writes each confirmed licence back with its event', async () => {
    const d = await desk(sandbox);
    await writeSimpleOffice(d.t.store, 20, { baseUrl: sandbox.url });
    await d.engine.request('start');
    await until(async () => (await observedStates(d.t)).active === 20, '20 active links');
    await idle(d);
    expect(sandbox.stats().subscribers).toBe(20);
    expect(duplicates(sandbox)).toEqual([]);
    const events = await d.t.store.db.selectFrom('events').select(['kind', 'actor', 'subject', 'message']).where('kind', '=', 'transmission.converged').execute();
    expect(events).toHaveLength(20);
    expect(events[0]).toMatchObject({ actor: 'integration', subject: expect.stringMatching(/^cliente:\d+$/) });
    expect(events[0]!.message).toMatch(/^Assinante criado e licença concedida: Cliente \d+ \(contrato S\d+ · label campsoft-leitura-1\)\.$/);
    expect(d.engine.state().pending.links).toBe(0);
  });

  it(`holds a pass of more than ${PREVIEW_THRESHOLD} links for confirmation, then sends exactly what the preview showed`, async () => {
    const d = await desk(sandbox);
    await writeSimpleOffice(d.t.store, 60, { baseUrl: sandbox.url });
    await d.engine.request('import');
    const preview = d.engine.state().preview;
    expect(preview?.summary).toMatchObject({ links: 60, creations: 60 });
    expect(sandbox.stats().subscribers).toBe(0);
    const page = d.engine.previewRows(preview!.id, 0, 10);
    expect(page.total).toBe(60);
    expect(page.rows[0]).toMatchObject({ name: expect.stringMatching(/^Cliente \d+$/), steps: ['upsert_subscriber', 'grant'] });
    expect(await d.engine.confirm(preview!.id)).toBe(60);
    await until(async () => (await observedStates(d.t)).active === 60, '60 active links');
    await idle(d);
    expect(duplicates(sandbox)).toEqual([]);
    expect(await d.engine.confirm(preview!.id)).toBe(0);
  });

  it('what the office confirmed and could not be sent then (claimed elsewhere, a halted run) goes later without a new preview', async () => {
    const d = await desk(sandbox);
    await writeSimpleOffice(d.t.store, 120, { baseUrl: sandbox.url });
    await d.engine.request('import');
    const preview = d.engine.state().preview!;
    expect(preview.summary.links).toBe(120);
    // another desk holds 60 of them when the office confirms: only the other 60 go now
    const held = Array.from({ length: 60 }, (_, i) => `L${i + 1}`);
    await d.t.store.db.updateTable('links').set({ claimedBy: 'desk-b', claimedUntil: new Date(Date.now() + 600_000).toISOString() }).where('id', 'in', held).execute();
    expect(await d.engine.confirm(preview.id)).toBe(60);
    await until(async () => (await observedStates(d.t)).active === 60, '60 active links');
    await until(() => !d.engine.state().passing && d.engine.state().runs.every((r) => r.status !== 'running'), 'the run over');
    // that desk gives them back untouched: the next pass sends them, confirmed already
    await d.t.store.db.updateTable('links').set({ claimedBy: null, claimedUntil: null }).where('id', 'in', held).execute();
    await d.engine.request('reconnect');
    expect(d.engine.state().preview).toBeNull();
    await until(async () => (await observedStates(d.t)).active === 120, '120 active links');
    await idle(d);
    expect(duplicates(sandbox)).toEqual([]);
    expect(sandbox.stats().subscribers).toBe(120);
  });

  it('after "Adiar" automatic passes do not ask again for the same links; "Transmitir agora" does', async () => {
    const d = await desk(sandbox);
    await writeSimpleOffice(d.t.store, 60, { baseUrl: sandbox.url });
    await d.engine.request('import');
    const first = d.engine.state().preview!;
    expect(d.engine.dismiss(first.id)).toBe(true);
    for (const trigger of ['start', 'after-run', 'reconnect', 'auto-retry', 'edit'] as const) {
      await d.engine.request(trigger);
      expect(d.engine.state().preview).toBeNull();
    }
    expect(d.engine.state().notice).toMatch(/^Transmissão adiada/);
    expect(sandbox.stats().subscribers).toBe(0);
    await d.engine.request('manual');
    expect(d.engine.state().preview?.summary.links).toBe(60);
  });

  it('a pass while the preview is open keeps its id for the same list, so "Adiar" clicked on it lands; a different list is a new preview', async () => {
    const d = await desk(sandbox);
    await writeSimpleOffice(d.t.store, 60, { baseUrl: sandbox.url });
    await d.engine.request('import');
    const first = d.engine.state().preview!;
    // the host's start pass, say, arriving while the clerk reads the dialog
    await d.engine.request('start');
    expect(d.engine.state().preview!.id).toBe(first.id);
    // a customer loses the e-mail: the list is not the one shown any more
    await d.t.store.db.updateTable('customers').set({ emails: '[]' }).where('id', '=', 1).execute();
    await d.engine.request('edit');
    const second = d.engine.state().preview!;
    expect(second.id).not.toBe(first.id);
    expect(second.summary.links).toBe(59);
    expect(d.engine.dismiss(first.id)).toBe(false);
    expect(d.engine.dismiss(second.id)).toBe(true);
    await d.engine.request('start');
    expect(d.engine.state().preview).toBeNull();
    expect(sandbox.stats().subscribers).toBe(0);
  });

  it('a retry of one link while a pass runs sends exactly that link', async () => {
    const d = await desk(sandbox);
    await writeSimpleOffice(d.t.store, 40, { baseUrl: sandbox.url });
    // L40 was refused for good (a 409, say) after its last edit: automatic passes leave it alone.
    const refused = JSON.stringify({ state: 'error', error: { code: 'CONFLICT', message: 'Documento já vinculado a outro contrato.', retryable: false, at: '2026-12-01T00:00:00.000Z' } });
    await d.t.store.db.updateTable('links').set({ observed: refused, observedState: 'error' }).where('id', 'in', ['L39', 'L40']).execute();
    sandbox.setKnobs({ latencyMs: 30 });
    const first = d.engine.request('start');
    await until(() => d.engine.state().runs.some((r) => r.status === 'running'), 'a run going');
    await d.engine.request('retry', ['L40']);
    await first;
    await until(async () => (await observedStates(d.t)).active === 39, '38 + the retried link active');
    await idle(d);
    const rows = await d.t.store.db.selectFrom('links').select(['id', 'observedState']).where('id', 'in', ['L39', 'L40']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'L39', observedState: 'error' },
      { id: 'L40', observedState: 'active' },
    ]);
  });

  it('two desks pressing "Transmitir agora" at once on one record send each licence once', async () => {
    const a = await desk(sandbox, { hostId: 'desk-a' });
    const b = await desk(sandbox, { hostId: 'desk-b', t: a.t });
    await writeSimpleOffice(a.t.store, 40, { baseUrl: sandbox.url });
    sandbox.setKnobs({ latencyMs: 5 });
    await Promise.all([a.engine.request('manual'), b.engine.request('manual')]);
    await until(async () => (await observedStates(a.t)).active === 40, '40 active links');
    await idle(a);
    await idle(b);
    expect(sandbox.stats().subscribers).toBe(40);
    expect(duplicates(sandbox)).toEqual([]);
  });

  it('a desk alive renews its claims while the platform does not answer; past the first lease another desk takes none of them', async () => {
    const lease = { leaseMs: 60_000, renewMs: 50 };
    const a = await desk(sandbox, { hostId: 'desk-a', extra: lease });
    const b = await desk(sandbox, { hostId: 'desk-b', t: a.t, extra: lease });
    a.t.clock.set('2026-12-01T15:00:00.000Z');
    await writeSimpleOffice(a.t.store, 10, { baseUrl: sandbox.url });
    sandbox.setKnobs({ paused: true });
    void a.engine.request('manual');
    const claims = async (by: string) => (await a.t.store.db.selectFrom('links').select('claimedUntil').where('claimedBy', '=', by).execute()).map((r) => r.claimedUntil);
    await until(async () => (await claims('desk-a')).length === 10, "desk A claims the 10 links (the platform holds A's first requests)");
    expect(new Set(await claims('desk-a'))).toEqual(new Set(['2026-12-01T15:01:00.000Z']));
    // 50 s on, the lease nearly over: A, alive, extends every claim by a lease from now
    a.t.clock.set('2026-12-01T15:00:50.000Z');
    await until(async () => (await claims('desk-a')).every((u) => u === '2026-12-01T15:01:50.000Z'), 'claims renewed');
    // past the first lease, B's "Transmitir agora" finds them held: it claims and sends none
    a.t.clock.set('2026-12-01T15:01:10.000Z');
    await b.engine.request('manual');
    expect(await claims('desk-b')).toEqual([]);
    sandbox.setKnobs({ paused: false });
    await until(async () => (await observedStates(a.t)).active === 10, '10 active links');
    await idle(a);
    await idle(b);
    expect(sandbox.stats().subscribers).toBe(10);
    expect(duplicates(sandbox)).toEqual([]);
  });

  it('after a crash mid-pass, the next start redoes the links it had claimed and marked in flight', async () => {
    const d = await desk(sandbox, { hostId: 'desk-a' });
    await writeSimpleOffice(d.t.store, 5, { baseUrl: sandbox.url });
    const inFlight = JSON.stringify({ state: 'none', error: { code: 'IN_FLIGHT', message: 'Transmissão em andamento', retryable: true } });
    await d.t.store.db.updateTable('links').set({ observed: inFlight, claimedBy: 'desk-a', claimedUntil: '2999-01-01T00:00:00.000Z' }).execute();
    await d.engine.start();
    await until(async () => (await observedStates(d.t)).active === 5, '5 active links');
    await idle(d);
    expect(duplicates(sandbox)).toEqual([]);
  });

  it('runs the daily routine at its hour with no window open and suspends the services delinquent since the import', async () => {
    // An injected clock and timers: the routine's timer is the only one armed at its hour.
    const armed: { fn: () => void; ms: number }[] = [];
    const timers = {
      setTimeout: (fn: () => void, ms: number) => {
        if (ms > 60_000) {
          armed.push({ fn, ms });
          return armed.length;
        }
        return setTimeout(fn, ms);
      },
      clearTimeout: (h: unknown) => (typeof h === 'number' ? undefined : clearTimeout(h as ReturnType<typeof setTimeout>)),
    };
    const d = await desk(sandbox, { timers });
    d.t.clock.set('2026-12-01T15:00:00.000Z');
    await writeSimpleOffice(d.t.store, 70, { baseUrl: sandbox.url });
    // Already transmitted and confirmed yesterday; the routine ran today at 04:00 already.
    await d.engine.request('manual');
    await d.engine.confirm(d.engine.state().preview!.id);
    await until(async () => (await observedStates(d.t)).active === 70, '70 active links');
    await idle(d);
    await d.t.store.db.insertInto('settings').values({ key: 'schedule', value: JSON.stringify({ hour: 4, lastRunAt: '2026-12-01T07:00:00.000Z' }), updatedAt: 'x' }).execute();
    await d.engine.start();
    // An import marks 60 services suspenso_debito; its pass waits in a preview nobody confirms.
    await d.t.store.db.updateTable('services').set({ status: 'suspenso_debito' }).where('customerId', '<=', 60).execute();
    await d.engine.request('import');
    expect(d.engine.state().preview?.summary.suspensions).toBe(60);
    d.engine.dismiss(d.engine.state().preview!.id);
    expect(armed.at(-1)!.ms).toBe(msUntilHour(4, new Date(d.t.clock.now())));
    armed.at(-1)!.fn();
    await until(async () => (await observedStates(d.t)).suspended === 60, '60 suspended links');
    await idle(d);
    expect(sandbox.stats().activeLicences).toBe(10);
    const routine = await d.t.store.db.selectFrom('events').select(['actor', 'message']).where('kind', '=', 'schedule.run').execute();
    expect(routine).toEqual([{ actor: 'system', message: 'Rotina diária: produtos sincronizados, plataforma conferida e transmissão recalculada.' }]);
    // Cobrança's history: each confirmed change once (70 activations, 60 suspensions), in order per link
    const history = await d.t.store.db.selectFrom('licenceEvents').select(['linkId', 'state']).orderBy('linkId').orderBy('at').orderBy('id').execute();
    expect(history.filter((h) => h.state === 'active')).toHaveLength(70);
    expect(history.filter((h) => h.state === 'suspended')).toHaveLength(60);
    expect(history.filter((h) => h.linkId === 'L1').map((h) => h.state)).toEqual(['active', 'suspended']);
  });
});
