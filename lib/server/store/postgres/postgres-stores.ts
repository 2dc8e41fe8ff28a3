import { openPostgres, type PostgresOptions } from './postgres-database';
import { createPostgresMessageStore } from './postgres-message-store';
import { createPostgresRoomStore } from './postgres-room-store';
import { createPostgresSessionStore } from './postgres-session-store';
import type { Stores } from '../types';

/** Every store on one PostgreSQL database (`DATABASE_URL`), shared by every node. */
export async function openPostgresStores(url: string, options?: PostgresOptions): Promise<Stores> {
  const pool = await openPostgres(url, options);
  return {
    messages: createPostgresMessageStore(pool),
    rooms: createPostgresRoomStore(pool),
    sessions: createPostgresSessionStore(pool),
    health: {
      ping: async () => {
        await pool.query('SELECT 1');
      },
    },
    close: () => pool.end(),
  };
}
