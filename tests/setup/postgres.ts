// Vitest global setup: one private PostgreSQL cluster for the whole run (when PostgreSQL is installed),
// its superuser URL handed to the tests with `inject('postgresUrl')`; stopped and removed at the end.
import type { TestProject } from 'vitest/node';
import { postgresBinaries, startPostgresCluster } from '../../src/state/postgres/test-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's superuser URL to its `postgres` database; empty when PostgreSQL is absent. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!postgresBinaries()) {
    project.provide('postgresUrl', '');
    return undefined;
  }
  // fsync off: the tests kill clients, never the server, and the machine is shared.
  const cluster = await startPostgresCluster({ timeoutMs: 20_000, fsync: false });
  project.provide('postgresUrl', cluster.url());
  return () => cluster.stop();
}
