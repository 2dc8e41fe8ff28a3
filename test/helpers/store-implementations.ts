import { openPostgresStores } from '../../lib/server/store/postgres/postgres-stores';
import { openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import type { Stores } from '../../lib/server/store/types';
import { createTestDatabase, type TestDatabase } from './postgres';
import { tempDataDir } from './test-server';

/**
 * Both stores for contract suites, each `open` on a fresh database; `dropAll` (in the suite's
 * `after`) drops the PostgreSQL databases they made.
 */
export function storeImplementations(): {
  implementations: { name: string; open: () => Promise<Stores> }[];
  dropAll: () => Promise<void>;
} {
  const databases: TestDatabase[] = [];
  return {
    implementations: [
      {
        name: 'SQLite',
        open: () => Promise.resolve(createSqliteStores(openDatabase(tempDataDir()))),
      },
      {
        name: 'PostgreSQL',
        open: async () => {
          const database = await createTestDatabase();
          databases.push(database);
          return openPostgresStores(database.url, { maxConnections: 4 });
        },
      },
    ],
    dropAll: async () => {
      await Promise.all(databases.map((database) => database.drop()));
    },
  };
}
