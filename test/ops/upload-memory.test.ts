import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exited, startServerProcess } from '../helpers/server-process';
import { signIn, tempDataDir } from '../helpers/test-server';
import { postUpload, upload } from '../helpers/uploads';

/** The most memory the process has ever had resident (Linux's VmHWM), in bytes. */
function peakResident(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error('no VmHWM in /proc/<pid>/status');
  return Number(kilobytes) * 1024;
}

const MB = 1024 * 1024;

describe('a 25 MB upload to the shipped server', () => {
  it('streams to disk: the server’s peak memory grows by far less than the file', async () => {
    const dataDir = tempDataDir();
    // The limit is raised for the second, larger upload; the first is the default's 25 MB.
    const server = await startServerProcess({
      PARLEY_DATA_DIR: dataDir,
      PARLEY_MAX_UPLOAD_MB: '100',
    });
    try {
      const pid = server.child.pid ?? 0;
      // Next loads at the first page request, and none comes here: it adds nothing to the peak.
      const cookie = await signIn(server.url, 'Alice');
      // The first upload loads busboy, the sniffer and the storage: measure after it.
      await upload(server.url, cookie, 'warm-up.bin', randomBytes(1024 * 1024));
      const before = peakResident(pid);
      const first = await postUpload(server.url, cookie, 'archive.bin', randomBytes(25 * MB));
      assert.equal(first.status, 201);
      // Held whole, the file alone would add 25 MB; streamed, only chunks that the garbage
      // collector has not reclaimed yet remain (about 15 MB here).
      const grew = peakResident(pid) - before;
      assert.ok(grew < 20 * MB, `a 25 MB upload grew the peak by ${(grew / MB).toFixed(1)} MB`);
      // And that does not grow with the file: four times as much adds no more.
      const second = await postUpload(server.url, cookie, 'bigger.bin', randomBytes(100 * MB));
      assert.equal(second.status, 201);
      const grewInAll = peakResident(pid) - before;
      assert.ok(
        grewInAll < 40 * MB,
        `125 MB of uploads grew the peak by ${(grewInAll / MB).toFixed(1)} MB`,
      );
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
