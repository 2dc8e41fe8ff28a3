import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatClient } from '../../lib/client/chat-client';
import { createOutbox } from '../../lib/client/outbox';
import { until } from '../helpers/client-snapshots';
import { memoryStorage } from '../helpers/memory-storage';
import {
  accountOf,
  connectClient,
  createClient,
  newClientId,
  request,
  signIn,
  startTestServer,
  type TestServer,
} from '../helpers/test-server';
import { upload } from '../helpers/uploads';

/**
 * A page that sent a message with a file and was gone before its ack (a reload mid-send) leaves
 * the outbox entry, and the file's bytes, to the next page, which learns from the room's history
 * (or its broadcast) that the message is stored. Settled that way, the bytes must be forgotten as after an ack.
 */
describe('ChatClient and the files kept for unsent messages', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    // No ack ever reaches a client: only what the room shows can tell it what is stored.
    t.server.io.on('connection', (socket) =>
      socket.use((packet, next) => {
        if (packet[0] === 'message:send' && typeof packet.at(-1) === 'function') {
          packet[packet.length - 1] = () => undefined;
        }
        next();
      }),
    );
  });
  after(() => t.stop({ removeData: true }));

  it('releases the files of a message settled by what the room shows instead of its ack', async () => {
    const cookie = await signIn(t.url, 'Alice');
    const minutes = await upload(t.url, cookie, 'minutes.txt', Buffer.from('ship on Friday'));
    const clientId = newClientId();
    const storage = memoryStorage();
    const released: string[][] = [];
    const outbox = createOutbox(
      storage,
      'alice',
      (files) => void released.push(files.map((f) => f.key)),
    );
    const file = { key: 'kept-1', name: 'minutes.txt', size: 14, type: 'text/plain' };
    outbox.add({
      clientId,
      room: 'general',
      user: 'Alice',
      message: 'minutes attached',
      files: [{ ...file, uploadId: minutes.id }],
    });

    // The page before the reload: its send was stored, and its ack went nowhere.
    const previousPage = await connectClient(t.url, { cookie });
    await request(previousPage, 'room:join', { room: 'general' });
    previousPage.emit(
      'message:send',
      {
        room: 'general',
        user: 'Alice',
        message: 'minutes attached',
        clientId,
        attachments: [minutes.id],
      },
      () => assert.fail('no ack reaches a client here'),
    );

    // The page after the reload, with that entry still in its outbox.
    const client = new ChatClient({
      socket: createClient(t.url, { cookie }),
      outbox,
      user: { id: (await accountOf(t.url, cookie)).id, name: 'Alice' },
      room: 'general',
    });
    client.start();
    const settled = await until(
      client,
      (s) => s.pending.length === 0 && s.messages.some((m) => m.clientId === clientId),
    );
    assert.equal(settled.messages.filter((m) => m.clientId === clientId).length, 1);
    assert.deepEqual(released, [['kept-1']], 'the kept bytes are released once');
    client.stop();
    previousPage.close();
  });

  it('releases nothing for an entry without files, and nothing twice', () => {
    const released: string[][] = [];
    const outbox = createOutbox(
      memoryStorage(),
      'alice',
      (files) => void released.push(files.map((f) => f.key)),
    );
    outbox.add({ clientId: 'aaaaaaaa', room: 'general', user: 'Alice', message: 'hi' });
    outbox.add({
      clientId: 'bbbbbbbb',
      room: 'general',
      user: 'Alice',
      message: '',
      files: [
        { key: 'one', name: 'a.png', size: 1, type: 'image/png' },
        { key: 'two', name: 'b.pdf', size: 2, type: 'application/pdf', uploadId: 'u' },
      ],
    });
    outbox.remove('aaaaaaaa');
    outbox.remove('bbbbbbbb');
    outbox.remove('bbbbbbbb'); // settled by its ack and by its history: one release
    outbox.remove('cccccccc');
    assert.deepEqual(released, [['one', 'two']]);
  });
});
