import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { z } from 'zod';
import { ADMIN_DATABASE_URL } from '../helpers/postgres';
import { startProgram, printed } from '../helpers/programs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// A bound, not a wait: the suite ends in seconds; before its fix it hung for the file timeout.
const FIXTURE_BOUND_MS = 60_000;

const reportSchema = z.object({ pids: z.array(z.number()), database: z.string() });

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('test helpers', () => {
  it('leave nothing running when a suite fails in its setup, and say why nginx failed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-fixture-'));
    try {
      const report = path.join(dir, 'report.json');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-reporter=tap', 'test/fixtures/failing-setup.ts'],
        {
          cwd: ROOT,
          env: { ...process.env, PARLEY_FIXTURE_REPORT: report, NODE_TEST_CONTEXT: undefined },
          stdio: ['ignore', 'pipe', 'pipe'],
          // A group of its own, so that past the bound it goes with everything it started.
          detached: true,
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const bound = setTimeout(() => {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      }, FIXTURE_BOUND_MS);
      const [code] = (await once(child, 'exit')) as [number | null];
      clearTimeout(bound);

      assert.equal(code, 1, `the fixture fails, and does not hang:\n${output}`);
      assert.match(output, /nginx exited with 1: .*Address already in use/);
      const { pids, database } = reportSchema.parse(JSON.parse(readFileSync(report, 'utf8')));
      assert.ok(pids.length > 0);
      for (const pid of pids) assert.equal(isAlive(pid), false, `process ${pid} was left running`);
      const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await admin.connect();
      try {
        const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
          database,
        ]);
        assert.equal(rowCount, 0, `database ${database} was left behind`);
      } finally {
        await admin.end();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('report the exit code and output of a program that fails to start', async () => {
    await assert.rejects(
      startProgram('redis-server', ['--port', 'not-a-port'], { ready: printed(/Ready/) }),
      /redis-server exited with 1: .*port/is,
    );
  });

  it('name a program that is not installed', async () => {
    await assert.rejects(
      startProgram('parley-no-such-program', [], { ready: printed(/never/) }),
      /parley-no-such-program is not installed/,
    );
  });
});
