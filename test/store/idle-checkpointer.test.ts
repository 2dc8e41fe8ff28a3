import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import {
  BUSY_CHECKPOINT_PAGES,
  checkpointWhenIdle,
} from '../../lib/server/store/sqlite/idle-checkpointer';
import { tempDataDir } from '../helpers/test-server';

describe('idle checkpoints', () => {
  it('fold the WAL into the database once writes pause, not while they go on', () => {
    const dataDir = tempDataDir();
    const db = openDatabase(dataDir);
    const file = path.join(dataDir, DATABASE_FILE);
    let check: () => void = () => undefined;
    const stop = checkpointWhenIdle(db, (callback) => {
      check = callback;
      return () => undefined;
    });
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), BUSY_CHECKPOINT_PAGES);
    db.exec('CREATE TABLE filler (text TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    const write = () => {
      for (let i = 0; i < 200; i++) insert.run('x'.repeat(1_000));
    };

    const before = statSync(file).size;
    write();
    check(); // writes since the last look: busy, no checkpoint
    write();
    check(); // still writing
    assert.equal(statSync(file).size, before, 'nothing folded in while busy');
    check(); // a quiet interval: fold the WAL in
    const after = statSync(file).size;
    assert.ok(after > before + 300_000, `database file grew from ${before} to ${after}`);
    check(); // nothing new: no second checkpoint needed
    assert.equal(statSync(file).size, after);
    stop();
    db.close();
  });
});
