import { openPostgres, type PostgresOptions } from './postgres-database';
import { createPostgresMessageStore } from './postgres-message-store';
import { createPostgresRoomStore } from './postgres-room-store';
import { createPostgresAccountStore } from './postgres-account-store';
import { createPostgresPasskeyStore } from './postgres-passkey-store';
import { createPostgresSessionStore } from './postgres-session-store';
import { createPostgresSettingsStore } from './postgres-settings-store';
import { createPostgresTokenStore } from './postgres-token-store';
import { createPostgresUploadStore } from './postgres-upload-store';
import { createPostgresPushStore } from './postgres-push-store';
import { createPostgresBotStore } from './postgres-bot-store';
import { createPostgresHookStore } from './postgres-hook-store';
import { createPostgresWebhookStore } from './postgres-webhook-store';
import type { Stores } from '../types';

/** Every store on one PostgreSQL database (`DATABASE_URL`), shared by every node. */
export async function openPostgresStores(url: string, options?: PostgresOptions): Promise<Stores> {
  const pool = await openPostgres(url, options);
  return {
    messages: createPostgresMessageStore(pool),
    uploads: createPostgresUploadStore(pool),
    rooms: createPostgresRoomStore(pool),
    accounts: createPostgresAccountStore(pool),
    sessions: createPostgresSessionStore(pool),
    tokens: createPostgresTokenStore(pool),
    passkeys: createPostgresPasskeyStore(pool),
    settings: createPostgresSettingsStore(pool),
    push: createPostgresPushStore(pool),
    bots: createPostgresBotStore(pool),
    hooks: createPostgresHookStore(pool),
    webhooks: createPostgresWebhookStore(pool),
    health: {
      ping: async () => {
        await pool.query('SELECT 1');
      },
    },
    close: () => pool.end(),
  };
}
