import type { Database } from 'better-sqlite3';
import { assertSchemaKnown } from '../schema-version';
import { MIGRATIONS } from './sqlite-schema-versions';

/**
 * Applies every migration newer than the database, each in its own transaction. Refuses a
 * database newer than this code (its version is never lowered).
 */
export function migrate(db: Database, upTo = MIGRATIONS.length): number {
  const current = db.pragma('user_version', { simple: true });
  const from = typeof current === 'number' ? current : 0;
  assertSchemaKnown(from, MIGRATIONS.length, 'SQLite');
  // `upTo` stops early: upgrade tests build a database as an earlier release left it.
  for (let version = from + 1; version <= Math.min(upTo, MIGRATIONS.length); version++) {
    const sql = MIGRATIONS[version - 1];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return MIGRATIONS.length;
}
