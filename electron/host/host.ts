import { allowedExternalUrl, EXTERNAL_REFUSED } from './external-links';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/contract';
import type { HandlerTable } from './dispatch';
import { createEmbeddedSandbox } from './embedded-sandbox';
import { createIntegrationService } from './integrations';
import { createPlatformCheckService } from './platform-check';
import { createNetworkWatch, downMessages, type DownState } from './network';
import type { HostPorts } from './ports';
import { createIntegrationRecordService, integrationRecordHandlers } from './services/integrations';
import { createMutator } from './services/mutation';
import { createPackageService, packageHandlers } from './services/packages';
import { createPlanService } from './services/plans';
import { createPlatformCheck } from './services/platform-check';
import { openDesk } from './services/settings';
import { createWorkspace } from './services/workspace';
import { createCustomerService, customersHandlers } from './services/customers';
import { createLgpdService } from './services/lgpd';
import { createLinkService } from './services/links';
import { bulkHandlers, createBulkService } from './services/bulk';
import { chargingHandlers, createChargingService } from './services/charging';
import { createImportService, importHandlers } from './services/import/service';
import { createExportService, exportHandlers } from './services/import/exports';
import { openStore, STORE_FILE, type Store } from './store/store';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import { createLinkStates } from './sync/link-states';
import { createEngineExecutor } from './sync/wiring';
import type { Executor } from './executor';
import { createVault, type VaultStatus } from './vault';
import { localVault } from './vault-port';

export type Host = {
  handlers: HandlerTable;
  /** The office's record; tests read it directly. */
  store: Store;
  engine: SyncEngine;
  /** The runs the engine starts; tests drive it directly (no screen sends a plan). */
  executor: Pick<Executor, 'start' | 'state'>;
  dispose(): Promise<void>;
};

const downCodes: Record<DownState, string> = { not_answering: 'TIMEOUT', unreachable: 'NETWORK', unavailable: 'PLATFORM_UNAVAILABLE' };

function vaultNotice(status: VaultStatus): { vaultNotice?: string } {
  return (status.damaged || status.newerVersion) && status.message ? { vaultNotice: status.message } : {};
}

