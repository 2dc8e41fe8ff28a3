import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { exited, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { connectClient, postJson, say, signIn, tempDataDir } from '../helpers/test-server';
import { png, upload } from '../helpers/uploads';

const PRELOAD = path.resolve(import.meta.dirname, '..', 'helpers', 'loaded-packages.mjs');

/**
 * Asks the server process for the packages it has loaded so far (see loaded-packages.mjs): one
 * reader of its output for every question, which is answered in the order asked.
 */
function packageReports(server: ServerProcess): () => Promise<string[]> {
  const stdout = server.child.stdout;
  assert.ok(stdout !== null);
  const waiting: ((names: string[]) => void)[] = [];
  createInterface({ input: stdout }).on('line', (line) => {
    if (!line.startsWith('{"loadedPackages"')) return;
    waiting.shift()?.((JSON.parse(line) as { loadedPackages: string[] }).loadedPackages);
  });
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      server.child.kill('SIGUSR2');
    });
}

/**
 * What a start loads is most of a cold start: a restarted server must take its sockets back
 * without loading what only pages, PostgreSQL, Redis, passkeys, images or pushes need.
 */
describe('a cold start of the shipped server', () => {
  let server: ServerProcess;
  let loadedPackages: () => Promise<string[]>;
  const dataDir = tempDataDir();
  before(async () => {
    server = await startServerProcess(
      { PARLEY_DATA_DIR: dataDir },
      { nodeArgs: ['--import', PRELOAD] },
    );
    loadedPackages = packageReports(server);
  });
  after(async () => {
    server.child.kill('SIGKILL');
    await exited(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts a message without loading Next, pg, Redis, WebAuthn, sharp or web-push', async () => {
    const cookie = await signIn(server.url, 'Alice');
    const socket = await connectClient(server.url, { cookie, transports: ['websocket'] });
    await say(socket, 'Alice', 'back already');
    socket.close();
    const loaded = await loadedPackages();
    assert.ok(loaded.includes('socket.io') && loaded.includes('better-sqlite3'), String(loaded));
    for (const lazy of [
      'next',
      'pg',
      'ioredis',
      '@socket.io/redis-streams-adapter',
      '@simplewebauthn/server',
      'sharp',
      'web-push',
    ]) {
      assert.ok(!loaded.includes(lazy), `${lazy} was loaded at start`);
    }
  });

  it('loads each of them where it is first needed, and serves it from there', async () => {
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>Parley<\/title>/);

    const options = await postJson(server.url, '/api/session/passkey/options', {});
    assert.equal(options.status, 200);
    assert.equal(typeof ((await options.json()) as { challenge?: unknown }).challenge, 'string');

    const cookie = await signIn(server.url, 'Bob');
    const image = await upload(server.url, cookie, 'sky.png', await png(64, 48));
    assert.equal(image.width, 64);

    const key = await fetch(`${server.url}/api/push/key`, { headers: { cookie } });
    assert.equal(key.status, 200);

    const loaded = await loadedPackages();
    for (const needed of ['next', '@simplewebauthn/server', 'sharp', 'web-push']) {
      assert.ok(loaded.includes(needed), `${needed} is not loaded: ${String(loaded)}`);
    }
  });
});
