import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampsoftPlatform } from '../../electron/host/campsoft';
import { createNetworkWatch, watchPlatform } from '../../electron/host/network';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox } from '../../electron/host/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const quiet = { info() {}, warn() {}, error() {} };

function setup(osOnline = () => true) {
  const statuses: boolean[] = [];
  const raw = createCampsoftPlatform({ baseUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET, timeoutMs: 500, maxAttempts: 1 });
  const watch = createNetworkWatch({
    osOnline,
    probe: () => platform.testConnection(),
    emit: (_event, payload) => statuses.push((payload as { online: boolean }).online),
    clock: { now: () => Date.now() },
    logger: quiet,
    intervalMs: 50,
  });
  const platform = watchPlatform(raw, 'int-1', watch);
  return { watch, platform, statuses };
}

describe('network watch', () => {
  it('goes offline when the platform cannot be reached, and back online by itself when it answers again', async () => {
    const { watch, platform, statuses } = setup();
    expect(watch.online()).toBe(true);
    sandbox.setKnobs({ offline: true });
    await expect(platform.testConnection()).rejects.toMatchObject({ code: expect.stringMatching(/NETWORK|TIMEOUT|PLATFORM_UNAVAILABLE/) });
    expect(watch.online()).toBe(false);
    sandbox.setKnobs({ offline: false });
    await expect.poll(() => watch.online(), { timeout: 5000 }).toBe(true);
    expect(statuses).toEqual([false, true]);
    watch.dispose();
  });

  it('stays online when the platform answers with a refusal (wrong data is not a network problem)', async () => {
    const { watch, platform } = setup();
    await expect(platform.cancelLicence('contrato-inexistente', 'label-x')).resolves.toMatchObject({ alreadyGone: true });
    await expect(platform.setLicenceStatus('contrato-inexistente', 'label-x', 'suspended')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(watch.online()).toBe(true);
    watch.dispose();
  });

  it('is offline while the operating system says so, whatever the platform did', async () => {
    let os = false;
    const { watch, statuses } = setup(() => os);
    expect(watch.online()).toBe(false);
    os = true;
    await expect.poll(() => watch.online()).toBe(true);
    expect(statuses).toEqual([true]);
    watch.dispose();
  });
});
