import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { cookieOf, postJson, signIn, tempDataDir } from '../helpers/test-server';

const ADMIN = path.resolve(import.meta.dirname, '..', '..', 'dist', 'admin.mjs');

/** Runs the shipped `npm run admin` command (dist/admin.mjs) against `dataDir`. */
async function admin(dataDir: string, ...args: string[]) {
  const child = spawn(process.execPath, [ADMIN, ...args], {
    env: { ...process.env, PARLEY_DATA_DIR: dataDir, PORT: '4321' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

const usersAs = (url: string, cookie: string) =>
  fetch(`${url}/api/admin/users`, { headers: { cookie } });

describe('npm run admin, beside a running server', () => {
  const dataDir = tempDataDir();
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
  });
  after(() => {
    server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('recover prints a one-time link that sets a new password and signs in', async () => {
    await signIn(server.url, 'Root');
    await signIn(server.url, 'Mia');
    const result = await admin(dataDir, 'recover', 'mia');
    assert.equal(result.code, 0, result.stderr);
    const url = /http:\/\/localhost:4321\/#recover=(\S+)/.exec(result.stdout);
    assert.ok(url?.[1], result.stdout);
    const body = { recovery: url[1], password: 'Mia forgot the old one' };
    const used = await postJson(server.url, '/api/session', body);
    assert.equal(used.status, 200);
    assert.equal(((await used.json()) as { user: { name: string } }).user.name, 'Mia');
    assert.equal((await postJson(server.url, '/api/session', body)).status, 401, 'works once');
    const signedIn = await postJson(server.url, '/api/session', {
      name: 'Mia',
      password: 'Mia forgot the old one',
    });
    assert.equal(signedIn.status, 200);
  });

  it('promote makes an account an active admin, reactivating it if needed', async () => {
    const mia = await signIn(server.url, 'Mia2');
    assert.equal((await usersAs(server.url, mia)).status, 403);
    const promoted = await admin(dataDir, 'promote', 'Mia2');
    assert.equal(promoted.code, 0, promoted.stderr);
    assert.match(promoted.stdout, /Mia2 is now an admin/);
    assert.equal((await usersAs(server.url, mia)).status, 200);

    // Mia2 deactivates Root; promote brings Root back, as an admin who can sign in.
    const users = (await (await usersAs(server.url, mia)).json()) as {
      users: { id: number; name: string }[];
    };
    const root = users.users.find((user) => user.name === 'Root');
    assert.ok(root);
    const deactivated = await fetch(`${server.url}/api/admin/users/${root.id}`, {
      method: 'PATCH',
      headers: { cookie: mia, 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ deactivated: true }),
    });
    assert.equal(deactivated.status, 200);
    const credentials = { name: 'Root', password: 'Root has a long password' };
    assert.equal((await postJson(server.url, '/api/session', credentials)).status, 403);
    assert.equal((await admin(dataDir, 'promote', 'Root')).code, 0);
    const back = await postJson(server.url, '/api/session', credentials);
    assert.equal(back.status, 200);
    assert.equal((await usersAs(server.url, cookieOf(back))).status, 200);
  });

  it('refuses an unknown name (exit 1) and a wrong command (exit 2)', async () => {
    const unknown = await admin(dataDir, 'recover', 'Nobody');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No account is named “Nobody”/);
    assert.equal((await admin(dataDir)).code, 2);
    const wrong = await admin(dataDir, 'delete', 'Mia');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /usage: npm run admin -- recover NAME \| promote NAME/);
  });
});
