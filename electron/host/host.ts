import { AppError } from '../../shared/contract';
import type { HandlerTable } from './dispatch';
import { createEmbeddedSandbox } from './embedded-sandbox';
import { createExecutor } from './executor';
import { createIntegrationService } from './integrations';
import { createPlatformCheckService } from './platform-check';
import { createNetworkWatch, downMessages, type DownState } from './network';
import type { HostPorts } from './ports';
import { createVault } from './vault';

export type Host = {
  handlers: HandlerTable;
  dispose(): Promise<void>;
};

/** Only http(s) leaves the app; anything else (file:, javascript:, custom schemes) is refused. */
export function safeExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  return url.toString();
}

const downCodes: Record<DownState, string> = { not_answering: 'TIMEOUT', unreachable: 'NETWORK', unavailable: 'PLATFORM_UNAVAILABLE' };

/** Builds every service behind the contract from the ports; both transports mount `handlers`. */
export function createHost(ports: HostPorts): Host {
  const vault = createVault({ dataDir: ports.dataDir, cipher: ports.cipher });
  const sandbox = createEmbeddedSandbox();
  const watch = createNetworkWatch({
    osOnline: ports.isOnline,
    // Runs only after a failure, so `integrations` exists by then.
    probe: (integrationId) => integrations.probe(integrationId),
    emit: ports.emit,
    clock: ports.clock,
    logger: ports.logger,
  });
  const integrations = createIntegrationService({
    vault,
    sandbox,
    watch,
    emit: ports.emit,
    logger: ports.logger,
    clock: ports.clock,
    fetch: ports.fetch,
    requestTimeoutMs: ports.requestTimeoutMs,
  });
  const platformCheck = createPlatformCheckService({ platformOf: integrations.platformOf, emit: ports.emit, clock: ports.clock });
  const downError = (state: DownState) => ({ code: downCodes[state], message: downMessages[state] });
  const executor = createExecutor({
    platformOf: integrations.platformOf,
    emit: ports.emit,
    logger: ports.logger,
    clock: ports.clock,
    platformDown: (integrationId) => {
      const state = watch.downState(integrationId);
      return state ? downError(state) : null;
    },
  });
  // A platform that stops answering stops its run at once, rather than each link waiting out its
  // timeouts and retries while the status bar says "Transmitindo".
  const offWatch = watch.onChange((integrationId, state) => {
    if (state) executor.haltIntegration(integrationId, downError(state));
  });

  const handlers: HandlerTable = {
    'app.info': async () => ({
      name: 'SVA Desk',
      version: ports.version,
      platform: ports.platform,
      host: ports.host,
      secureStorage: ports.secureStorage(),
      online: watch.online(),
      network: watch.status(),
    }),
    'app.openExternal': async ({ url }) => {
      const safe = safeExternalUrl(url);
      if (!safe) throw new AppError('INVALID_URL', 'Somente links http ou https podem ser abertos.');
      await ports.openExternal(safe);
      return { opened: true };
    },
    'connection.describe': async ({ integrationId }) => integrations.describe(integrationId),
    'connection.save': async ({ integrationId, draft }) => integrations.save(integrationId, draft),
    'connection.test': async (input) => integrations.test(input),
    'connection.delete': async ({ integrationId }) => integrations.delete(integrationId),
    'products.fetch': async ({ integrationId }) => integrations.fetchProducts(integrationId),
    'platform.subscribers': async ({ integrationId }) => platformCheck.subscribers(integrationId),
    'sandbox.info': async () => ({ ...sandbox.credentials, url: await sandbox.urlIfRunning() }),
    'run.start': async (input) => executor.start(input),
    'run.cancel': async ({ runId }) => executor.cancel(runId),
    'run.state': async (input) => executor.state(input),
  };
  return {
    handlers,
    async dispose() {
      offWatch();
      watch.dispose();
      await executor.dispose();
      await sandbox.close();
    },
  };
}
