/** Where things live inside the data directory. One place, so nothing guesses a path. */
import { join } from 'node:path';

export function dataPaths(dataDir: string) {
  return {
    root: dataDir,
    state: join(dataDir, 'state.db'),
    events: join(dataDir, 'events.duckdb'),
    journal: join(dataDir, 'journal'),
    secrets: join(dataDir, 'secrets'),
    adminKey: join(dataDir, 'secrets', 'admin.key'),
    run: join(dataDir, 'run'),
    serverInfo: join(dataDir, 'run', 'server.json'),
    /** The signed checkpoint of the audit chain's head (outside SQLite on purpose). */
    auditHead: join(dataDir, 'audit.head'),
  };
}
export type DataPaths = ReturnType<typeof dataPaths>;
