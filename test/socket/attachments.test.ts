import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Message } from '../../lib/protocol';
import { createLocalFileStorage } from '../../lib/server/files/local-file-storage';
import { createUploadSweeper, UNSENT_UPLOAD_TTL_MS } from '../../lib/server/files/upload-sweeper';
import { STORAGES } from '../helpers/postgres';
import {
  connectClient,
  newClientId,
  recordEvents,
  request,
  say,
  signIn,
  startTestServer,
  waitForEvent,
  type Failure,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';
import { getFile, png, upload } from '../helpers/uploads';

const text = (value: string) => new TextEncoder().encode(value);
type Sent = { ok: true; message: Message } | Failure;
const codeOf = (result: Sent) => (result.ok ? 'ok' : result.error.code);
const messageOf = (result: Sent) => (result.ok ? '' : result.error.message);

for (const storage of STORAGES) {
  describe(`attachments on ${storage.name}`, () => {
    let t: TestServer;
    const cookies: Record<string, string> = {};
    const sockets: Record<string, TestClient> = {};
    const alice = () => sockets.Alice as TestClient;
    const bob = () => sockets.Bob as TestClient;

    before(async () => {
      t = await startTestServer({ databaseUrl: await storage.databaseUrl() });
      for (const name of ['Alice', 'Bob', 'Carol']) {
        cookies[name] = await signIn(t.url, name);
        const socket = await connectClient(t.url, { cookie: cookies[name] });
        await request(socket, 'room:join', { room: 'general' });
        sockets[name] = socket;
      }
    });
    after(async () => {
      for (const socket of Object.values(sockets)) socket.close();
      await t.stop({ removeData: true });
    });

    const send = (socket: TestClient, user: string, payload: Record<string, unknown>) =>
      request<Sent>(socket, 'message:send', {
        room: 'general',
        user,
        message: '',
        clientId: newClientId(),
        ...payload,
      });

    it('delivers a message of files only, live and in history, for members to fetch', async () => {
      const image = await upload(t.url, cookies.Alice ?? '', 'sky.png', await png(1000, 500));
      const notes = await upload(t.url, cookies.Alice ?? '', 'notes.txt', text('agenda'));
      const heard = waitForEvent<Message>(bob(), 'message:new', (m) => m.attachments.length > 0);
      const message = await say(alice(), 'Alice', '', { attachments: [image.id, notes.id] });
      assert.deepEqual(
        message.attachments.map((a) => [a.name, a.type, a.width, a.height]),
        [
          ['sky.png', 'image/png', 1000, 500],
          ['notes.txt', 'text/plain', undefined, undefined],
        ],
      );
      assert.deepEqual((await heard).attachments, message.attachments);
      const joined = await request<{ ok: true; messages: Message[] }>(bob(), 'room:join', {
        room: 'general',
      });
      assert.deepEqual(
        joined.messages.find((m) => m.id === message.id)?.attachments,
        message.attachments,
      );
      const [first, second] = message.attachments;
      const file = await getFile(t.url, second?.url ?? '', cookies.Bob);
      assert.equal(file.status, 200);
      assert.equal(await file.text(), 'agenda');
      assert.equal((await getFile(t.url, first?.thumbnailUrl ?? '', cookies.Bob)).status, 200);
    });

    it('refuses an empty message without files, too many files and a file twice', async () => {
      const empty = await send(alice(), 'Alice', {});
      assert.equal(codeOf(empty), 'invalid_payload');
      const ids = Array.from(
        { length: 11 },
        (_, i) => `${'a'.repeat(20)}${String(i).padStart(2, '0')}`,
      );
      const tooMany = await send(alice(), 'Alice', { attachments: ids });
      assert.match(messageOf(tooMany), /at most 10/);
      const one = await upload(t.url, cookies.Alice ?? '', 'a.txt', text('a'));
      const twice = await send(alice(), 'Alice', { attachments: [one.id, one.id] });
      assert.match(messageOf(twice), /attached once/);
      const notAnId = await send(alice(), 'Alice', { attachments: ['../../etc/passwd'] });
      assert.equal(codeOf(notAnId), 'invalid_payload');
    });

    it('lets only the uploader attach an upload, once, and a retry returns the stored message', async () => {
      const mine = await upload(t.url, cookies.Alice ?? '', 'plan.txt', text('plan'));
      const stolen = await send(bob(), 'Bob', { message: 'mine now', attachments: [mine.id] });
      assert.equal(codeOf(stolen), 'not_found');

      const events = recordEvents(bob());
      const clientId = newClientId();
      const first = await send(alice(), 'Alice', { clientId, attachments: [mine.id] });
      const retry = await send(alice(), 'Alice', { clientId, attachments: [mine.id] });
      assert.ok(first.ok && retry.ok);
      assert.deepEqual(retry.message, first.message);
      const again = await send(alice(), 'Alice', { attachments: [mine.id] });
      assert.equal(codeOf(again), 'not_found');
      // A marker message: once Bob has it, he has had every broadcast sent before it.
      const marker = await say(alice(), 'Alice', 'marker');
      await waitForEvent<Message>(bob(), 'message:new', (m) => m.id === marker.id);
      const broadcasts = events.filter(
        ([event, m]) => event === 'message:new' && (m as Message).id === first.message.id,
      );
      assert.equal(broadcasts.length, 1);
    });

    it('serves a private room’s file to its members only, and an unsent one to its uploader', async () => {
      await request(alice(), 'room:create', { room: 'files-secret', private: true });
      await request(alice(), 'member:add', { room: 'files-secret', user: 'Bob' });
      const secret = await upload(t.url, cookies.Alice ?? '', 'secret.txt', text('the plan'));
      const unsentUrl = `/files/${secret.id}/secret.txt`;
      assert.equal((await getFile(t.url, unsentUrl, cookies.Alice)).status, 200);
      assert.equal((await getFile(t.url, unsentUrl, cookies.Bob)).status, 404);
      const message = await say(alice(), 'Alice', 'read this', {
        room: 'files-secret',
        attachments: [secret.id],
      });
      const url = message.attachments[0]?.url ?? '';
      assert.equal((await getFile(t.url, url, cookies.Bob)).status, 200);
      const outsider = await getFile(t.url, url, cookies.Carol);
      const nobody = await getFile(t.url, url, undefined);
      const unknown = await getFile(t.url, `/files/${'b'.repeat(22)}/secret.txt`, cookies.Carol);
      const wrongName = await getFile(t.url, `/files/${secret.id}/other.txt`, cookies.Bob);
      for (const response of [outsider, nobody, unknown, wrongName]) {
        assert.equal(response.status, 404);
      }
      // The outsider's answer is the very answer of a file that never existed.
      assert.deepEqual(await outsider.json(), await unknown.json());

      const dm = await request<{ ok: true; room: { name: string } }>(alice(), 'dm:open', {
        user: 'Bob',
      });
      const dmFile = await upload(t.url, cookies.Alice ?? '', 'dm.txt', text('just us'));
      const inDm = await say(alice(), 'Alice', '', {
        room: dm.room.name,
        attachments: [dmFile.id],
      });
      const dmUrl = inDm.attachments[0]?.url ?? '';
      assert.equal((await getFile(t.url, dmUrl, cookies.Bob)).status, 200);
      assert.equal((await getFile(t.url, dmUrl, cookies.Carol)).status, 404);
    });

    it('serves what a browser could run as a sandboxed download, images inline, with ranges', async () => {
      const html = await upload(
        t.url,
        cookies.Alice ?? '',
        'a.png',
        text('<html><script>alert(1)</script>'),
      );
      const svg = await upload(
        t.url,
        cookies.Alice ?? '',
        'logo.svg',
        text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      );
      const image = await upload(t.url, cookies.Alice ?? '', 'dot.png', await png(20, 20));
      const message = await say(alice(), 'Alice', 'files', {
        attachments: [html.id, svg.id, image.id],
      });
      const [htmlFile, svgFile, imageFile] = await Promise.all(
        message.attachments.map((a) => getFile(t.url, a.url, cookies.Bob)),
      );
      assert.ok(htmlFile !== undefined && svgFile !== undefined && imageFile !== undefined);
      for (const response of [htmlFile, svgFile, imageFile]) {
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(
          response.headers.get('content-security-policy'),
          "sandbox; default-src 'none'",
        );
        assert.match(response.headers.get('cache-control') ?? '', /^private\b/);
      }
      assert.match(
        htmlFile.headers.get('content-disposition') ?? '',
        /^attachment; filename="?a\.png/,
      );
      assert.notEqual(htmlFile.headers.get('content-type'), 'image/png');
      assert.match(svgFile.headers.get('content-disposition') ?? '', /^attachment/);
      assert.notEqual(svgFile.headers.get('content-type'), 'image/svg+xml');
      assert.match(imageFile.headers.get('content-disposition') ?? '', /^inline/);
      assert.equal(imageFile.headers.get('content-type'), 'image/png');

      const url = message.attachments[0]?.url ?? '';
      const part = await getFile(t.url, url, cookies.Bob, { range: 'bytes=7-12' });
      assert.equal(part.status, 206);
      assert.equal(await part.text(), 'script');
      assert.equal(part.headers.get('content-range'), `bytes 7-12/${html.size}`);
      const outside = await getFile(t.url, url, cookies.Bob, { range: 'bytes=9999-' });
      assert.equal(outside.status, 416);
    });

    it('deletes the bytes with the message', async () => {
      const doomed = await upload(t.url, cookies.Alice ?? '', 'leak.txt', text('password123'));
      const message = await say(alice(), 'Alice', 'oops', { attachments: [doomed.id] });
      const onDisk = path.join(t.dataDir, 'files', doomed.id.slice(0, 2), doomed.id);
      assert.ok(existsSync(onDisk));
      const deleted = await request<{ ok: boolean }>(alice(), 'message:delete', { id: message.id });
      assert.equal(deleted.ok, true);
      assert.equal(existsSync(onDisk), false, 'the bytes outlived the message');
      assert.equal(
        (await getFile(t.url, message.attachments[0]?.url ?? '', cookies.Alice)).status,
        404,
      );
    });

    it('removes uploads nobody sent after 24 hours, and keeps sent ones', async () => {
      const unsent = await upload(t.url, cookies.Bob ?? '', 'draft.txt', text('never sent'));
      const sentUpload = await upload(t.url, cookies.Bob ?? '', 'sent.txt', text('sent'));
      const sent = await say(bob(), 'Bob', '', { attachments: [sentUpload.id] });
      const filesRoot = path.join(t.dataDir, 'files');
      const onDisk = (id: string) => existsSync(path.join(filesRoot, id.slice(0, 2), id));
      const sweeperAt = (offsetMs: number) =>
        createUploadSweeper({
          uploads: t.server.stores.uploads,
          storage: createLocalFileStorage(filesRoot),
          onError: (error) => assert.fail(String(error)),
          now: () => Date.now() + offsetMs,
        });
      await sweeperAt(UNSENT_UPLOAD_TTL_MS - 60_000).sweep();
      assert.ok(onDisk(unsent.id), 'removed before its day was over');
      await sweeperAt(UNSENT_UPLOAD_TTL_MS + 60_000).sweep();
      assert.equal(onDisk(unsent.id), false);
      assert.equal(
        (await getFile(t.url, `/files/${unsent.id}/draft.txt`, cookies.Bob)).status,
        404,
      );
      assert.ok(onDisk(sentUpload.id));
      assert.equal(
        (await getFile(t.url, sent.attachments[0]?.url ?? '', cookies.Alice)).status,
        200,
      );
      const late = await send(bob(), 'Bob', { attachments: [unsent.id] });
      assert.equal(codeOf(late), 'not_found');
    });
  });
}
