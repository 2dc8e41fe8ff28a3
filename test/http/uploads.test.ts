import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { MAX_IMAGE_PIXELS, THUMBNAIL_SIZE } from '../../lib/protocol-uploads';
import { openFileStorage } from '../../lib/server/files/open-file-storage';
import {
  connectClient,
  say,
  signIn,
  startTestServer,
  tempDataDir,
  TEST_LIMITS,
  type TestServer,
} from '../helpers/test-server';
import {
  getFile,
  hasGpsDirectory,
  jpegWithLocation,
  png,
  pngBomb,
  postUpload,
  upload,
} from '../helpers/uploads';

type ErrorBody = { error: { code: string; message: string } };
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

/** Every file under the data directory's file storage, the incoming directory included. */
function storedFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'files');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('POST /api/uploads', () => {
  let t: TestServer;
  let alice: string;

  before(async () => {
    t = await startTestServer({ maxUploadBytes: 1024 * 1024 });
    alice = await signIn(t.url, 'Alice');
  });
  after(() => t.stop({ removeData: true }));

  it('refuses a request without a session', async () => {
    const response = await postUpload(t.url, undefined, 'a.txt', new TextEncoder().encode('hi'));
    assert.equal(response.status, 401);
    assert.equal((await errorOf(response)).code, 'unauthenticated');
  });

  it('refuses a body that is not multipart, and one without a file part', async () => {
    const json = await fetch(`${t.url}/api/uploads`, {
      method: 'POST',
      headers: { cookie: alice, 'Content-Type': 'application/json' },
      body: '{"file": "not one"}',
    });
    assert.equal(json.status, 400);
    assert.equal((await errorOf(json)).code, 'invalid_payload');
    const form = new FormData();
    form.append('other', new Blob(['x']), 'x.txt');
    const noFile = await fetch(`${t.url}/api/uploads`, {
      method: 'POST',
      headers: { cookie: alice },
      body: form,
    });
    assert.equal(noFile.status, 400);
    assert.match((await errorOf(noFile)).message, /part named “file”/);
  });

  it('refuses a foreign origin', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    const response = await fetch(`${t.url}/api/uploads`, {
      method: 'POST',
      headers: { cookie: alice, origin: 'https://evil.example' },
      body: form,
    });
    assert.equal(response.status, 403);
  });

  it('sniffs the type from the bytes: a PNG named a.txt is an image', async () => {
    const stored = await upload(t.url, alice, 'a.txt', await png(40, 30));
    assert.equal(stored.type, 'image/png');
    assert.equal(stored.name, 'a.txt');
    assert.deepEqual([stored.width, stored.height], [40, 30]);
  });

  it('never takes an HTML file for the image its name claims', async () => {
    const html = new TextEncoder().encode('<html><script>alert(document.cookie)</script></html>');
    const response = await postUpload(t.url, alice, 'a.png', html, 'image/png');
    assert.equal(response.status, 201);
    const { upload: stored } = (await response.json()) as { upload: { type: string } };
    assert.equal(stored.type, 'text/plain');
  });

  it('keeps only the last segment of a path-like name, without control characters', async () => {
    const stored = await upload(
      t.url,
      alice,
      '../../etc/pass\u202Ewd',
      new TextEncoder().encode('x'),
    );
    assert.equal(stored.name, 'passwd');
  });

  it('answers 413 too_large as soon as the stream passes the limit, keeping nothing', async () => {
    const before = storedFiles(t.dataDir).length;
    // Sent in chunks without a Content-Length, so only the stream can tell the size.
    const status = await new Promise<{ status: number; body: string; sent: number }>(
      (resolve, reject) => {
        const boundary = 'parley-test-boundary';
        const req = httpRequest(`${t.url}/api/uploads`, {
          method: 'POST',
          headers: {
            cookie: alice,
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Transfer-Encoding': 'chunked',
          },
        });
        let sent = 0;
        let isAnswered = false;
        req.on('response', (res) => {
          isAnswered = true;
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
        });
        req.on('error', (error) => {
          if (!isAnswered) reject(error);
        });
        req.write(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        );
        const chunk = Buffer.alloc(64 * 1024, 7);
        // Writes until the server answers (8 MB at most, far past the 1 MB limit).
        const pump = () => {
          while (!isAnswered && sent < 8 * 1024 * 1024) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!isAnswered) req.end(`\r\n--${boundary}--\r\n`);
        };
        pump();
      },
    );
    assert.equal(status.status, 413);
    assert.equal((JSON.parse(status.body) as ErrorBody).error.code, 'too_large');
    assert.ok(status.sent < 8 * 1024 * 1024, 'the server read the whole body before answering');
    assert.equal(storedFiles(t.dataDir).length, before, 'part of the file was kept');
  });

  it('answers 413 from a declared length over the limit without reading the body', async () => {
    const response = await postUpload(t.url, alice, 'big.bin', new Uint8Array(2 * 1024 * 1024));
    assert.equal(response.status, 413);
    assert.equal((await errorOf(response)).code, 'too_large');
  });

  it('refuses a PNG that does not decode', async () => {
    const broken = Buffer.concat([(await png(50, 50)).subarray(0, 60), Buffer.alloc(200, 1)]);
    const response = await postUpload(t.url, alice, 'broken.png', broken);
    assert.equal(response.status, 400);
    assert.equal((await errorOf(response)).code, 'invalid_image');
  });

  it('refuses a 64-megapixel decompression bomb from its header, without decoding it', async () => {
    const bomb = pngBomb(8_000);
    assert.ok(bomb.length < 1024 * 1024, 'the bomb must fit the upload limit');
    assert.ok(8_000 * 8_000 > MAX_IMAGE_PIXELS);
    const rssBefore = process.memoryUsage().rss;
    const response = await postUpload(t.url, alice, 'bomb.png', bomb);
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_image');
    assert.match(error.message, /megapixels/);
    // Decoded, it would take ~192 MB.
    const grew = process.memoryUsage().rss - rssBefore;
    assert.ok(grew < 64 * 1024 * 1024, `RSS grew by ${Math.round(grew / 1e6)} MB`);
  });
});

