import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DATABASE_FILE } from '../lib/server/database';
import { createSqliteStores } from '../lib/server/store/sqlite-stores';
import { tempDataDir } from './helpers/test-server';

describe('WAL checkpoints', () => {
  it('are run by the worker, never by a commit on the main connection', async (test) => {
    const dataDir = tempDataDir();
    const stores = createSqliteStores(dataDir, { checkpointIntervalMs: 20 });
    test.after(() => stores.close());
    const dbFile = path.join(dataDir, DATABASE_FILE);
    const sizeBefore = statSync(dbFile).size;

    // Enough rows for several MB of WAL: past SQLite's default auto-checkpoint of 1000 pages.
    const body = 'x'.repeat(3_000);
    const claim = await stores.sessions.claim('session-a', 'Alice', 'alice');
    if (!claim.ok) throw new Error('claim failed');
    const { userId } = claim.session;
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          stores.messages.append({
            room: 'general',
            user: 'Alice',
            userKey: 'alice',
            userId,
            clientId: `wal-${batch}-${i}-x`,
            message: body,
          }),
        ),
      );
    }
    // The main connection never checkpoints...
    const walSize = statSync(`${dbFile}-wal`).size;
    assert.ok(walSize > 4_000_000, `the WAL holds the writes (${walSize} bytes)`);
    // ...and the worker folds the WAL into the database file on its own thread.
    const deadline = Date.now() + 10_000;
    while (statSync(dbFile).size < sizeBefore + 5_000_000 && Date.now() < deadline) await sleep(20);
    assert.ok(
      statSync(dbFile).size >= sizeBefore + 5_000_000,
      'the database file grew by the checkpoint',
    );
  });
});
