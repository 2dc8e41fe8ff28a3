import type { Database } from 'better-sqlite3';
import { publicBot, toBotRecord, type BotRowOf, type BotStore } from '../bot-types';

const SELECT = `SELECT u.id, u.name, u.deactivated_at, b.created_at, b.webhook_url, b.signing_secret
  FROM bots b JOIN users u ON u.id = b.user_id`;

/** SQLite bots: a users row without a password, and a bots row beside it. */
export function createSqliteBotStore(db: Database): BotStore {
  const insertUser = db.prepare<[string, string, string], { id: number }>(
    `INSERT INTO users (name, name_key, role, created_at) VALUES (?, ?, 'member', ?)
     ON CONFLICT (name_key) DO NOTHING RETURNING id`,
  );
  const insertBot = db.prepare<[number, string, string | null, string]>(
    'INSERT INTO bots (user_id, signing_secret, webhook_url, created_at) VALUES (?, ?, ?, ?)',
  );
  const all = db.prepare<[], BotRowOf<string>>(`${SELECT} ORDER BY u.id`);
  const one = db.prepare<[number], BotRowOf<string>>(`${SELECT} WHERE u.id = ?`);
  const setWebhook = db.prepare<[string | null, number]>(
    'UPDATE bots SET webhook_url = ? WHERE user_id = ?',
  );
  const iso = (time: string) => time;
  const create = db.transaction((name: string, key: string, secret: string, url?: string) => {
    const at = new Date().toISOString();
    const made = insertUser.get(name, key, at);
    if (made === undefined) return undefined;
    insertBot.run(made.id, secret, url ?? null, at);
    return made.id;
  });
  return {
    create: ({ name, key, signingSecret, webhookUrl }) => {
      const id = create(name, key, signingSecret, webhookUrl);
      const row = id === undefined ? undefined : one.get(id);
      return Promise.resolve(
        row === undefined
          ? { ok: false, reason: 'name_taken' }
          : { ok: true, bot: publicBot(toBotRecord(row, iso)) },
      );
    },
    list: () => Promise.resolve(all.all().map((row) => publicBot(toBotRecord(row, iso)))),
    get: (id) => {
      const row = one.get(id);
      return Promise.resolve(row === undefined ? undefined : toBotRecord(row, iso));
    },
    setWebhook: (id, url) => {
      setWebhook.run(url ?? null, id);
      return Promise.resolve();
    },
  };
}
