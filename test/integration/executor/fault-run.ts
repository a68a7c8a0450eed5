import { expect } from 'vitest';
import type { Sandbox } from '../../../electron/host/sandbox';
import type { LinkResult } from '../../../shared/contract/runs';
import { contractOf, duplicates, executorFor, INTEGRATION, newLinkPlan, platformFactory } from './support';

export const LINKS = 2_000;

/**
 * The reliability goal, against a sandbox already set up with its faults: 2,000 new links
 * (subscriber + licence each), every token revoked halfway through the first pass (an expiry the
 * client did not foresee), failed links sent again pass after pass, as the renderer does. Every link
 * converges, nothing is created twice, nothing is lost. Returns what the sandbox served.
 */
export async function convergeThroughFaults(sandbox: Sandbox, label: string) {
  const plans = Array.from({ length: LINKS }, (_, n) => newLinkPlan(n));
  // Short client timeouts so held requests cost 200 ms instead of 15 s; the default 4 attempts.
  const { executor, events } = executorFor(platformFactory(sandbox, { timeoutMs: 200, retryBaseDelayMs: 20, retryMaxDelayMs: 200 }));
  const byLink = new Map(plans.map((p) => [p.linkId, p]));
  const converged = new Set<string>();
  let pending = plans;
  let passes = 0;
  let revoked = false;
  const t0 = performance.now();
  while (pending.length > 0 && passes < 10) {
    passes++;
    const { runId, accepted } = await executor.start({ integrationId: INTEGRATION, plans: pending });
    expect(accepted).toBe(pending.length);
    if (!revoked) {
      revoked = true;
      while (events.results.length < LINKS / 2) await new Promise((r) => setTimeout(r, 10));
      sandbox.revokeTokens();
    }
    const state = (await executor.settled(runId))!;
    expect(state.status).toBe('done');
    const results: LinkResult[] = [];
    for (let after = 0, more = true; more; ) {
      const page = executor.state({ runId, afterSeq: after, limit: 5000 })!;
      results.push(...page.results.map((r) => r.result));
      after = page.results.at(-1)?.seq ?? after;
      more = page.more;
    }
    // Nothing lost: one result per link sent, each either confirmed or a retryable failure.
    expect(results).toHaveLength(pending.length);
    expect(new Set(results.map((r) => r.linkId)).size).toBe(pending.length);
    for (const r of results) {
      if (r.outcome === 'converged') converged.add(r.linkId);
      else expect(r.error?.retryable, `${r.linkId}: ${r.error?.code}`).toBe(true);
    }
    pending = results.filter((r) => r.outcome !== 'converged').map((r) => byLink.get(r.linkId)!);
  }

  const stats = sandbox.stats();
  console.info(`reliability (${label}): ${passes} passes, ${stats.requests['POST /authentication']} logins, statuses ${JSON.stringify(stats.statuses)}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  expect(pending).toEqual([]);
  expect(converged.size).toBe(LINKS);
  expect(stats.subscribers).toBe(LINKS);
  expect(Object.keys(stats.licenceCreations)).toHaveLength(LINKS);
  expect(duplicates(sandbox)).toEqual([]);
  for (let n = 0; n < LINKS; n++) expect(sandbox.store.subscribers.get(contractOf(n))!.licenses.get(`campsoft-leitura-${n % 7}`)!.status).toBe('active');
  // The faults were really met.
  expect(stats.statuses['503']).toBeGreaterThan(100);
  expect(stats.statuses['429']).toBeGreaterThan(0);
  expect(stats.statuses['401']).toBeGreaterThan(0);
  return stats;
}