/** Builds every service behind the contract from the ports; both transports mount `handlers`. */
export async function createHost(ports: HostPorts): Promise<Host> {
  const store = await openStore({ engine: 'sqlite', file: join(ports.dataDir, STORE_FILE) });
  const desk = openDesk(ports.dataDir, ports.logger);
  const mutate = createMutator({
    store,
    clock: ports.clock,
    clerk: () => desk.clerk(),
    notify: (tables) => {
      linkStates.invalidate(tables);
      ports.emit('data.changed', { tables });
      if (tables.includes('settings')) void engine.scheduleChanged();
    },
    onDesiredStateChanged: (change) => engine.desiredStateChanged(change.reason),
  });
  const plans = createPlanService({ db: store.db, mutate });
  if (!ports.vault && !ports.cipher) throw new Error('createHost: a vault or a cipher is needed');
  const vault = ports.vault ?? localVault(createVault({ dataDir: ports.dataDir, cipher: ports.cipher! }));
  const customers = { customers: createCustomerService({ db: store.db, engine: store.engine, mutate }), links: createLinkService({ db: store.db, mutate }), lgpd: createLgpdService({ db: store.db, mutate }) };
  const imports = createImportService({ db: store.db, engine: store.engine, mutate, emit: ports.emit, clock: ports.clock, logger: ports.logger });
  const sandbox = createEmbeddedSandbox({ adminToken: ports.sandboxAdminToken });
  let wasOnline = true;
  const watch = createNetworkWatch({
    osOnline: ports.isOnline,
    // Runs only after a failure, so `integrations` exists by then.
    probe: (integrationId) => integrations.probe(integrationId),
    emit: (event, payload) => {
      ports.emit(event, payload);
      // The platform answers again: what waited is sent.
      if (event === 'network.status') {
        const { online } = payload as { online: boolean };
        if (online && !wasOnline) void engine.request('reconnect');
        wasOnline = online;
      }
    },
    clock: ports.clock,
    logger: ports.logger,
  });
  const integrations = createIntegrationService({ vault, sandbox, watch, emit: ports.emit, logger: ports.logger, clock: ports.clock, fetch: ports.fetch, requestTimeoutMs: ports.requestTimeoutMs });
  const catalogue = createIntegrationRecordService({ db: store.db, mutate, connections: integrations });
  const packages = createPackageService({ db: store.db, mutate });
  const platformCheck = createPlatformCheckService({ platformOf: integrations.platformOf, emit: ports.emit, clock: ports.clock });
  const downError = (state: DownState) => ({ code: downCodes[state], message: downMessages[state] });
  const { executor, startRun, attach } = createEngineExecutor({
    platformOf: integrations.platformOf,
    forward: ports.emit,
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
  const engine = createSyncEngine({
    store,
    mutate,
    clock: ports.clock,
    logger: ports.logger,
    hostId: hostIdOf(ports.dataDir),
    startRun,
    hasCredentials: async (integrationId) => integrations.describe(integrationId).configured,
    online: () => watch.online(),
    emitState: (state) => ports.emit('sync.state', state),
    daily: {
      syncProducts: async (integrationId) => void (await catalogue.syncProducts(integrationId, { actor: 'system' })),
      checkPlatform: async (integrationId) => void (await drift.check(integrationId, 'system')),
    },
  });
  attach(engine);
  const linkStates = createLinkStates({ store, engine });
  const drift = createPlatformCheck({ db: store.db, mutate, fetchSubscribers: (id) => platformCheck.subscribers(id), sendPlans: (plans) => engine.sendPlans(plans) });
  const workspace = createWorkspace({ store, mutate, desk, ports, integrations, sandbox });

  const handlers: HandlerTable = {
    'app.info': async () => ({
      name: 'SVA Desk',
      version: ports.version,
      platform: ports.platform,
      host: ports.host,
      secureStorage: ports.secureStorage(),
      ...vaultNotice(vault.status()),
      online: watch.online(),
      network: watch.status(),
    }),
    'app.openExternal': async ({ url }) => {
      const safe = allowedExternalUrl(url);
      if (!safe) throw new AppError('INVALID_URL', EXTERNAL_REFUSED);
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
    'sync.state': async () => engine.state(),
    'links.states': async () => linkStates.counts(),
    'links.list': async (input) => linkStates.list(input),
    'sync.request': async (input) => {
      void engine.request(input.trigger, input.trigger === 'retry' ? input.linkIds : undefined);
      return { accepted: true as const };
    },
    'sync.previewRows': async ({ previewId, offset, limit }) => engine.previewRows(previewId, offset, limit),
    'sync.confirm': async ({ previewId }) => ({ sent: await engine.confirm(previewId) }),
    'sync.dismiss': async ({ previewId }) => ({ dismissed: engine.dismiss(previewId) }),
    'platform.check': async ({ integrationId }) => drift.check(integrationId),
    'platform.lastCheck': async ({ integrationId }) => drift.last(integrationId),
    'platform.fix': async ({ integrationId, rows }) => drift.fix(integrationId, rows),
    'plans.list': async () => plans.list(),
    'plans.get': async ({ id }) => plans.get(id),
    'plans.save': async (input) => plans.save(input),
    ...integrationRecordHandlers(catalogue),
    ...packageHandlers(packages),
    ...workspace.handlers,
    ...customersHandlers(customers),
    ...importHandlers(imports),
    ...bulkHandlers(createBulkService({ db: store.db, mutate, customers: customers.customers, emit: ports.emit, clock: ports.clock })),
    ...chargingHandlers(createChargingService({ store, mutate, transfers: workspace.transfers, clock: ports.clock, clerk: () => desk.clerk() })),
    ...exportHandlers(createExportService({ db: store.db, transfers: workspace.transfers, clock: ports.clock, rejectedOf: (id) => imports.rejected(id) })),
  };
  void engine.start().catch((err: unknown) => ports.logger.error('sync: start failed', { error: err instanceof Error ? err.message : String(err) }));
  return {
    handlers,
    store,
    engine,
    executor,
    async dispose() {
      offWatch();
      watch.dispose();
      await engine.dispose();
      await executor.dispose();
      await workspace.dispose();
      await sandbox.close();
      await store.close();
    },
  };
}

/**
 * This desk's name in link claims: one per data folder (the single-instance lock makes it one
 * process), kept across restarts so a restart drops its own stale claims at once.
 */
function hostIdOf(dataDir: string): string {
  const file = join(dataDir, 'desk-id');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
  } catch {
    // first start
  }
  const id = randomUUID();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, id + '\n');
  return id;
}
