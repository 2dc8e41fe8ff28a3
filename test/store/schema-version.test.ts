import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { migrate } from '../../lib/server/store/sqlite/sqlite-migrations';
import { openPostgres } from '../../lib/server/store/postgres/postgres-database';
import { migratePostgres } from '../../lib/server/store/postgres/postgres-migrations';
import { createTestDatabase } from '../helpers/postgres';
import { startServerProcess } from '../helpers/server-process';
import { tempDataDir } from '../helpers/test-server';

/** What a newer release leaves behind: the schema one version past this code's. */
function upgradedSqlite(): { dataDir: string; known: number } {
  const dataDir = tempDataDir();
  const db = openDatabase(dataDir);
  const known = migrate(db);
  db.pragma(`user_version = ${known + 1}`);
  db.close();
  return { dataDir, known };
}

function sqliteVersion(dataDir: string): unknown {
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.pragma('user_version', { simple: true });
  } finally {
    db.close();
  }
}

/** A new PostgreSQL database migrated by this code, dropped when the test ends. */
async function migratedPostgres(t: TestContext): Promise<{ pool: pg.Pool; known: number }> {
  const database = await createTestDatabase();
  const pool = await openPostgres(database.url);
  t.after(async () => {
    await pool.end();
    await database.drop();
  });
  return { pool, known: await migratePostgres(pool) };
}

describe('a database newer than the code', () => {
  it('SQLite: refuses to open it, naming both versions, and leaves its version alone', () => {
    const { dataDir, known } = upgradedSqlite();
    assert.throws(
      () => openDatabase(dataDir),
      new RegExp(`SQLite database is at schema version ${known + 1}.*up to ${known}`),
    );
    assert.equal(sqliteVersion(dataDir), known + 1);
  });

  it('SQLite: the server refuses to start on it, saying why', async () => {
    const { dataDir, known } = upgradedSqlite();
    await assert.rejects(
      startServerProcess({ PARLEY_DATA_DIR: dataDir }),
      new RegExp(`server exited \\(1\\)[^]*schema version ${known + 1}[^]*up to ${known}`),
    );
  });

  it('PostgreSQL: refuses to migrate it, and never writes its lower version back', async (t) => {
    const { pool, known } = await migratedPostgres(t);
    await pool.query('UPDATE parley_schema SET version = $1', [known + 1]);
    await assert.rejects(
      migratePostgres(pool),
      new RegExp(`PostgreSQL database is at schema version ${known + 1}.*up to ${known}`),
    );
    const { rows } = await pool.query<{ version: number }>('SELECT version FROM parley_schema');
    assert.deepEqual(rows, [{ version: known + 1 }]);
  });

  it('PostgreSQL: a database already current is left as it is', async (t) => {
    const { pool, known } = await migratedPostgres(t);
    assert.equal(await migratePostgres(pool), known);
    const { rows } = await pool.query<{ version: number }>('SELECT version FROM parley_schema');
    assert.deepEqual(rows, [{ version: known }]);
  });
});
