/**
 * The workspace services (history, settings, backup, demo, legacy move, transfers), built together:
 * host.ts creates them with one call and mounts their handlers with one spread.
 */
import { join } from 'node:path';
import type { HandlerTable } from '../dispatch';
import type { EmbeddedSandbox } from '../embedded-sandbox';
import type { IntegrationService } from '../integrations';
import type { HostPorts } from '../ports';
import type { Store } from '../store/store';
import { backupHandlers, createBackupService } from './backup';
import { createDemoService, demoHandlers } from './demo';
import { createHistoryService, historyHandlers } from './history';
import { createLegacyService, legacyHandlers } from './legacy';
import type { Mutate } from './mutation';
import { createSettingsService, settingsHandlers, type Desk } from './settings';
import { createTransfers, transferHandlers } from './transfers';

export const TRANSFERS_FOLDER = 'transfers';

export type WorkspaceDeps = {
  store: Store;
  mutate: Mutate;
  desk: Desk;
  ports: Pick<HostPorts, 'dataDir' | 'clock' | 'emit' | 'host'>;
  integrations: Pick<IntegrationService, 'save' | 'fetchProducts' | 'delete'>;
  sandbox: Pick<EmbeddedSandbox, 'credentials'>;
};

export type WorkspaceHandlers = ReturnType<typeof historyHandlers> &
  ReturnType<typeof settingsHandlers> &
  ReturnType<typeof backupHandlers> &
  ReturnType<typeof demoHandlers> &
  ReturnType<typeof legacyHandlers> &
  ReturnType<typeof transferHandlers>;

export function createWorkspace(deps: WorkspaceDeps) {
  const { store, mutate, ports } = deps;
  const db = store.db;
  const transfers = createTransfers({ dir: join(ports.dataDir, TRANSFERS_FOLDER), clock: ports.clock });
  const history = createHistoryService({ db, engine: store.engine, transfers, emit: ports.emit, clock: ports.clock });
  const settings = createSettingsService({ db, mutate, desk: deps.desk, host: ports.host });
  const backup = createBackupService({ store, mutate, transfers, clock: ports.clock });
  const demo = createDemoService({ db, mutate, integrations: deps.integrations, sandbox: deps.sandbox });
  const legacy = createLegacyService({ db, mutate });
  const handlers: WorkspaceHandlers = {
    ...historyHandlers(history),
    ...settingsHandlers(settings),
    ...backupHandlers(backup),
    ...demoHandlers(demo),
    ...legacyHandlers(legacy),
    ...transferHandlers(transfers),
  } satisfies Partial<HandlerTable>;
  return { history, settings, backup, demo, legacy, transfers, handlers, dispose: () => transfers.dispose() };
}
export type Workspace = ReturnType<typeof createWorkspace>;
