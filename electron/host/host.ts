import { join } from 'node:path';
import { AppError } from '../../shared/contract';
import type { HandlerTable } from './dispatch';
import { createEmbeddedSandbox } from './embedded-sandbox';
import { createExecutor } from './executor';
import { createIntegrationService } from './integrations';
import { createPlatformCheckService } from './platform-check';
import { createNetworkWatch } from './network';
import type { HostPorts } from './ports';
import { createMutator } from './services/mutation';
import { createPlanService } from './services/plans';
import { createImportService, importHandlers } from './services/import/service';
import { openStore, STORE_FILE, type Store } from './store/store';
import { createVault } from './vault';

export type Host = {
  handlers: HandlerTable;
  /** The office's record; tests read it directly. */
  store: Store;
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

/** Builds every service behind the contract from the ports; both transports mount `handlers`. */
export async function createHost(ports: HostPorts): Promise<Host> {
  const store = await openStore({ engine: 'sqlite', file: join(ports.dataDir, STORE_FILE) });
  const mutate = createMutator({
    store,
    clock: ports.clock,
    clerk: () => null,
    notify: (tables) => ports.emit('data.changed', { tables }),
    onDesiredStateChanged: () => {},
  });
  const plans = createPlanService({ db: store.db, mutate });
  const imports = createImportService({ db: store.db, engine: store.engine, mutate, emit: ports.emit, clock: ports.clock, logger: ports.logger });
  const vault = createVault({ dataDir: ports.dataDir, cipher: ports.cipher });
  const sandbox = createEmbeddedSandbox();
  const watch = createNetworkWatch({
    osOnline: ports.isOnline,
    // Runs only after a failure, so `integrations` exists by then.
    probe: (integrationId) => integrations.test({ integrationId }),
    emit: ports.emit,
    clock: ports.clock,
    logger: ports.logger,
  });
  const integrations = createIntegrationService({ vault, sandbox, watch, emit: ports.emit, logger: ports.logger, clock: ports.clock, fetch: ports.fetch });
  const platformCheck = createPlatformCheckService({ platformOf: integrations.platformOf, emit: ports.emit, clock: ports.clock });
  const executor = createExecutor({ platformOf: integrations.platformOf, emit: ports.emit, logger: ports.logger, clock: ports.clock });

  const handlers: HandlerTable = {
    'app.info': async () => ({
      name: 'SVA Desk',
      version: ports.version,
      platform: ports.platform,
      host: ports.host,
      secureStorage: ports.secureStorage(),
      online: watch.online(),
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
    'plans.list': async () => plans.list(),
    'plans.get': async ({ id }) => plans.get(id),
    'plans.save': async (input) => plans.save(input),
    ...importHandlers(imports),
  };
  return {
    handlers,
    store,
    async dispose() {
      watch.dispose();
      await executor.dispose();
      await sandbox.close();
      await store.close();
    },
  };
}
