/**
 * Issue 10's "a first pass of 20,000 new links in the browser host, 0 duplicate creations": the
 * whole office flow through the browser host's HTTP commands (test/support/browser-host-office.ts),
 * the platform a sandbox with no added latency. `first_pass.20k_s` runs from the confirmation of the
 * preview to every link active; the load average is printed beside it.
 */
import { loadavg } from 'node:os';
import { firstPassThroughBrowserHost } from '../support/browser-host-office';
import type { BenchFigure } from './figure';

const LINKS = 20_000;

export async function run(): Promise<BenchFigure[]> {
  const r = await firstPassThroughBrowserHost(LINKS, { timeoutMs: 1_800_000 });
  if (r.final.counts.active !== LINKS) throw new Error(`only ${r.final.counts.active} of ${LINKS} links active`);
  return [
    { name: 'first_pass.20k_s', value: Math.round(r.seconds * 10) / 10, unit: 's', goal: '' },
    { name: 'first_pass.links_per_s', value: Math.round(LINKS / r.seconds), unit: 'links/s', goal: '' },
    { name: 'first_pass.duplicate_creations', value: r.duplicates.length, unit: 'count', goal: '<= 0' },
    { name: 'first_pass.subscribers', value: r.subscribers, unit: 'count', goal: `>= ${LINKS}` },
    { name: 'first_pass.loadavg_1m', value: Math.round(loadavg()[0]! * 100) / 100, unit: 'load', goal: '' },
  ];
}
