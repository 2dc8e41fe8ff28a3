import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DATABASE_FILE } from '../../lib/server/store/sqlite/sqlite-database';
import { openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import {
  connectAs,
  newClientId,
  request,
  say,
  signIn,
  startTestServer,
  tempDataDir,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';
import { getFile, upload } from '../helpers/uploads';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('operations', () => {
  let t: TestServer;
  let alice: TestClient;
  before(async () => {
    t = await startTestServer();
    alice = await connectAs(t.url, 'Alice');
  });
  after(async () => {
    alice.close();
    await t.stop({ removeData: true });
  });

  it('serves Prometheus metrics: sockets, messages stored, commits, ack latency, refusals, loop lag', async () => {
    await say(alice, 'Alice', 'counted');
    await say(alice, 'Alice', 'counted too');
    await request(alice, 'message:send', { room: 'general' });
    const response = await fetch(`${t.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const body = await response.text();
    assert.match(body, /^parley_connected_sockets 1$/m);
    assert.match(body, /^parley_messages_stored_total 2$/m);
    assert.match(body, /^parley_ack_seconds_count\{event="message:send",outcome="ok"\} 2$/m);
    assert.match(
      body,
      /^parley_ack_seconds_count\{event="message:send",outcome="invalid_payload"\} 1$/m,
    );
    assert.match(body, /^nodejs_eventloop_lag_p99_seconds /m);
    // One group commit per message sent alone, and the CPU those commits took.
    assert.match(body, /^parley_store_commits_total 2$/m);
    const commitCpu = /^parley_store_commit_cpu_seconds_total (\S+)$/m.exec(body)?.[1];
    assert.ok(Number(commitCpu) > 0, `commit CPU: ${commitCpu}`);
    // Message text never leaves through metrics.
    assert.equal(body.includes('counted'), false);
  });

  it('answers /metrics only with the bearer token, once PARLEY_METRICS_TOKEN is set', async (test) => {
    const guarded = await startTestServer({ metricsToken: 'scrape-me-please' });
    test.after(() => guarded.stop({ removeData: true }));
    const scrape = (authorization?: string) =>
      fetch(`${guarded.url}/metrics`, {
        headers: authorization === undefined ? {} : { Authorization: authorization },
      });
    for (const refused of [
      undefined,
      'Bearer wrong',
      'Bearer scrape-me',
      'Basic c2NyYXBlLW1lLXBsZWFzZQ==',
      'scrape-me-please',
    ]) {
      const response = await scrape(refused);
      assert.equal(response.status, 401, String(refused));
      assert.deepEqual(await response.json(), {
        error: { code: 'unauthenticated', message: 'Metrics need the metrics token' },
      });
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
    }
    const allowed = await scrape('Bearer scrape-me-please');
    assert.equal(allowed.status, 200);
    assert.match(await allowed.text(), /^parley_connected_sockets /m);
  });

  it('counts rate-limit refusals', async () => {
    const limited = await startTestServer({
      limits: {
        send: { burst: 1, perSecond: 0.001 },
        session: { burst: 1_000, perSecond: 1_000 },
        accountFailures: { burst: 10, perSecond: 0.01 },
        create: { burst: 1, perSecond: 0.001 },
        upload: { burst: 20, perSecond: 1 },
      },
    });
    const bob = await connectAs(limited.url, 'Bob');
    await say(bob, 'Bob', 'one');
    const refused = await request<{ ok: boolean }>(bob, 'message:send', {
      room: 'general',
      user: 'Bob',
      message: 'two',
      clientId: newClientId(),
    });
    assert.equal(refused.ok, false);
    const body = await (await fetch(`${limited.url}/metrics`)).text();
    assert.match(body, /^parley_rate_limited_total\{limit="send"\} 1$/m);
    bob.close();
    await limited.stop({ removeData: true });
  });

  it('answers /readyz while storage works, and 503 once it does not', async () => {
    const other = await startTestServer();
    const ready = await fetch(`${other.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
    await other.server.stores.close();
    const down = await fetch(`${other.url}/readyz`);
    assert.equal(down.status, 503);
    await other.stop({ removeData: true });
  });

  it('backs up the database and the files while the server runs, and the copy restores', async () => {
    const cookie = await signIn(t.url, 'Alice');
    const attached = await upload(t.url, cookie, 'minutes.txt', new TextEncoder().encode('kept'));
    const before = await say(alice, 'Alice', 'in the backup', { attachments: [attached.id] });
    const file = path.join(tempDataDir(), 'backup.db');
    const { stdout } = await run(
      process.execPath,
      ['scripts/backup.mjs', file, '--data-dir', t.dataDir],
      { cwd: ROOT },
    );
    assert.match(stdout, /"pages":\d+/);
    assert.match(stdout, /"files":/);
    // The running server did not notice.
    const afterBackup = await say(alice, 'Alice', 'after the backup');

    // Restore: the copy becomes a data dir's parley.db.
    const restoredDir = tempDataDir();
    copyFileSync(file, path.join(restoredDir, DATABASE_FILE));
    cpSync(`${file}.files`, path.join(restoredDir, 'files'), { recursive: true });
    const restoredServer = await startTestServer({ dataDir: restoredDir });
    const restoredFile = await getFile(
      restoredServer.url,
      before.attachments[0]?.url ?? '',
      await signIn(restoredServer.url, 'Alice'),
    );
    assert.equal(await restoredFile.text(), 'kept');
    await restoredServer.stop();
    const restored = createSqliteStores(openDatabase(restoredDir));
    const page = await restored.messages.latest('general', 50);
    assert.ok(page.messages.some((m) => m.id === before.id && m.message === 'in the backup'));
    assert.equal(
      page.messages.some((m) => m.id === afterBackup.id),
      false,
    );
    await restored.close();

    // It refuses to overwrite a file, and says how to call it.
    await assert.rejects(
      run(process.execPath, ['scripts/backup.mjs', file, '--data-dir', t.dataDir], { cwd: ROOT }),
    );
    await assert.rejects(run(process.execPath, ['scripts/backup.mjs'], { cwd: ROOT }));
    assert.ok(existsSync(file));
  });
});
