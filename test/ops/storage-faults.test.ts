import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { Message } from '../../lib/protocol';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import {
  aliceAndBobInGeneral,
  newClientId,
  request,
  startTestServer,
  tempDataDir,
  type Ack,
  type Failure,
  type Inbox,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

const ROUNDS = 3;
/** Refusals to collect per round before storage is healed. */
const REFUSALS = 3;
/** A round that never meets a refusal fails instead of sending forever. */
const MAX_SENDS_PER_ROUND = 400;

/** A storage fault: `inject` breaks writes and returns the function that heals them. */
interface Fault {
  name: string;
  inject: (serverDb: Database, dataDir: string) => () => void;
}

const FAULTS: Fault[] = [
  {
    // SQLite's own "database or disk is full": the file may not grow past the pages it has.
    name: 'disk full',
    inject: (db) => {
      const limit = db.pragma('max_page_count', { simple: true }) as number;
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      return () => db.pragma(`max_page_count = ${limit}`);
    },
  },
  {
    // Another process (an admin's sqlite3 shell) holds the write lock past the busy timeout.
    name: 'database locked',
    inject: (_db, dataDir) => {
      const other = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
      other.exec('BEGIN IMMEDIATE');
      return () => {
        other.exec('ROLLBACK');
        other.close();
      };
    },
  },
];

type SendAck = Ack<{ message: Message }> | Failure;

describe('storage faults: sends are refused with internal, nothing is broadcast, then it heals', () => {
  const dataDir = tempDataDir();
  const db = openDatabase(dataDir);
  let t: TestServer;
  let alice: TestClient;
  let bob: TestClient;
  let bobInbox: Inbox;
  const tried: string[] = [];

  before(async () => {
    // Lifted send limits: a disk-full round writes until the file runs out of pages.
    t = await startTestServer({
      dataDir,
      stores: createSqliteStores(db),
      limits: {
        send: { burst: 10_000, perSecond: 10_000 },
        session: { burst: 100, perSecond: 100 },
        accountFailures: { burst: 10, perSecond: 0.01 },
        create: { burst: 5, perSecond: 1 },
        upload: { burst: 20, perSecond: 1 },
      },
    });
    ({ alice, bob, bobInbox } = await aliceAndBobInGeneral(t.url));
  });
  after(async () => {
    for (const socket of [alice, bob]) socket.close();
    await t.stop({ removeData: true });
    console.log(`faults injected:\n  ${tried.join('\n  ')}`);
  });

  const send = (text: string, clientId = newClientId()) =>
    request<SendAck>(alice, 'message:send', {
      room: 'general',
      user: 'Alice',
      message: text,
      clientId,
    });

  for (const fault of FAULTS) {
    it(`${fault.name}, ${ROUNDS} times`, async () => {
      const acked: Message[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const heal = fault.inject(db, dataDir);
        const refused: { text: string; clientId: string }[] = [];
        let sent = 0;
        try {
          while (refused.length < REFUSALS) {
            assert.ok(sent < MAX_SENDS_PER_ROUND, `${fault.name}: no send was refused`);
            // Long texts fill pages fast; the number keeps every text distinct.
            const text = `${fault.name} ${round}.${sent} ${'x'.repeat(2000)}`;
            const clientId = newClientId();
            const ack = await send(text, clientId);
            sent++;
            if (ack.ok) acked.push(ack.message);
            else {
              assert.equal(ack.error.code, 'internal');
              assert.equal(ack.error.message, 'Something went wrong on our side');
              refused.push({ text, clientId });
            }
          }
        } finally {
          heal();
        }
        // Once storage is back, the same messages (same clientIds, as the outbox retries them)
        // are stored once each.
        for (const { text, clientId } of refused) {
          const ack = await send(text, clientId);
          assert.ok(ack.ok, `retry after healing: ${JSON.stringify(ack)}`);
          acked.push(ack.message);
        }
        tried.push(
          `${fault.name} round ${round}: ${sent - refused.length} stored, then ${refused.length} ` +
            `refused with internal; healed; ${refused.length} retried and stored`,
        );
      }

      const last = acked.at(-1);
      assert.ok(last !== undefined);
      await bobInbox.waitFor(last.id);
      const ids = acked.map((message) => message.id);
      // Bob heard exactly the stored messages: none of the refused ones while storage was down.
      assert.deepEqual(
        bobInbox.messages.filter((m) => m.message.startsWith(fault.name)).map((m) => m.id),
        ids,
      );
      // Every acked message is in the database once, in ack order.
      const stored = db
        .prepare<[string], { id: number }>(
          "SELECT id FROM messages WHERE body LIKE ? || '%' ORDER BY id",
        )
        .all(fault.name)
        .map((row) => row.id);
      assert.deepEqual(stored, ids);
      assert.ok(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0)));
    });
  }
});
