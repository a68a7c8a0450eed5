import { afterAll, beforeAll, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/host/sandbox';
import { convergeThroughFaults } from './fault-run';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ latencyMs: 1, errorRate: 0.1, timeoutRate: 0.05, rateLimitPerSecond: 200, tokenLifetimeSeconds: 30 });
});
afterAll(() => sandbox.close());

// The default profile: 10 % 5xx, 5 % of requests held unanswered, 200 requests/s, 30 s tokens.
it('converges 2,000 links through 5xx, timeouts, a rate limit and token expiry, with zero duplicates and nothing lost', { timeout: 60_000 }, async () => {
  await convergeThroughFaults(sandbox, 'default profile');
});
