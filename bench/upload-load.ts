/**
 * Uploads during load: one person uploads large files (`POST /api/uploads`, streamed multipart)
 * spread over the measured step, while messages flow. Parley only: bare Socket.IO has no files.
 * The bytes are random, so nothing along the way compresses them.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { createHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loopbackAddress, signIn } from './load';
import type { SideLoad } from './side-load';

const UPLOADER_ADDRESS = 30_000;
const BOUNDARY = 'parley-bench-boundary';

/** POSTs `bytes` as one multipart file; resolves with the status (0 when the request failed). */
function postUpload(url: string, cookie: string, bytes: Buffer, name: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return new Promise((resolve) => {
    const req = request(
      {
        hostname,
        port,
        path: '/api/uploads',
        method: 'POST',
        localAddress: loopbackAddress(UPLOADER_ADDRESS),
        headers: {
          cookie,
          'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
          'Content-Length': head.length + bytes.length + tail.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.write(head);
    req.write(bytes);
    req.end(tail);
  });
}

/** Uploads finish within the step: they start over its first part only. */
const SPREAD_SHARE = 0.6;

/**
 * Signs the uploader in; then, when the measured step begins, starts `count` uploads of `bytes`
 * each, evenly over the first part of the step (an upload that takes longer delays the next).
 */
export async function startUploads(
  url: string,
  options: { count: number; bytes: number },
): Promise<SideLoad> {
  const cookie = await signIn(url, 'uploader', UPLOADER_ADDRESS);
  const file = randomBytes(options.bytes);
  const micros = createHistogram();
  const state = { done: 0, failed: 0, isRunning: true };
  let loop: Promise<void> = Promise.resolve();
  const run = async (stepMs: number) => {
    const start = performance.now();
    for (let i = 0; i < options.count && state.isRunning; i++) {
      const wait = start + (i * stepMs * SPREAD_SHARE) / options.count - performance.now();
      if (wait > 0) await sleep(wait);
      const sentAt = performance.now();
      const status = await postUpload(url, cookie, file, `bench-${i}.bin`);
      micros.record(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
      if (status === 201) state.done++;
      else state.failed++;
    }
  };
  return {
    get done() {
      return state.done;
    },
    get failed() {
      return state.failed;
    },
    micros,
    begin: (stepMs) => {
      loop = run(stepMs);
    },
    settled: () => loop,
    stop: async () => {
      state.isRunning = false;
      await loop;
    },
  };
}
