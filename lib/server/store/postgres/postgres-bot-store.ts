import type pg from 'pg';
import { publicBot, toBotRecord, type BotRowOf, type BotStore } from '../bot-types';
import { inTransaction, isUniqueViolation } from './postgres-database';

const SELECT = `SELECT u.id, u.name, u.deactivated_at, b.created_at, b.webhook_url, b.signing_secret
  FROM bots b JOIN users u ON u.id = b.user_id`;
const iso = (time: Date) => time.toISOString();

/** PostgreSQL bots, as SQLite's. */
export function createPostgresBotStore(pool: pg.Pool): BotStore {
  const one = async (id: number) => {
    const { rows } = await pool.query<BotRowOf<Date>>(`${SELECT} WHERE u.id = $1`, [id]);
    return rows[0] === undefined ? undefined : toBotRecord(rows[0], iso);
  };
  return {
    create: async ({ name, key, signingSecret, webhookUrl }) => {
      try {
        const id = await inTransaction(pool, async (client) => {
          const { rows } = await client.query<{ id: number }>(
            `INSERT INTO users (name, name_key, role, created_at)
             VALUES ($1, $2, 'member', now()) RETURNING id`,
            [name, key],
          );
          const made = rows[0];
          if (made === undefined) throw new Error('bot insert returned no row');
          await client.query(
            `INSERT INTO bots (user_id, signing_secret, webhook_url, created_at)
             VALUES ($1, $2, $3, now())`,
            [made.id, signingSecret, webhookUrl ?? null],
          );
          return made.id;
        });
        const bot = await one(id);
        if (bot === undefined) throw new Error('bot vanished after its insert');
        return { ok: true, bot: publicBot(bot) };
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
        throw error;
      }
    },
    list: async () => {
      const { rows } = await pool.query<BotRowOf<Date>>(`${SELECT} ORDER BY u.id`);
      return rows.map((row) => publicBot(toBotRecord(row, iso)));
    },
    get: one,
    setWebhook: async (id, url) => {
      await pool.query('UPDATE bots SET webhook_url = $1 WHERE user_id = $2', [url ?? null, id]);
    },
  };
}
