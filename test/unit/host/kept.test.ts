import { describe, expect, it } from 'vitest';
import { keptUntilChanged } from '../../../electron/host/services/kept';

function setup(opts: { runLive?: boolean } = {}) {
  let now = 0;
  let live = opts.runLive ?? false;
  let computed = 0;
  const kept = keptUntilChanged<number>({ tables: ['links', 'charging'], clock: { now: () => now }, runLive: () => live, liveMs: 5_000 });
  const ask = (key = '2026-12') => kept.get(key, async () => ++computed);
  return { kept, ask, computed: () => computed, at: (ms: number) => void (now = ms), live: (v: boolean) => void (live = v) };
}

describe('keptUntilChanged: a whole-record figure computed once per change', () => {
  it('is shared until a notice names one of its tables; other tables leave it kept', async () => {
    const s = setup();
    expect(await s.ask()).toBe(1);
    expect(await s.ask()).toBe(1);
    s.kept.invalidate(['settings', 'events']);
    expect(await s.ask()).toBe(1);
    s.kept.invalidate(['events', 'charging']);
    expect(await s.ask()).toBe(2);
    expect(s.computed()).toBe(2);
  });

  it('is computed again when its key turns (a new office month)', async () => {
    const s = setup();
    await s.ask('2026-11');
    expect(await s.ask('2026-12')).toBe(2);
  });

  it('while a run sends, computes again at most every liveMs; when the run ends, at the next ask', async () => {
    const s = setup({ runLive: true });
    await s.ask();
    s.kept.invalidate(['links']);
    s.at(4_999);
    expect(await s.ask()).toBe(1);
    s.at(5_000);
    expect(await s.ask()).toBe(2);
    s.kept.invalidate(['links']);
    s.at(6_000);
    expect(await s.ask()).toBe(2);
    s.live(false);
    expect(await s.ask()).toBe(3);
  });

  it('keeps no failure: the next ask computes again', async () => {
    const kept = keptUntilChanged<number>({ tables: ['links'], clock: { now: () => 0 } });
    await expect(kept.get('k', () => Promise.reject(new Error('servidor indisponível')))).rejects.toThrow('servidor indisponível');
    expect(await kept.get('k', async () => 7)).toBe(7);
  });
});
