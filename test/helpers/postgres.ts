import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onFileEnd } from './owned-processes';

/**
 * The PostgreSQL tests run against: the development and CI machines have one on 127.0.0.1
 * (trust auth, database `test`). `.ci/run` starts it when it is not running; tests never skip.
 */
export const ADMIN_DATABASE_URL =
  process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database of its own for one test, dropped (with its connections) after. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  const drop = () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  // Dropped when the test file ends even if the suite that made it never got to.
  const forget = onFileEnd(drop);
  return {
    url: url.toString(),
    drop: async () => {
      forget();
      await drop();
    },
  };
}

/** The two storages integration suites run on: each gives the `databaseUrl` of a fresh one. */
export const STORAGES: { name: string; databaseUrl: () => Promise<string | undefined> }[] = [
  { name: 'SQLite', databaseUrl: () => Promise.resolve(undefined) },
  { name: 'PostgreSQL', databaseUrl: async () => (await createTestDatabase()).url },
];
