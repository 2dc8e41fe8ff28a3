import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deservesNotification, notificationTitle } from '../../lib/client/notifications';
import type { Message } from '../../lib/protocol';

const message = (room: string, user: string, text: string): Message => ({
  id: 1,
  room,
  user,
  message: text,
  clientId: 'client-1',
  createdAt: new Date(0).toISOString(),
  reactions: [],
  attachments: [],
});

describe('which messages notify', () => {
  it('notifies DMs and mentions of the reader while the tab is hidden', () => {
    assert.equal(deservesNotification(message('dm-abc', 'Bob', 'hi'), 'Alice', true), true);
    assert.equal(deservesNotification(message('general', 'Bob', 'hi @alice'), 'Alice', true), true);
  });

  it('stays quiet for other channel talk, one’s own messages, and a visible tab', () => {
    assert.equal(deservesNotification(message('general', 'Bob', 'hi all'), 'Alice', true), false);
    assert.equal(
      deservesNotification(message('general', 'Bob', 'hi @Alicebeth'), 'Alice', true),
      false,
    );
    assert.equal(deservesNotification(message('dm-abc', 'Alice', 'hi'), 'Alice', true), false);
    assert.equal(deservesNotification(message('dm-abc', 'Bob', 'hi'), 'Alice', false), false);
  });

  it('follows the room’s level: mentions only, or nothing at all', () => {
    const dm = message('dm-abc', 'Bob', 'hi');
    const mention = message('dm-abc', 'Bob', 'hi @Alice');
    assert.equal(deservesNotification(dm, 'Alice', true, 'mentions'), false);
    assert.equal(deservesNotification(mention, 'Alice', true, 'mentions'), true);
    assert.equal(deservesNotification(mention, 'Alice', true, 'none'), false);
    assert.equal(
      deservesNotification(message('general', 'Bob', '@alice'), 'Alice', true, 'none'),
      false,
    );
  });

  it('titles a DM by its sender and a mention by sender and channel', () => {
    assert.equal(notificationTitle(message('dm-abc', 'Bob', 'x')), 'Bob (direct message)');
    assert.equal(notificationTitle(message('design', 'Bob', 'x')), 'Bob in #design');
  });
});
