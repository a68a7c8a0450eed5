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
import { createPainelService, painelHandlers } from './services/painel';
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
import { openStore, type Store, type StoreLocation } from './store/store';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataTable } from '../../shared/contract/data';
import { announceChanges, listenChanges } from './store/changes';
import { isUnreachable, SERVER_UNAVAILABLE, serverFailureMessage } from './store/postgres';
import { createDatabaseService, createStoreHealth, databaseHandlers, storeLocationOf, type DatabaseService, type StoreHealth } from './services/database';
import { createDeskPresence, otherDeskCanTransmit } from './services/desks';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import { createLinkStates, LINK_STATE_TABLES } from './sync/link-states';
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
  if (!ports.vault && !ports.cipher) throw new Error('createHost: a vault or a cipher is needed');
  const vault = ports.vault ?? localVault(createVault({ dataDir: ports.dataDir, cipher: ports.cipher! }));
  const desk = openDesk(ports.dataDir, ports.logger);
  const deskId = hostIdOf(ports.dataDir);
  const { location, notice: storeNotice } = storeLocationOf(ports.dataDir, desk, vault);
  const late: { database?: DatabaseService; presence?: ReturnType<typeof createDeskPresence> } = {};
  // Before the store opens (a server away at start) the status is what the health knows.
  const publishDatabase = () => {
    if (late.database) void late.database.status().then((s) => ports.emit('database.status', s), () => {});
    else ports.emit('database.status', { engine: location.engine, server: desk.database()?.server ?? null, passwordSaved: true, ...health.status(), desks: [] });
  };
  const health = createStoreHealth(ports.clock, publishDatabase);
  const store = await openStoreWaiting(location, health, ports);
  // Another desk's committed change: the same refresh as this desk's own, and this desk's plan again.
  const remoteChanged = (tables: DataTable[]) => {
    changed(tables);
    if (tables.some((t) => (LINK_STATE_TABLES as readonly string[]).includes(t))) engine.othersChanged();
  };
  const changed = (tables: DataTable[]) => {
    linkStates.invalidate(tables);
    painel.invalidate(tables);
    charging.invalidate(tables);
    ports.emit('data.changed', { tables });
    if (tables.includes('settings')) void engine.scheduleChanged();
    // an integration saved, switched or removed, here or at another desk: whether this desk can transmit
    if (tables.includes('integrations')) void late.presence?.refresh();
  };
  // Other desks' notices before this host is built reach no screen yet (and the services they refresh do not exist yet).
  let live = false;
  const feed =
    location.engine === 'postgres'
      ? listenChanges({ connection: location.connection, desk: deskId, onChange: (tables) => live && remoteChanged(tables), onReachable: (up) => (up ? health.answered() : health.failed()) })
      : null;
  // A write of another desk between this open and the LISTEN would reach no screen here.
  await feed?.ready;
  const mutate = createMutator({
    store,
    clock: ports.clock,
    clerk: () => desk.clerk(),
    notify: changed,
    onDesiredStateChanged: (change) => engine.desiredStateChanged(change.reason),
    ...(store.engine === 'postgres' && { announce: (tx, tables) => announceChanges(tx, deskId, tables) }),
  });
  const plans = createPlanService({ db: store.db, mutate });
  const customers = { customers: createCustomerService({ db: store.db, engine: store.engine, mutate }), links: createLinkService({ db: store.db, mutate }), lgpd: createLgpdService({ db: store.db, mutate }) };
  const imports = createImportService({ db: store.db, engine: store.engine, mutate, emit: ports.emit, clock: ports.clock, logger: ports.logger, stepDelayMs: ports.importStepDelayMs });
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
    hostId: deskId,
    startRun,
    hasCredentials: async (integrationId) => integrations.describe(integrationId).configured,
    ...(store.engine === 'postgres' && { othersCanTransmit: () => otherDeskCanTransmit(store.db, deskId, ports.clock.now()) }),
    ...(ports.claimLeaseMs !== undefined && { leaseMs: ports.claimLeaseMs }),
    online: () => watch.online(),
    emitState: (state) => ports.emit('sync.state', state),
    daily: {
      syncProducts: async (integrationId) => void (await catalogue.syncProducts(integrationId, { actor: 'system' })),
      checkPlatform: async (integrationId) => void (await drift.check(integrationId, 'system')),
    },
  });
  attach(engine);
  const linkStates = createLinkStates({ store, engine });
  const runLive = () => engine.state().runs.some((r) => r.status === 'running');
  const painel = createPainelService({ store, clock: ports.clock, runLive });
  const drift = createPlatformCheck({ db: store.db, mutate, fetchSubscribers: (id) => platformCheck.subscribers(id), sendPlans: (plans) => engine.sendPlans(plans) });
  const workspace = createWorkspace({ store, mutate, desk, ports, integrations, sandbox });
  const charging = createChargingService({ store, mutate, transfers: workspace.transfers, clock: ports.clock, clerk: () => desk.clerk(), runLive });
  const database = (late.database = createDatabaseService({ store, desk, deskId, vault, clock: ports.clock, emit: ports.emit, health, reopen: ports.reopen, notice: storeNotice }));
  const office = (late.presence = createDeskPresence({
    db: store.db,
    deskId,
    clerk: () => desk.clerk(),
    canTransmit: async () => {
      const active = await store.db.selectFrom('integrations').select('id').where('active', '=', 1).execute();
      return active.length > 0 && active.every((i) => integrations.describe(i.id).configured);
    },
    clock: ports.clock,
    onChange: publishDatabase,
    logger: ports.logger,
    repeat: store.engine === 'postgres',
  }));

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
    // the desks' list says at once whether this desk can transmit now
    'connection.save': async ({ integrationId, draft }) => {
      const saved = await integrations.save(integrationId, draft);
      await office.refresh();
      return saved;
    },
    'connection.test': async (input) => integrations.test(input),
    'connection.delete': async ({ integrationId }) => {
      const deleted = await integrations.delete(integrationId);
      await office.refresh();
      return deleted;
    },
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
    ...painelHandlers(painel),
    ...workspace.handlers,
    ...customersHandlers(customers),
    ...importHandlers(imports),
    ...bulkHandlers(createBulkService({ db: store.db, mutate, customers: customers.customers, emit: ports.emit, clock: ports.clock })),
    ...chargingHandlers(charging),
    ...exportHandlers(createExportService({ db: store.db, transfers: workspace.transfers, clock: ports.clock, rejectedOf: (id) => imports.rejected(id) })),
    ...databaseHandlers(database),
  };
  if (store.engine === 'postgres') guardServerCalls(handlers, health);
  live = true;
  void engine.start().catch((err: unknown) => ports.logger.error('sync: start failed', { error: err instanceof Error ? err.message : String(err) }));
  return {
    handlers,
    store,
    engine,
    executor,
    async dispose() {
      office.dispose();
      await feed?.close();
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
 * On the office's server, a call that fails because the server is away answers in the office's
 * words (nothing was written: the transaction never committed) and the status bar learns of it;
 * any answer tells it the server is back.
 */
function guardServerCalls(handlers: HandlerTable, health: StoreHealth): void {
  const table = handlers as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  for (const [name, handler] of Object.entries(table)) {
    if (name === 'database.test' || name === 'database.status') continue;
    table[name] = async (input) => {
      try {
        const out = await handler(input);
        health.answered();
        return out;
      } catch (err) {
        if (!isUnreachable(err)) throw err;
        health.failed();
        throw new AppError('STORE_UNAVAILABLE', SERVER_UNAVAILABLE, { retryable: true });
      }
    };
  }
}

/**
 * Opens the store. The office's server may be away when the desk starts: it is tried again (1 s,
 * 2 s, 5 s, then every 10 s) while the desk's screens answer that it is still opening and the
 * status says the server is unavailable; any other failure (a wrong password, a newer schema) ends
 * the start with its message.
 */
async function openStoreWaiting(location: StoreLocation, health: StoreHealth, ports: Pick<HostPorts, 'logger'>): Promise<Store> {
  const delays = [1_000, 2_000, 5_000, 10_000];
  for (let attempt = 0; ; attempt++) {
    try {
      const store = await openStore(location);
      if (location.engine === 'postgres') health.answered();
      return store;
    } catch (err) {
      if (location.engine !== 'postgres') throw err;
      if (!isUnreachable(err)) throw new AppError('DATABASE_UNREACHABLE', err instanceof AppError ? err.message : serverFailureMessage(err, location.connection));
      health.failed();
      ports.logger.warn('store: office server unreachable at start, retrying', { attempt });
      await sleep(delays[Math.min(attempt, delays.length - 1)]);
    }
  }
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
