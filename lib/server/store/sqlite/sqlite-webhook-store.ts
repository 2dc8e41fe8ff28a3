import type { Database } from 'better-sqlite3';
import {
  toDueDelivery,
  type DueRow,
  type WebhookStore,
  type WebhookTarget,
} from '../webhook-types';

/** SQLite webhook deliveries: one process, so a lease only keeps its own tries apart. */
export function createSqliteWebhookStore(db: Database): WebhookStore {
  const targets = db.prepare<{ room: string; author: number }, { botId: number; name: string }>(
    `SELECT u.id AS botId, u.name FROM room_members m
     JOIN bots b ON b.user_id = m.user_id JOIN users u ON u.id = m.user_id
     WHERE m.room = @room AND m.user_id != @author AND b.webhook_url IS NOT NULL
       AND u.deactivated_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM bots WHERE user_id = @author)`,
  );
  const insert = db.prepare<[string, number, number, string, string, string]>(
    `INSERT INTO webhook_deliveries (id, bot_id, message_id, body, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bot_id, message_id) DO NOTHING`,
  );
  const due = db.prepare<[string, string, number], { id: string }>(
    `SELECT id FROM webhook_deliveries
     WHERE state = 'pending' AND next_attempt_at <= ? AND leased_until <= ?
     ORDER BY next_attempt_at LIMIT ?`,
  );
  const lease = db.prepare<[string, string]>(
    'UPDATE webhook_deliveries SET leased_until = ? WHERE id = ?',
  );
  const read = db.prepare<[string], DueRow>(
    `SELECT d.id, d.bot_id, d.body, d.attempts, b.webhook_url, b.signing_secret, u.name,
       u.deactivated_at IS NOT NULL AS deactivated
     FROM webhook_deliveries d JOIN bots b ON b.user_id = d.bot_id JOIN users u ON u.id = d.bot_id
     WHERE d.id = ?`,
  );
  const finish = db.prepare<[string, string]>(
    `UPDATE webhook_deliveries SET state = ?, leased_until = '' WHERE id = ?`,
  );
  const retry = db.prepare<[number, string, string]>(
    `UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, leased_until = ''
     WHERE id = ?`,
  );
  const release = db.prepare<[string]>(
    `UPDATE webhook_deliveries SET leased_until = '' WHERE id = ? AND state = 'pending'`,
  );
  const nextDue = db.prepare<[], { at: string | null }>(
    `SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE state = 'pending'`,
  );
  const prune = db.prepare<[string]>(
    `DELETE FROM webhook_deliveries WHERE state != 'pending' AND created_at < ?`,
  );
  const claim = db.transaction((now: string, until: string, limit: number) =>
    due.all(now, now, limit).flatMap(({ id }) => {
      lease.run(until, id);
      const row = read.get(id);
      return row === undefined ? [] : [toDueDelivery(row)];
    }),
  );
  const enqueue = db.transaction((rows: Parameters<WebhookStore['enqueue']>[0], now: string) => {
    for (const row of rows) insert.run(row.id, row.botId, row.messageId, row.body, now, now);
  });
  return {
    targets: (room, exceptUserId) =>
      Promise.resolve(targets.all({ room, author: exceptUserId }) satisfies WebhookTarget[]),
    enqueue: (rows, now) => {
      if (rows.length > 0) enqueue(rows, now.toISOString());
      return Promise.resolve();
    },
    claimDue: (now, until, limit) =>
      Promise.resolve(claim(now.toISOString(), until.toISOString(), limit)),
    finish: (id, outcome) => {
      finish.run(outcome, id);
      return Promise.resolve();
    },
    retryAt: (id, attempts, at) => {
      retry.run(attempts, at.toISOString(), id);
      return Promise.resolve();
    },
    release: (ids) => {
      for (const id of ids) release.run(id);
      return Promise.resolve();
    },
    nextDue: () => {
      const at = nextDue.get()?.at ?? null;
      return Promise.resolve(at === null ? undefined : new Date(at));
    },
    prune: (before) => {
      prune.run(before.toISOString());
      return Promise.resolve();
    },
  };
}
