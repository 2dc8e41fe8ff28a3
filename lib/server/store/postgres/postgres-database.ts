import pg from 'pg';
import { migratePostgres } from './postgres-migrations';

/**
 * Ids and counts are `bigint` in PostgreSQL; as JavaScript numbers they are exact up to 2^53,
 * which no chat reaches. Everything else keeps pg's own parsing (timestamps become Dates).
 */
const toNumber = (value: string): number => Number(value);
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
      ? toNumber
      : (pg.types.getTypeParser(oid, format) as (value: string) => unknown),
};

export interface PostgresOptions {
  /** Connections this node holds at most: one writes messages, the rest serve reads. */
  maxConnections?: number;
}

/** Connects to `url` and brings its schema up to date (one node at a time migrates). */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types,
    // A node whose database went away finds out in seconds, not at the OS's TCP timeout.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    application_name: 'parley',
  });
  // An idle connection dropped by the server (a restart) is an error on the pool; the pool
  // replaces it on the next query, so it must not crash the process.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** Runs `work` in one transaction on one connection; rolls back if it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** PostgreSQL's code for a unique index refusing a row. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === UNIQUE_VIOLATION;
}
