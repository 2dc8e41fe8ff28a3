import type { Database } from 'better-sqlite3';
import { checkpointWhenIdle } from './idle-checkpointer';
import { createSqliteMessageStore } from './sqlite-message-store';
import { createSearchIndex } from './sqlite-search-index';
import { createSqliteRoomStore } from './sqlite-room-store';
import { createSqliteAccountStore } from './sqlite-account-store';
import { createSqlitePasskeyStore } from './sqlite-passkey-store';
import { createSqliteSessionStore } from './sqlite-session-store';
import { createSqliteSettingsStore } from './sqlite-settings-store';
import { createSqliteTokenStore } from './sqlite-token-store';
import { createSqliteUploadStore } from './sqlite-upload-store';
import { createSqlitePushStore } from './sqlite-push-store';
import { createSqliteBotStore } from './sqlite-bot-store';
import { createSqliteHookStore } from './sqlite-hook-store';
import { createSqliteWebhookStore } from './sqlite-webhook-store';
import type { Stores } from '../types';

/** Every store on one embedded SQLite database, opened by `openDatabase`. */
export function createSqliteStores(db: Database): Stores {
  const stopCheckpointing = checkpointWhenIdle(db);
  const searchIndex = createSearchIndex(db);
  const ping = db.prepare<[], { ok: number }>('SELECT 1 AS ok');
  return {
    messages: createSqliteMessageStore(db, searchIndex),
    uploads: createSqliteUploadStore(db),
    accounts: createSqliteAccountStore(db),
    sessions: createSqliteSessionStore(db),
    tokens: createSqliteTokenStore(db),
    passkeys: createSqlitePasskeyStore(db),
    settings: createSqliteSettingsStore(db),
    push: createSqlitePushStore(db),
    bots: createSqliteBotStore(db),
    hooks: createSqliteHookStore(db),
    webhooks: createSqliteWebhookStore(db),
    // Room records live in memory: a SELECT per message was 2% of the server's time under load.
    rooms: createSqliteRoomStore(db),
    health: {
      ping: () => {
        ping.get();
        return Promise.resolve();
      },
    },
    close: () => {
      stopCheckpointing();
      searchIndex.close();
      if (!db.open) return Promise.resolve();
      // Leave a compact database behind: fold the whole WAL in and truncate it.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      return Promise.resolve();
    },
  };
}
