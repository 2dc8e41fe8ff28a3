/**
 * `npm run backup -- <file> [--data-dir <dir>]`: an online backup of Parley's SQLite database,
 * safe while the server runs. It reads through SQLite's backup API on its own connection (WAL
 * lets it read beside the writer), so the copy is one consistent snapshot, never a torn file.
 * Uploaded files (`<data dir>/files`) are copied next, to `<file>.files/`: after the snapshot, so
 * every file the snapshot names is there (files are written before their rows, never changed).
 * Restore: stop the server, put the copy at `<data dir>/parley.db` and `<file>.files` at
 * `<data dir>/files`, delete any `parley.db-wal` and `parley.db-shm` there, and start the server.
 * Files kept in S3-compatible storage stay in their bucket: back that up with its own tools.
 */
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--data-dir');
const dataDir = path.resolve(
  dirFlag === -1 ? (process.env.PARLEY_DATA_DIR ?? './data') : (args[dirFlag + 1] ?? ''),
);
const target = args.find((arg, index) => !arg.startsWith('--') && index !== dirFlag + 1);

if (target === undefined) {
  console.error('usage: npm run backup -- <file> [--data-dir <dir>]');
  process.exit(2);
}
const source = path.join(dataDir, 'parley.db');
if (!existsSync(source)) {
  console.error(`no database at ${source}`);
  process.exit(1);
}
const filesTarget = `${target}.files`;
if (existsSync(target) || existsSync(filesTarget)) {
  console.error(`${target} exists; choose a new file`);
  process.exit(1);
}
const filesSource = path.join(dataDir, 'files');

const db = new Database(source, { readonly: true, fileMustExist: true });
// Wait rather than fail if the server holds a lock for a moment.
db.pragma('busy_timeout = 5000');
try {
  const { totalPages } = await db.backup(target);
  if (existsSync(filesSource)) {
    cpSync(filesSource, filesTarget, {
      recursive: true,
      // Uploads still arriving are not files yet.
      filter: (from) => path.basename(from) !== '.incoming',
    });
  }
  console.log(
    JSON.stringify({
      backup: path.resolve(target),
      from: source,
      pages: totalPages,
      ...(existsSync(filesTarget) ? { files: path.resolve(filesTarget) } : {}),
    }),
  );
} finally {
  db.close();
}
