import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformCheckService } from '../../../electron/host/platform-check';
import type { Sandbox } from '../../../electron/host/sandbox';
import { createPlatformCheck } from '../../../electron/host/services/platform-check';
import { platformFactory } from '../executor/support';
import { writeSimpleOffice } from '../../store/office';
import { observedStates, sandboxFor, startDesk, until, type Desk } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sandboxFor();
});
afterAll(() => sandbox.close());
let d: Desk;
afterEach(async () => {
  await d.dispose();
  sandbox.reset();
});

describe('Conferir com a plataforma in the host: drift from the store, fixes through the engine', () => {
  it('finds what differs, records it with the billed count, and fixes the chosen rows', async () => {
    d = await startDesk(sandbox);
    await writeSimpleOffice(d.t.store, 8, { baseUrl: sandbox.url });
    await d.engine.request('manual');
    await until(async () => (await observedStates(d.t)).active === 8, '8 active links');
    // Behind the office's back: S1's service is cancelled in the ERP without a pass (the office
    // still pays for it), and a licence nobody in the office knows of appears on the platform.
    await d.t.store.db.updateTable('services').set({ status: 'cancelado' }).where('id', '=', 'S1').execute();
    sandbox.store.upsertSubscriber('ctr-alheio', { name: 'Assinante Alheio', document: { type: 'cpf', number: '52998224725' }, email: { data: 'alheio@example.com' }, phone: { ddi: '55', ddd: '11', number: '912345678', mobile: true }, login: 'alheio@example.com', password: 'x' } as never);
    sandbox.store.grantLicence('ctr-alheio', 'campsoft-leitura-1', '1192001');

    const fetcher = createPlatformCheckService({ platformOf: platformFactory(sandbox), emit: () => undefined, clock: { now: () => Date.now() } });
    const check = createPlatformCheck({ db: d.t.store.db, mutate: d.t.mutate, fetchSubscribers: (id) => fetcher.subscribers(id), sendPlans: (plans) => d.engine.sendPlans(plans) });
    const report = await check.check('camp');
    expect(report.activeLicenses).toBe(9);
    expect(report.rows.map((r) => [r.kind, r.contractIdentifier]).sort()).toEqual([
      ['paying_for_nothing', 'S1'],
      ['unknown_to_office', 'ctr-alheio'],
    ]);
    const integration = await d.t.store.db.selectFrom('integrations').select('activeLicenses').executeTakeFirstOrThrow();
    expect(integration.activeLicenses).toBe(9);
    const recorded = await d.t.store.db.selectFrom('events').select('message').where('kind', '=', 'platform.check').executeTakeFirstOrThrow();
    expect(recorded.message).toBe('Conferência com a plataforma: 9 licenças ativas na plataforma, 7 vínculos deveriam estar ativos; 2 diferenças encontradas.');

    const fixed = await check.fix('camp', report.rows.map((r) => ({ contractIdentifier: r.contractIdentifier, label: r.label })));
    expect(fixed).toEqual({ corrected: 1, cancelSent: 1 });
    // The unknown licence is cancelled now; S1's cancellation, like any, waits in the preview of the
    // pass the correction requested.
    await until(() => sandbox.stats().activeLicences === 8, 'the unknown licence cancelled');
    await until(() => d.engine.state().preview?.summary.cancellations === 1, 'a preview with one cancellation');
    await d.engine.confirm(d.engine.state().preview!.id);
    await until(() => sandbox.stats().activeLicences === 7, 'only the 7 wanted licences active');
    expect(check.last('camp')!.rows).toEqual([]);
    const again = await check.check('camp');
    expect(again.rows).toEqual([]);
  });

  it('records a failed check in the history and says why', async () => {
    d = await startDesk(sandbox);
    await writeSimpleOffice(d.t.store, 1, { baseUrl: sandbox.url });
    const check = createPlatformCheck({
      db: d.t.store.db,
      mutate: d.t.mutate,
      fetchSubscribers: async () => {
        throw new Error('A Campsoft não respondeu a tempo.');
      },
      sendPlans: async () => 0,
    });
    await expect(check.check('camp')).rejects.toThrow('A Campsoft não respondeu a tempo.');
    const e = await d.t.store.db.selectFrom('events').select(['outcome', 'message']).where('kind', '=', 'platform.check').executeTakeFirstOrThrow();
    expect(e).toEqual({ outcome: 'error', message: 'Conferência com a plataforma falhou: A Campsoft não respondeu a tempo.' });
  });
});
