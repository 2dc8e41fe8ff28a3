import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import {
  exited,
  isRunning,
  startServerProcess,
  type ServerProcess,
} from '../helpers/server-process';
import { tempDataDir } from '../helpers/test-server';
import { readAll, startWriter, until } from '../helpers/writers';

const WRITERS = 3;
const MESSAGES_EACH = 24;
const KILLS = 3;

/** How a fault stops the server: kill -9, or a polite SIGTERM that must finish within 10 s. */
const FAULTS = [
  { signal: 'SIGKILL', title: 'kill -9 during a burst' },
  { signal: 'SIGTERM', title: 'SIGTERM during a burst' },
] as const;
const SIGTERM_EXIT_BOUND_MS = 10_000;

for (const { signal, title } of FAULTS) {
  describe(title, () => {
    const dataDir = tempDataDir();
    let server: ServerProcess | undefined;
    after(async () => {
      if (server !== undefined && isRunning(server.child)) {
        server.child.kill('SIGKILL');
        await exited(server.child);
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(`loses no acked message and doubles none, over ${KILLS} ${signal}s`, async () => {
      server = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
      const { port, url } = server;
      const writers = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) => startWriter(url, `Writer ${i}`)),
      );
      await Promise.all(
        writers.map(({ client }) => until(client, (s) => s.connection === 'connected')),
      );

      // Each writer queues its burst; the outbox sends it in order and retries what is not acked.
      for (const { client, name } of writers) {
        for (let i = 0; i < MESSAGES_EACH; i++) client.sending.send(`${name} message ${i}`);
      }
      const log: string[] = [];
      for (let kill = 1; kill <= KILLS; kill++) {
        // Stop the server once some of this round's messages are acked and stored, mid-burst.
        // (each writer against its own count: the server must have stored new messages since
        // it started, so the fault lands in a burst, not in the instant after start).
        const before = writers.map(({ client }) => client.getSnapshot().messages.length);
        await Promise.race(
          writers.map(({ client }, i) =>
            until(
              client,
              (s) => s.messages.length > (before[i] ?? 0) + 2 || s.pending.length === 0,
            ),
          ),
        );
        const signalledAt = performance.now();
        server.child.kill(signal);
        const code = await exited(server.child);
        const exitMs = Math.round(performance.now() - signalledAt);
        const pending = writers.reduce(
          (sum, { client }) => sum + client.getSnapshot().pending.length,
          0,
        );
        if (signal === 'SIGTERM') {
          // A clean shutdown: exit code 0, well within the 10 s an orchestrator waits.
          assert.equal(code, 0, server.output.join('\n'));
          assert.ok(exitMs < SIGTERM_EXIT_BOUND_MS, `exited after ${exitMs} ms`);
        }
        log.push(
          `${signal} ${kill}: ${pending} messages not yet acked; exited in ${exitMs} ms (code ${code})`,
        );
        server = await startServerProcess({ PARLEY_DATA_DIR: dataDir, PORT: String(port) });
      }

      await Promise.all(writers.map(({ client }) => until(client, (s) => s.pending.length === 0)));
      const stored = await readAll(url);
      for (const { client, socket, name } of writers) {
        const mine = stored.filter((m) => m.user === name);
        const texts = mine.map((m) => m.message);
        // Every message exactly once, in the order written, with increasing ids.
        assert.deepEqual(
          texts,
          Array.from({ length: MESSAGES_EACH }, (_, i) => `${name} message ${i}`),
        );
        assert.ok(mine.every((m, i) => i === 0 || m.id > (mine[i - 1]?.id ?? 0)));
        // The writer's own view caught up to the same list, nothing lost or doubled.
        const seen = client.getSnapshot().messages.filter((m) => m.user === name);
        assert.deepEqual(
          seen.map((m) => m.id),
          mine.map((m) => m.id),
        );
        client.stop();
        socket.close();
      }
      log.push(
        `${WRITERS * MESSAGES_EACH} messages acked, ${stored.length} stored, 0 lost, 0 doubled`,
      );
      console.log(`faults injected:\n  ${log.join('\n  ')}`);
    });
  });
}
