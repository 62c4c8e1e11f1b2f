/**
 * Opens the state database and brings its schema up to date. The dialect is chosen here and
 * nowhere else: callers get a `Kysely<StateDatabase>` and never know which engine is behind it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, SqliteDialect } from 'kysely';
import { VigilError } from '../../core/errors.ts';
import { migrations } from './migrations/index.ts';
import type { StateDatabase } from './schema.ts';

export type StateDb = Kysely<StateDatabase>;

export interface StateStoreOptions {
  /** SQLite file (embedded default). A PostgreSQL URL is the scale-out dialect (not yet built). */
  path: string;
}

export async function openStateDb(opts: StateStoreOptions): Promise<StateDb> {
  if (/^postgres(ql)?:\/\//.test(opts.path)) {
    throw new VigilError(
      'bad_config',
      'the PostgreSQL state store is not available yet; use a SQLite file path',
    );
  }
  mkdirSync(dirname(opts.path), { recursive: true });
  const sqlite = new Database(opts.path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<StateDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db);
  return db;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

async function migrate(db: StateDb): Promise<void> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'vigil_migrations' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new VigilError(
      'internal',
      `state database migration ${failed} failed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
