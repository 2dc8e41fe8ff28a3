import type pg from 'pg';
import {
  toDueDelivery,
  type DueRow,
  type WebhookStore,
  type WebhookTarget,
} from '../webhook-types';

/**
 * PostgreSQL webhook deliveries. Several nodes share them: a claim takes due rows with
 * `FOR UPDATE SKIP LOCKED` and leases them, so two nodes never make the same try.
 */
export function createPostgresWebhookStore(pool: pg.Pool): WebhookStore {
  return {
    targets: async (room, exceptUserId) => {
      const { rows } = await pool.query<{ botId: string; name: string }>(
        `SELECT u.id AS "botId", u.name FROM room_members m
         JOIN bots b ON b.user_id = m.user_id JOIN users u ON u.id = m.user_id
         WHERE m.room = $1 AND m.user_id != $2 AND b.webhook_url IS NOT NULL
           AND u.deactivated_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM bots WHERE user_id = $2)`,
        [room, exceptUserId],
      );
      return rows.map((row): WebhookTarget => ({ botId: Number(row.botId), name: row.name }));
    },
    enqueue: async (deliveries, now) => {
      if (deliveries.length === 0) return;
      await pool.query(
        `INSERT INTO webhook_deliveries (id, bot_id, message_id, body, next_attempt_at, created_at)
         SELECT d.id, d.bot_id, d.message_id, d.body, $5, $5
         FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[])
           AS d (id, bot_id, message_id, body)
         ON CONFLICT (bot_id, message_id) DO NOTHING`,
        [
          deliveries.map((d) => d.id),
          deliveries.map((d) => d.botId),
          deliveries.map((d) => d.messageId),
          deliveries.map((d) => d.body),
          now,
        ],
      );
    },
    claimDue: async (now, until, limit) => {
      const { rows } = await pool.query<DueRow>(
        `WITH claimed AS (
           UPDATE webhook_deliveries SET leased_until = $2
           WHERE id IN (
             SELECT id FROM webhook_deliveries
             WHERE state = 'pending' AND next_attempt_at <= $1 AND leased_until <= $1
             ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
           RETURNING id, bot_id, body, attempts, next_attempt_at)
         SELECT c.id, c.bot_id, c.body, c.attempts, b.webhook_url, b.signing_secret, u.name,
           u.deactivated_at IS NOT NULL AS deactivated
         FROM claimed c JOIN bots b ON b.user_id = c.bot_id JOIN users u ON u.id = c.bot_id
         ORDER BY c.next_attempt_at`,
        [now, until, limit],
      );
      return rows.map(toDueDelivery);
    },
    finish: async (id, outcome) => {
      await pool.query(
        `UPDATE webhook_deliveries SET state = $1, leased_until = 'epoch' WHERE id = $2`,
        [outcome, id],
      );
    },
    retryAt: async (id, attempts, at) => {
      await pool.query(
        `UPDATE webhook_deliveries SET attempts = $1, next_attempt_at = $2, leased_until = 'epoch'
         WHERE id = $3`,
        [attempts, at, id],
      );
    },
    release: async (ids) => {
      if (ids.length === 0) return;
      await pool.query(
        `UPDATE webhook_deliveries SET leased_until = 'epoch'
         WHERE id = ANY($1::text[]) AND state = 'pending'`,
        [ids],
      );
    },
    nextDue: async () => {
      const { rows } = await pool.query<{ at: Date | null }>(
        `SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE state = 'pending'`,
      );
      return rows[0]?.at ?? undefined;
    },
    prune: async (before) => {
      await pool.query(
        `DELETE FROM webhook_deliveries WHERE state != 'pending' AND created_at < $1`,
        [before],
      );
    },
  };
}
