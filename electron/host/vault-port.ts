/**
 * The vault as the host's services use it. The vault itself (vault.ts) lives with the cipher: in
 * Electron, safeStorage answers only on the main thread, while the host runs in a worker thread of
 * the same process. So the services see reads from memory and writes that may cross threads.
 */
import type { Connection, ConnectionDescription, Vault, VaultStatus } from './vault';

export type VaultPort = {
  status(): VaultStatus;
  /** Never send this across the bridge: the executor and platform clients only. */
  get(id: string): Connection | null;
  describe(id: string): ConnectionDescription;
  save(id: string, connection: Connection): Promise<ConnectionDescription>;
  delete(id: string): Promise<void>;
};

/** The vault in the same thread. */
export function localVault(vault: Vault): VaultPort {
  return {
    status: () => vault.status(),
    get: (id) => vault.get(id),
    describe: (id) => vault.describe(id),
    save: async (id, c) => vault.save(id, c),
    delete: async (id) => vault.delete(id),
  };
}

/** What the main thread read from the vault at start, for a host in a worker. */
export type VaultSnapshot = {
  status: VaultStatus;
  entries: { id: string; connection: Connection | null; description: ConnectionDescription }[];
};

export function snapshotVault(vault: Vault): VaultSnapshot {
  return {
    status: vault.status(),
    entries: vault.ids().map((id) => {
      const connection = vault.get(id);
      return { id, connection, description: vault.describe(id) };
    }),
  };
}

/**
 * A host-thread vault: reads from the snapshot and its own writes; writes go to the main thread's
 * vault (encrypted there) and take effect here only once it stored them.
 */
export function remoteVault(snapshot: VaultSnapshot, main: { save(id: string, c: Connection): Promise<ConnectionDescription>; delete(id: string): Promise<void> }): VaultPort {
  const connections = new Map<string, Connection>();
  const descriptions = new Map<string, ConnectionDescription>();
  for (const e of snapshot.entries) {
    if (e.connection) connections.set(e.id, e.connection);
    descriptions.set(e.id, e.description);
  }
  return {
    status: () => snapshot.status,
    get: (id) => connections.get(id) ?? null,
    // after a damaged file, an integration without a readable secret lost it there (vault.ts)
    describe: (id) => descriptions.get(id) ?? (snapshot.status.damaged ? { configured: false, needsSecretAgain: true } : { configured: false }),
    async save(id, c) {
      const d = await main.save(id, c);
      connections.set(id, c);
      descriptions.set(id, d);
      return d;
    },
    async delete(id) {
      await main.delete(id);
      connections.delete(id);
      descriptions.delete(id);
    },
  };
}
