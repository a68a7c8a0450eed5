import { afterEach, describe, expect, it } from 'vitest';
import { createNetworkWatch, type NetworkWatch } from '../../../electron/host/network';
import type { NetworkStatus } from '../../../shared/contract';

/** The watch's rule on reported attempts, with a hand-moved clock and no timer (the probe is not reached). */
let now = Date.UTC(2026, 11, 1, 12, 0, 0);
let watch: NetworkWatch | undefined;

function setup() {
  const pushed: NetworkStatus[] = [];
  const changes: [string, string | null][] = [];
  watch = createNetworkWatch({
    osOnline: () => true,
    probe: async () => undefined,
    emit: (_e, p) => pushed.push(p as NetworkStatus),
    clock: { now: () => now },
    logger: { info() {}, warn() {}, error() {} },
    intervalMs: 3_600_000,
  });
  watch.onChange((id, state) => changes.push([id, state]));
  return { watch, pushed, changes };
}

afterEach(() => watch?.dispose());

describe('network watch: when a platform counts as not answering', () => {
  it('a timed-out attempt with no answer since it was sent: not answering, since then, with the last answer', () => {
    const { watch, pushed, changes } = setup();
    watch.report('a', 'reached', now);
    const answeredAt = now;
    now += 60_000;
    const sent = now;
    now += 15_000;
    watch.report('a', 'timeout', sent);
    expect(watch.online()).toBe(false);
    expect(watch.downState('a')).toBe('not_answering');
    expect(pushed.at(-1)).toEqual({
      online: false,
      osOnline: true,
      checkedAt: new Date(now).toISOString(),
      platforms: [{ integrationId: 'a', state: 'not_answering', since: new Date(now).toISOString(), lastAnswerAt: new Date(answeredAt).toISOString() }],
    });
    expect(changes).toEqual([['a', 'not_answering']]);
  });

  it('one slow request among answered ones is not a platform down (the client retries it)', () => {
    const { watch, pushed } = setup();
    const slowSent = now;
    now += 1_000;
    watch.report('a', 'reached', now - 100); // another request answered after the slow one left
    now += 14_000;
    watch.report('a', 'timeout', slowSent);
    expect(watch.online()).toBe(true);
    expect(pushed).toEqual([]);
  });

  it('refused connections are "unreachable" and 5xx answers "unavailable"; the first answer below 500 brings it back', () => {
    const { watch, pushed, changes } = setup();
    watch.report('a', 'unreachable', now);
    expect(watch.downState('a')).toBe('unreachable');
    const since = pushed.at(-1)!.platforms![0].since;
    now += 3_000;
    watch.report('a', 'unavailable', now);
    // still down since the first failure, now answering 503
    expect(pushed.at(-1)!.platforms).toEqual([{ integrationId: 'a', state: 'unavailable', since, lastAnswerAt: new Date(now).toISOString() }]);
    now += 3_000;
    watch.report('a', 'reached', now);
    expect(watch.online()).toBe(true);
    expect(pushed.at(-1)).toMatchObject({ online: true, platforms: [] });
    expect(changes).toEqual([
      ['a', 'unreachable'],
      ['a', 'unavailable'],
      ['a', null],
    ]);
  });

  it('pushes only changes: the same silence reported again says nothing new', () => {
    const { watch, pushed } = setup();
    watch.report('a', 'timeout', now);
    now += 15_000;
    watch.report('a', 'timeout', now - 15_000);
    watch.report('a', 'timeout');
    expect(pushed).toHaveLength(1);
  });

  it('an integration that is deleted is forgotten: nothing left to wait for', () => {
    const { watch, changes } = setup();
    watch.report('a', 'timeout', now);
    watch.report('b', 'reached', now);
    watch.forget('a');
    expect(watch.online()).toBe(true);
    expect(changes).toEqual([
      ['a', 'not_answering'],
      ['a', null],
    ]);
  });
});
