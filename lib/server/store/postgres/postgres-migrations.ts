import type pg from 'pg';
import { assertSchemaKnown } from '../schema-version';

/**
 * The same schema as SQLite's (../migrations.ts), in PostgreSQL's terms, as versioned steps.
 * `parley_schema` records the last one applied. Never edit a shipped migration: append one.
 */
const MIGRATIONS: readonly string[] = [
  // 1: everything SQLite reached in its three migrations, at once.
  `
  CREATE TABLE rooms (
    name text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('channel', 'dm')),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- A DM's key is its two user ids, sorted: one DM per pair of people.
    dm_key text UNIQUE
  );
  INSERT INTO rooms (name, kind) VALUES ('general', 'channel');

  -- A user is one holding of a name: a released name claimed again is a new user.
  CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    name_key text NOT NULL,
    created_at timestamptz NOT NULL
  );

  CREATE TABLE sessions (
    id text PRIMARY KEY,
    name text NOT NULL,
    name_key text NOT NULL UNIQUE,
    user_id bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
  );

  CREATE TABLE room_members (
    room text NOT NULL REFERENCES rooms (name),
    user_id bigint NOT NULL REFERENCES users (id),
    last_read_id bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (room, user_id)
  );
  CREATE INDEX room_members_user ON room_members (user_id);

  -- Search folds accents (café finds cafe) and keeps every word as it is (no stemming), as
  -- SQLite's unicode61 tokenizer does. unaccent is a trusted extension: the database's owner
  -- may create it.
  CREATE EXTENSION IF NOT EXISTS unaccent;
  CREATE TEXT SEARCH CONFIGURATION parley_search (COPY = simple);
  ALTER TEXT SEARCH CONFIGURATION parley_search
    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_part,
      hword_asciipart, hword_numpart, email, url, host, url_path, file, int, uint, float,
      sfloat, version
    WITH unaccent, simple;

  CREATE TABLE messages (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room text NOT NULL REFERENCES rooms (name),
    user_name text NOT NULL,
    user_key text NOT NULL,
    user_id bigint REFERENCES users (id),
    client_id text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL,
    reply_to bigint,
    edited_at timestamptz,
    deleted_at timestamptz,
    -- Every edit, delete or reaction takes the next change sequence (see counters).
    change_seq bigint NOT NULL DEFAULT 0,
    search tsvector GENERATED ALWAYS AS (to_tsvector('parley_search', body)) STORED,
    UNIQUE (user_key, client_id)
  );
  CREATE INDEX messages_room_id ON messages (room, id);
  CREATE INDEX messages_room_change ON messages (room, change_seq) WHERE change_seq > 0;
  CREATE INDEX messages_search ON messages USING gin (search);

  CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL);
  INSERT INTO counters (name, value) VALUES ('change_seq', 0);

  CREATE TABLE reactions (
    message_id bigint NOT NULL REFERENCES messages (id),
    emoji text NOT NULL,
    user_id bigint NOT NULL REFERENCES users (id),
    user_name text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
  );
  `,
  // 2: a topic per room, plain text, empty when unset.
  `ALTER TABLE rooms ADD COLUMN topic text NOT NULL DEFAULT '';`,
  // 3: accounts, as SQLite's migration 5 (read the reasons there).
  `
  ALTER TABLE users
    ADD COLUMN password_hash text,
    ADD COLUMN role text NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member')),
    ADD COLUMN deactivated_at timestamptz,
    ADD COLUMN last_seen_at timestamptz;

  DELETE FROM sessions WHERE last_seen_at < now() - interval '30 days';
  UPDATE users SET
    last_seen_at = (SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = users.id),
    deactivated_at = CASE WHEN EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = users.id)
      THEN NULL ELSE now() END;
  UPDATE users SET
    name = users.name || ' (' || ranked.n || ')',
    name_key = users.name_key || ' (' || ranked.n || ')'
  FROM (
    SELECT id, row_number() OVER (
      PARTITION BY name_key ORDER BY deactivated_at IS NOT NULL, id
    ) AS n FROM users
  ) AS ranked
  WHERE ranked.id = users.id AND ranked.n > 1;
  CREATE UNIQUE INDEX users_name_key ON users (name_key);
  UPDATE users SET role = 'admin'
    WHERE id = (SELECT min(id) FROM users WHERE deactivated_at IS NULL);

  CREATE INDEX messages_user ON messages (user_id) WHERE user_id IS NOT NULL;
  UPDATE messages m SET user_name = u.name FROM users u
    WHERE u.id = m.user_id AND m.user_name <> u.name;
  UPDATE reactions r SET user_name = u.name FROM users u
    WHERE u.id = r.user_id AND r.user_name <> u.name;
  UPDATE messages SET user_key = '#' || user_id WHERE user_id IS NOT NULL;

  ALTER TABLE sessions
    DROP COLUMN name,
    DROP COLUMN name_key,
    ADD COLUMN device text NOT NULL DEFAULT '';
  CREATE INDEX sessions_user ON sessions (user_id);

  CREATE TABLE tokens (
    hash text PRIMARY KEY,
    kind text NOT NULL,
    user_id bigint REFERENCES users (id),
    expires_at timestamptz NOT NULL
  );
  CREATE INDEX tokens_expiry ON tokens (expires_at);

  CREATE TABLE passkeys (
    id text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    public_key bytea NOT NULL,
    counter bigint NOT NULL,
    transports text NOT NULL,
    name text NOT NULL,
    created_at timestamptz NOT NULL,
    last_used_at timestamptz
  );
  CREATE INDEX passkeys_user ON passkeys (user_id);

  CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
  `,
  // 4: private channels, archiving and notification levels, as SQLite's migration 6.
  `
  ALTER TABLE rooms ADD COLUMN private boolean NOT NULL DEFAULT false;
  ALTER TABLE rooms ADD COLUMN created_by bigint REFERENCES users (id);
  ALTER TABLE rooms ADD COLUMN archived_at timestamptz;
  ALTER TABLE room_members ADD COLUMN notify text NOT NULL DEFAULT 'all'
    CHECK (notify IN ('all', 'mentions', 'none'));
  `,
  // 5: files, as SQLite's migration 7.
  `
  CREATE TABLE uploads (
    id text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    name text NOT NULL,
    size bigint NOT NULL,
    type text NOT NULL,
    width integer,
    height integer,
    thumbnail_size bigint,
    created_at timestamptz NOT NULL,
    message_id bigint REFERENCES messages (id),
    position integer,
    removed_at timestamptz
  );
  CREATE INDEX uploads_message ON uploads (message_id, position) WHERE message_id IS NOT NULL;
  CREATE INDEX uploads_unsent ON uploads (created_at) WHERE message_id IS NULL;
  CREATE INDEX uploads_removed ON uploads (removed_at) WHERE removed_at IS NOT NULL;
  `,
  // 6: web push, as SQLite's migration 8.
  `
  CREATE TABLE push_subscriptions (
    endpoint text PRIMARY KEY,
    session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id),
    p256dh text NOT NULL,
    auth text NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
  CREATE INDEX push_subscriptions_session ON push_subscriptions (session_id);
  ALTER TABLE users ADD COLUMN do_not_disturb_until timestamptz;
  `,
  // 7: bots and incoming webhooks, as SQLite's migration 9.
  `
  CREATE TABLE bots (
    user_id bigint PRIMARY KEY REFERENCES users (id),
    signing_secret text NOT NULL,
    webhook_url text,
    created_at timestamptz NOT NULL
  );
  CREATE TABLE hooks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    secret_hash text NOT NULL UNIQUE,
    user_id bigint NOT NULL REFERENCES users (id),
    room text NOT NULL REFERENCES rooms (name),
    created_at timestamptz NOT NULL
  );
  `,
  // 8: outgoing webhook deliveries, as SQLite's migration 10.
  `
  CREATE TABLE webhook_deliveries (
    id text PRIMARY KEY,
    bot_id bigint NOT NULL REFERENCES users (id),
    message_id bigint NOT NULL,
    body text NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    leased_until timestamptz NOT NULL DEFAULT 'epoch',
    created_at timestamptz NOT NULL,
    UNIQUE (bot_id, message_id)
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE state = 'pending';
  `,
];

// Any constant both nodes agree on: the advisory lock that lets one node migrate at a time.
const MIGRATION_LOCK = 7_291_840_311;

/**
 * Applies every migration newer than the database, all in one transaction. Refuses a database
 * newer than this code, and never lowers its version.
 */
export async function migratePostgres(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Nodes started together wait here for the first one, then find nothing left to do.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS parley_schema (version integer NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM parley_schema');
    const from = rows[0]?.version ?? 0;
    // An older node must not start on a newer schema, nor write its lower version back.
    assertSchemaKnown(from, MIGRATIONS.length, 'PostgreSQL');
    if (from < MIGRATIONS.length) {
      for (let version = from + 1; version <= MIGRATIONS.length; version++) {
        const sql = MIGRATIONS[version - 1];
        if (sql !== undefined) await client.query(sql);
      }
      await client.query('DELETE FROM parley_schema');
      await client.query('INSERT INTO parley_schema (version) VALUES ($1)', [MIGRATIONS.length]);
    }
    await client.query('COMMIT');
    return MIGRATIONS.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
