import type { Config } from '../env';
import { openDatabase } from './sqlite/sqlite-database';
import { createSqliteStores } from './sqlite/sqlite-stores';
import type { Stores } from './types';

export type StorageKind = 'sqlite' | 'postgres';

/**
 * The one place a storage backend is chosen: PostgreSQL when `DATABASE_URL` names one (several
 * nodes share it), else the embedded SQLite database in the data directory. Either one is
 * migrated before this resolves; one that cannot be opened is fatal at start. PostgreSQL's code
 * (and `pg`) is loaded only when it is used, so the default server never pays for loading it.
 */
export async function openStores(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
): Promise<{ stores: Stores; kind: StorageKind }> {
  if (config.databaseUrl !== undefined) {
    const { openPostgresStores } = await import('./postgres/postgres-stores');
    return { stores: await openPostgresStores(config.databaseUrl), kind: 'postgres' };
  }
  return { stores: createSqliteStores(openDatabase(config.dataDir)), kind: 'sqlite' };
}