describe('uploads rate limit', () => {
  it('answers 429 with Retry-After past the per-person budget', async () => {
    const t = await startTestServer({
      limits: { ...TEST_LIMITS, upload: { burst: 2, perSecond: 0.001 } },
    });
    try {
      const cookie = await signIn(t.url, 'Alice');
      const bytes = new TextEncoder().encode('note');
      assert.equal((await postUpload(t.url, cookie, 'a.txt', bytes)).status, 201);
      assert.equal((await postUpload(t.url, cookie, 'b.txt', bytes)).status, 201);
      const refused = await postUpload(t.url, cookie, 'c.txt', bytes);
      assert.equal(refused.status, 429);
      assert.equal((await errorOf(refused)).code, 'rate_limited');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      // Another person has a budget of their own.
      const bob = await signIn(t.url, 'Bob');
      assert.equal((await postUpload(t.url, bob, 'd.txt', bytes)).status, 201);
    } finally {
      await t.stop({ removeData: true });
    }
  });
});

describe('images', () => {
  let t: TestServer;
  let alice: string;

  before(async () => {
    t = await startTestServer();
    alice = await signIn(t.url, 'Alice');
  });
  after(() => t.stop({ removeData: true }));

  it('serves the original and the thumbnail without EXIF or location, orientation applied', async () => {
    const source = await jpegWithLocation();
    const sourceMeta = await sharp(source).metadata();
    assert.ok(
      sourceMeta.exif !== undefined && sourceMeta.exif.includes(Buffer.from('Alice at home')),
    );
    assert.equal(sourceMeta.orientation, 6);
    assert.ok(hasGpsDirectory(sourceMeta.exif), 'the source carries no location');

    const stored = await upload(t.url, alice, 'holiday.jpg', source);
    // Rotated by the EXIF orientation: 600 × 400 shows as 400 × 600.
    assert.deepEqual([stored.width, stored.height], [400, 600]);
    const served = Buffer.from(
      await (await getFile(t.url, `/files/${stored.id}/holiday.jpg`, alice)).arrayBuffer(),
    );
    const meta = await sharp(served).metadata();
    assert.deepEqual([meta.width, meta.height], [400, 600]);
    assert.equal(meta.exif, undefined, 'EXIF survived');
    assert.equal(hasGpsDirectory(served), false);
    assert.equal(meta.xmp, undefined);
    assert.equal(served.includes(Buffer.from('Alice at home')), false);
    assert.equal(meta.orientation, undefined);
  });

  it('makes a thumbnail of at most 800 px for a larger image, and none for a small one', async () => {
    const large = await upload(t.url, alice, 'wide.png', await png(2000, 1000));
    const cookie = alice;
    const socket = await connectClient(t.url, { cookie });
    try {
      const message = await say(socket, 'Alice', 'look', { attachments: [large.id] });
      const [attachment] = message.attachments;
      assert.ok(attachment?.thumbnailUrl !== undefined);
      const thumbnail = await getFile(t.url, attachment.thumbnailUrl, alice);
      assert.equal(thumbnail.status, 200);
      assert.equal(thumbnail.headers.get('content-type'), 'image/webp');
      const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
      assert.deepEqual([meta.width, meta.height], [THUMBNAIL_SIZE, THUMBNAIL_SIZE / 2]);
      assert.equal(meta.exif, undefined);

      const small = await upload(t.url, alice, 'small.png', await png(300, 200));
      const plain = await say(socket, 'Alice', 'small', { attachments: [small.id] });
      assert.equal(plain.attachments[0]?.thumbnailUrl, undefined);
      assert.deepEqual([plain.attachments[0]?.width, plain.attachments[0]?.height], [300, 200]);
    } finally {
      socket.close();
    }
  });
});

describe('uploads cut off by a crash', () => {
  it('are removed at the next start once untouched for an hour, and one in flight is kept', async () => {
    const dataDir = tempDataDir();
    const incoming = path.join(dataDir, 'files', '.incoming');
    mkdirSync(incoming, { recursive: true });
    writeFileSync(path.join(incoming, 'abandoned'), 'half a file');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(path.join(incoming, 'abandoned'), twoHoursAgo, twoHoursAgo);
    writeFileSync(path.join(incoming, 'arriving'), 'another node is writing this');
    const files = await openFileStorage({ dataDir, s3: undefined });
    files.close();
    assert.deepEqual(readdirSync(incoming), ['arriving']);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
