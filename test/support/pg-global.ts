/** vitest globalSetup of the store-pg project: one throwaway cluster for the whole run. */
import type { TestProject } from 'vitest/node';
import type { PgConnection } from '../../electron/host/store/postgres';
import { removeCluster, startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdmin: PgConnection;
  }
}

export default async function setup(project: TestProject) {
  const server = await startPostgres();
  project.provide('pgAdmin', server.admin);
  return () => removeCluster(server);
}
