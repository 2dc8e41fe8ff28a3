/**
 * Versioned schema changes, applied in order at start. `PRAGMA user_version` records the
 * last one applied, so each runs exactly once per database. Never edit a shipped migration:
 * append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: rooms, messages with an idempotency key, sessions.
  `
  CREATE TABLE rooms (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('channel', 'dm')),
    created_at TEXT NOT NULL
  ) STRICT;
  INSERT INTO rooms (name, kind, created_at) VALUES ('general', 'channel', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

  CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room TEXT NOT NULL REFERENCES rooms (name),
    user_name TEXT NOT NULL,
    user_key TEXT NOT NULL,
    client_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX messages_room_id ON messages (room, id);
  CREATE UNIQUE INDEX messages_user_client_id ON messages (user_key, client_id);

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
  ) STRICT;
  `,
  // 2: people, memberships with read markers, and direct messages.
  // A user is one holding of a name: a released name claimed again is a new user, who never
  // inherits the previous holder's DMs or read state.
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  INSERT INTO users (id, name, name_key, created_at)
    SELECT rowid, name, name_key, created_at FROM sessions;
  ALTER TABLE sessions ADD COLUMN user_id INTEGER REFERENCES users (id);
  UPDATE sessions SET user_id = rowid;

  -- A DM's key is its two user ids, sorted: one DM per pair of people.
  ALTER TABLE rooms ADD COLUMN dm_key TEXT;
  CREATE UNIQUE INDEX rooms_dm_key ON rooms (dm_key) WHERE dm_key IS NOT NULL;

  CREATE TABLE room_members (
    room TEXT NOT NULL REFERENCES rooms (name),
    user_id INTEGER NOT NULL REFERENCES users (id),
    last_read_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (room, user_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX room_members_user ON room_members (user_id);
  `,
  // 3: the message lifecycle: authorship by user, replies, edits, deletes, reactions, search.
  // Every edit, delete or reaction takes the next `change_seq`, so a client that missed it
  // finds it by asking for changes after the last sequence it saw.
  `
  ALTER TABLE messages ADD COLUMN user_id INTEGER REFERENCES users (id);
  ALTER TABLE messages ADD COLUMN reply_to INTEGER;
  ALTER TABLE messages ADD COLUMN edited_at TEXT;
  ALTER TABLE messages ADD COLUMN deleted_at TEXT;
  ALTER TABLE messages ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX messages_room_change ON messages (room, change_seq) WHERE change_seq > 0;

  CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
  INSERT INTO counters (name, value) VALUES ('change_seq', 0);

  CREATE TABLE reactions (
    message_id INTEGER NOT NULL REFERENCES messages (id),
    emoji TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    user_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
  ) STRICT, WITHOUT ROWID;

  -- Full-text search over message bodies, kept in step by triggers. secure-delete makes a
  -- deleted or edited text leave the index at once, not at the next merge.
  CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);
  INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
  END;
  `,
  // 4: a topic per room, plain text, empty when unset.
  `ALTER TABLE rooms ADD COLUMN topic TEXT NOT NULL DEFAULT '';`,
  // 5: accounts. A user is now one person on every device: a password (or passkeys), a role,
  // many sessions. Every v1 user becomes an account without a password; one that no longer
  // held its name (signed out, or idle past 30 days) is deactivated, and where its name is now
  // someone else's it gets a suffix ("Dan (2)": parentheses are not allowed in names, so the
  // suffixed name can be nobody's). The name's live holder keeps it, else the oldest holder.
  `
  ALTER TABLE users ADD COLUMN password_hash TEXT;
  ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member'
    CHECK (role IN ('admin', 'member'));
  ALTER TABLE users ADD COLUMN deactivated_at TEXT;
  ALTER TABLE users ADD COLUMN last_seen_at TEXT;

  DELETE FROM sessions
    WHERE last_seen_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
  UPDATE users SET
    last_seen_at = (SELECT MAX(s.last_seen_at) FROM sessions s WHERE s.user_id = users.id),
    deactivated_at = CASE WHEN EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = users.id)
      THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END;
  UPDATE users SET
    name = users.name || ' (' || ranked.n || ')',
    name_key = users.name_key || ' (' || ranked.n || ')'
  FROM (
    SELECT id, ROW_NUMBER() OVER (
      PARTITION BY name_key ORDER BY deactivated_at IS NOT NULL, id
    ) AS n FROM users
  ) AS ranked
  WHERE ranked.id = users.id AND ranked.n > 1;
  CREATE UNIQUE INDEX users_name_key ON users (name_key);
  -- The oldest active account administers the server (none: the next account made does).
  UPDATE users SET role = 'admin'
    WHERE id = (SELECT MIN(id) FROM users WHERE deactivated_at IS NULL);

  -- A message shows its author's current name; an account's messages are found by user_id.
  CREATE INDEX messages_user ON messages (user_id) WHERE user_id IS NOT NULL;
  UPDATE messages SET user_name = (SELECT u.name FROM users u WHERE u.id = messages.user_id)
    WHERE user_id IS NOT NULL;
  UPDATE reactions SET user_name = (SELECT u.name FROM users u WHERE u.id = reactions.user_id);
  -- Idempotency and "own message" follow the account, not its name, which can now change:
  -- '#' cannot appear in a name key, so these keys never meet an older message's.
  UPDATE messages SET user_key = '#' || user_id WHERE user_id IS NOT NULL;

  -- Sessions: many per account, each remembering the device it was made on.
  CREATE TABLE sessions_v5 (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    device TEXT NOT NULL DEFAULT ''
  ) STRICT;
  INSERT INTO sessions_v5 (id, user_id, created_at, last_seen_at)
    SELECT id, user_id, created_at, last_seen_at FROM sessions;
  DROP TABLE sessions;
  ALTER TABLE sessions_v5 RENAME TO sessions;
  CREATE INDEX sessions_user ON sessions (user_id);

  -- One-time tokens (device links, recovery links, passkey challenges), stored as hashes.
  CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX tokens_expiry ON tokens (expires_at);

  CREATE TABLE passkeys (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    public_key BLOB NOT NULL,
    counter INTEGER NOT NULL,
    transports TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT
  ) STRICT;
  CREATE INDEX passkeys_user ON passkeys (user_id);

  -- Server-wide settings an admin changes: the invite code, the registration mode.
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  `,
  // 6: rooms a team can trust. A private channel is read only by its members (who made it is
  // kept: its creator may remove members); an archived room takes no new messages; each member
  // picks how loudly a room counts and notifies. A group DM's key is its members' ids, sorted
  // and joined by ':' as a two-person DM's always was, so existing DMs keep their keys.
  `
  ALTER TABLE rooms ADD COLUMN private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1));
  ALTER TABLE rooms ADD COLUMN created_by INTEGER REFERENCES users (id);
  ALTER TABLE rooms ADD COLUMN archived_at TEXT;
  ALTER TABLE room_members ADD COLUMN notify TEXT NOT NULL DEFAULT 'all'
    CHECK (notify IN ('all', 'mentions', 'none'));
  `,
  // 7: files. An upload belongs to its uploader until a message claims it (message_id, at its
  // position among the message's files); thumbnail_size is null for a file without one; removed_at marks one whose bytes are to be deleted
  // (its message was deleted, or nobody sent it in a day) until the sweeper has done so.
  `
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    type TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    thumbnail_size INTEGER,
    created_at TEXT NOT NULL,
    message_id INTEGER REFERENCES messages (id),
    position INTEGER,
    removed_at TEXT
  ) STRICT;
  CREATE INDEX uploads_message ON uploads (message_id, position) WHERE message_id IS NOT NULL;
  CREATE INDEX uploads_unsent ON uploads (created_at) WHERE message_id IS NULL;
  CREATE INDEX uploads_removed ON uploads (removed_at) WHERE removed_at IS NOT NULL;
  `,
  // 8: web push. A browser's subscription belongs to the session (the device) that made it,
  // so ending that session ends its pushes; an account may hold its pushes until a time.
  `
  CREATE TABLE push_subscriptions (
    endpoint TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
  CREATE INDEX push_subscriptions_session ON push_subscriptions (session_id);
  ALTER TABLE users ADD COLUMN do_not_disturb_until TEXT;
  `,
  // 9: bots and incoming webhooks. A bot is an account (role member in the table, shown as "bot") with a row here: the
  // secret its outgoing webhooks are signed with, and where they go. Its token is a session
  // (stored as the token's hash, like a cookie's) that never expires from disuse.
  `
  CREATE TABLE bots (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    signing_secret TEXT NOT NULL,
    webhook_url TEXT,
    created_at TEXT NOT NULL
  ) STRICT;
  -- An incoming webhook posts to one channel as its own account; its URL's secret is stored
  -- as a hash.
  CREATE TABLE hooks (
    id INTEGER PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    room TEXT NOT NULL REFERENCES rooms (name),
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  // 10: outgoing webhook deliveries, kept until done so a restart loses none, and kept a while
  // after, so a repeated send of the same message never makes a second one. A lease
  // (leased_until) gives each try to one process.
  `
  CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    bot_id INTEGER NOT NULL REFERENCES users (id),
    message_id INTEGER NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    leased_until TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (bot_id, message_id)
  ) STRICT;
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE state = 'pending';
  `,
  // 11: search indexing leaves the message's commit (issue 25). New messages are indexed in
  // batches up to the 'fts_indexed' mark (sqlite-search-index.ts), before every search; edits
  // and deletes keep the index in step only for messages at or below the mark, since a message
  // above it is indexed later with the text it has then. Everything stored so far is indexed.
  `
  DROP TRIGGER messages_fts_insert;
  DROP TRIGGER messages_fts_update;
  DROP TRIGGER messages_fts_delete;
  INSERT INTO counters (name, value)
    VALUES ('fts_indexed', (SELECT coalesce(max(id), 0) FROM messages));
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
    WHEN old.id <= (SELECT value FROM counters WHERE name = 'fts_indexed') BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
    WHEN old.id <= (SELECT value FROM counters WHERE name = 'fts_indexed') BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
  END;
  `,
];
