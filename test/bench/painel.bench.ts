/**
 * The Painel's monthly licences at office scale: painel.figures on a store of 100,000 links (one
 * product) with 150,000 confirmed transmissions over the last 12 months (a creation for each, a
 * suspension for every second one): what the Painel's pictures cost the host after a change (the
 * figures are kept until the next change notice).
 */
import { createPainelService } from '../../electron/host/services/painel';
import { eventRow } from '../../electron/host/store/rows';
import { confirmedMessage } from '../../shared/domain/pass-summary';
import { writeSimpleOffice } from '../store/office';
import { openTestStore } from '../store/support';
import type { BenchFigure } from './figure';

const N = 100_000;

export async function run(): Promise<BenchFigure[]> {
  const t = await openTestStore();
  try {
    await writeSimpleOffice(t.store, N);
    await t.store.db.updateTable('links').set({ observedState: 'active', observed: '{"state":"active"}' }).execute();
    const now = t.clock.now();
    const day = 86_400_000;
    await t.store.db.transaction().execute(async (tx) => {
      const rows = [];
      for (let i = 1; i <= N; i++) {
        const key = JSON.stringify(['camp', `S${i}`, 'campsoft-leitura-1']);
        rows.push(eventRow({ at: new Date(now - (i % 330) * day - 3_600_000).toISOString(), actor: 'integration', integrationId: 'camp', kind: 'transmission.converged', outcome: 'ok', message: confirmedMessage('creations', `Cliente ${i}`, key) }));
        if (i % 2 === 0) rows.push(eventRow({ at: new Date(now - (i % 20) * day).toISOString(), actor: 'integration', integrationId: 'camp', kind: 'transmission.converged', outcome: 'ok', message: confirmedMessage('suspensions', `Cliente ${i}`, key) }));
        if (rows.length >= 500) await tx.insertInto('events').values(rows.splice(0)).execute();
      }
      if (rows.length) await tx.insertInto('events').values(rows).execute();
    });
    const painel = createPainelService({ store: t.store, clock: t.clock });
    await painel.figures();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      painel.invalidate(['links']);
      const started = performance.now();
      await painel.figures();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return [{ name: 'painel.figures_100k_ms', value: Math.round(times[1]!), unit: 'ms', goal: '<= 1000' }];
  } finally {
    await t.close();
  }
}
