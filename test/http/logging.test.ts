import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE } from '../../lib/server/store/sqlite/sqlite-database';
import { createLogger } from '../../lib/server/logger';
import {
  connectClient,
  request,
  newClientId,
  startTestServer,
  type Failure,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

interface LogEntry {
  level: string;
  time: string;
  msg: string;
  socket?: string;
  user?: number;
  req?: { id: string; method: string; path: string };
  res?: { status: number };
  err?: { message: string };
}

const SECRET = 'the launch code is 0000';

describe('structured logs', () => {
  const lines: string[] = [];
  const entries = () => lines.map((line) => JSON.parse(line) as LogEntry);
  let t: TestServer;
  let socket: TestClient;
  let cookie: string;

  before(async () => {
    // Debug, the most talkative level: message text must not appear even there.
    const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
    t = await startTestServer({ log });
  });
  after(async () => {
    socket.close();
    await t.stop({ removeData: true });
  });

  it('logs each HTTP request once, with the id it answers in X-Request-Id, and no cookie', async () => {
    const password = 'Logan’s secret password';
    const response = await fetch(`${t.url}/api/accounts?name=ignored`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Logan', password }),
    });
    assert.equal(response.status, 201);
    cookie = (response.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? '';
    const id = response.headers.get('x-request-id');
    assert.match(id ?? '', /^[0-9a-f-]{36}$/);
    const entry = entries().find((e) => e.req?.id === id);
    assert.ok(entry, lines.join(''));
    assert.equal(entry.level, 'info');
    assert.deepEqual(entry.req, { id, method: 'POST', path: '/api/accounts' });
    assert.deepEqual(entry.res, { status: 201 });
    assert.ok(!Number.isNaN(Date.parse(entry.time)));
    const token = cookie.split('=')[1] ?? '';
    assert.ok(token.length > 10);
    assert.ok(!lines.some((line) => line.includes(token)), 'the session token is never logged');
    assert.ok(!lines.some((line) => line.includes(password)), 'nor is a password');
  });

  it('names the socket in its debug lines and in a failed handler’s error, never the text', async () => {
    socket = await connectClient(t.url, { cookie });
    assert.ok(
      entries().some((e) => e.msg === 'socket connected' && e.socket === socket.id),
      lines.join(''),
    );
    const sent = await request<{ ok: boolean }>(socket, 'message:send', {
      room: 'general',
      user: 'Logan',
      message: SECRET,
      clientId: newClientId(),
    });
    assert.equal(sent.ok, true);

    // Another process holds the write lock: the send fails, and the log says where.
    const other = new BetterSqlite3(path.join(t.dataDir, DATABASE_FILE));
    other.exec('BEGIN IMMEDIATE');
    const failed = await request<Failure>(socket, 'message:send', {
      room: 'general',
      user: 'Logan',
      message: SECRET,
      clientId: newClientId(),
    });
    other.exec('ROLLBACK');
    other.close();
    assert.equal(failed.error.code, 'internal');
    const error = entries().find((e) => e.msg === 'handler failed');
    assert.ok(error, lines.join(''));
    assert.equal(error.level, 'error');
    assert.equal(error.socket, socket.id);
    assert.equal(typeof error.user, 'number');
    assert.match(error.err?.message ?? '', /database is locked/);
    assert.ok(!lines.some((line) => line.includes(SECRET)), 'message text is never logged');
  });
});
