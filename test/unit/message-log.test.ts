import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeMessages } from '../../lib/client/message-log';
import type { Message } from '../../lib/protocol';

const message = (id: number): Message => ({
  reactions: [],
  attachments: [],
  id,
  room: 'general',
  user: 'Alice',
  message: `m${id}`,
  clientId: `client-${id}`,
  createdAt: new Date(0).toISOString(),
});
const ids = (messages: Message[]) => messages.map((m) => m.id);

describe('mergeMessages', () => {
  it('appends newer messages', () => {
    assert.deepEqual(ids(mergeMessages([message(1), message(2)], [message(3)])), [1, 2, 3]);
  });

  it('keeps each id once when a broadcast and a catch-up page overlap', () => {
    const merged = mergeMessages(
      [message(1), message(2), message(4)],
      [message(2), message(3), message(4), message(5)],
    );
    assert.deepEqual(ids(merged), [1, 2, 3, 4, 5]);
  });

  it('orders by id whatever the arrival order', () => {
    assert.deepEqual(
      ids(mergeMessages([message(5)], [message(3), message(1), message(4)])),
      [1, 3, 4, 5],
    );
  });

  it('returns the same array when nothing is new', () => {
    const existing = [message(1), message(2)];
    assert.equal(mergeMessages(existing, [message(2)]), existing);
    assert.equal(mergeMessages(existing, []), existing);
  });
});
