import { hash } from '@node-rs/argon2';
import { openDatabase } from '../../lib/server/store/sqlite/sqlite-database';

/**
 * Stores `count` messages in `room` straight into a stopped server's database (sending them
 * through the API would take minutes at the per-user rate limit), one minute apart, ending now.
 * Message `i` reads "Stored message number i".
 */
export function seedMessages(dataDir: string, count: number, room = 'general'): void {
  const db = openDatabase(dataDir);
  const insert = db.prepare<[string, string, string, string]>(
    `INSERT INTO messages (room, user_name, user_key, client_id, body, created_at)
     VALUES (?, 'Archivist', 'archivist', ?, ?, ?)`,
  );
  const start = Date.now() - count * 60_000;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      insert.run(
        room,
        `seed-${i}-xx`,
        `Stored message number ${i}`,
        new Date(start + i * 60_000).toISOString(),
      );
    }
  })();
  db.close();
}

/** A hash of `password` with the setting earlier builds stored (19 MiB, 2 passes). */
export function earlierPasswordHash(password: string): Promise<string> {
  // 2 is Algorithm.Argon2id (a const enum, which verbatimModuleSyntax cannot import).
  const earlier = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  return hash(password.normalize('NFC'), earlier);
}
