import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Message } from '../../lib/protocol';
import { exited, startServerProcess } from '../helpers/server-process';
import { connectClient, emitRaw, newClientId, signIn, tempDataDir } from '../helpers/test-server';

describe('server.ts process', () => {
  it('serves the page, the API and Socket.IO on one port, and exits cleanly on SIGTERM within 10 s', async () => {
    const dataDir = tempDataDir();
    const server = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
    try {
      const page = await fetch(server.url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<title>Parley<\/title>/);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);

      const cookie = await signIn(server.url, 'Alice');
      const socket = await connectClient(server.url, { cookie, transports: ['websocket'] });
      const ack = (await emitRaw(socket, 'message:send', {
        room: 'general',
        user: 'Alice',
        message: 'over a real WebSocket',
        clientId: newClientId(),
      })) as { ok: boolean; message: Message };
      assert.equal(ack.ok, true);

      const startedAt = Date.now();
      server.child.kill('SIGTERM');
      const closed = new Promise((resolve) => socket.once('disconnect', resolve));
      const code = await Promise.race([
        exited(server.child),
        new Promise<string>((resolve) =>
          setTimeout(() => resolve('still running'), 10_000).unref(),
        ),
      ]);
      assert.equal(code, 0, server.output.join('\n'));
      await closed;
      assert.ok(Date.now() - startedAt < 10_000);
      assert.ok(server.output.some((line) => line.includes('shut down cleanly')));
      socket.close();
    } finally {
      server.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('prints a setup link while it has no admin, and only that link claims it from elsewhere', async () => {
    const dataDir = tempDataDir();
    const server = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
    try {
      const line = server.output.find((entry) => entry.includes('/join/')) ?? '';
      const code = /\/join\/([A-Za-z0-9_-]+)/.exec(line)?.[1];
      assert.ok(code !== undefined, server.output.join('\n'));
      // Through a proxy, the request is from another machine: the setup code is needed.
      const claim = (invite?: string) =>
        fetch(`${server.url}/api/accounts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.7' },
          body: JSON.stringify({ name: 'Owner', password: 'the owner’s password', invite }),
        });
      assert.equal((await claim()).status, 403);
      assert.equal((await claim('not the code')).status, 403);
      const made = await claim(code);
      assert.equal(made.status, 201);
      assert.equal(((await made.json()) as { user: { role: string } }).user.role, 'admin');
    } finally {
      server.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start with an invalid configuration and says which variable is wrong', async () => {
    await assert.rejects(startServerProcess({ PORT: 'not-a-port' }), /PORT/);
  });
});
