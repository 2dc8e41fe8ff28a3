import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countNewBelow,
  dayLabel,
  dividerBeforeId,
  lowerBound,
  rowLayout,
} from '../../lib/client/message-rows';
import type { Message } from '../../lib/protocol';

const message = (id: number, user: string, createdAt: string, extra: Partial<Message> = {}) => ({
  id,
  room: 'general',
  user,
  message: `message ${id}`,
  clientId: `client-${id}`,
  createdAt,
  reactions: [],
  attachments: [],
  ...extra,
});

describe('message rows', () => {
  const now = new Date(2026, 11, 1, 15, 0);
  const at = (day: number, hour: number, minute: number, second = 0) =>
    new Date(2026, 11, day, hour, minute, second).toISOString();

  it('heads the first message of each day, naming today and yesterday', () => {
    assert.equal(dayLabel(new Date(2026, 11, 1, 9), now), 'Today');
    assert.equal(dayLabel(new Date(2026, 10, 30, 23), now), 'Yesterday');
    assert.match(dayLabel(new Date(2026, 10, 27), now), /27/);
    assert.match(dayLabel(new Date(2025, 10, 27), now), /2025$/);
    const first = message(1, 'Alice', new Date(2026, 10, 30, 10).toISOString());
    const second = message(2, 'Alice', at(1, 10, 0));
    assert.equal(rowLayout(first, undefined, undefined, now).day, 'Yesterday');
    assert.equal(rowLayout(second, first, undefined, now).day, 'Today');
    assert.equal(rowLayout(message(3, 'Bob', at(1, 10, 1)), second, undefined, now).day, undefined);
  });

  it('groups one person’s messages within a minute, and starts a block at a reply or the divider', () => {
    const first = message(1, 'Alice', at(1, 10, 0, 5));
    const same = message(2, 'Alice', at(1, 10, 0, 50));
    const continues = (m: Message, previous: Message, divider?: number) =>
      rowLayout(m, previous, divider, now).isContinuation;
    assert.equal(continues(same, first), true);
    assert.equal(continues(message(2, 'Bob', at(1, 10, 0, 50)), first), false, 'another author');
    assert.equal(continues(message(2, 'Alice', at(1, 10, 1, 1)), first), false, 'next minute');
    const reply = message(2, 'Alice', at(1, 10, 0, 50), {
      replyTo: { id: 1, user: 'Alice', message: 'x', deleted: false },
    });
    assert.equal(continues(reply, first), false, 'a reply');
    assert.equal(continues(same, first, 2), false, 'the divider');
    assert.equal(rowLayout(first, undefined, undefined, now).isContinuation, false);
  });

  it('puts the divider before the first of someone else’s messages after the marker', () => {
    const messages = [
      message(1, 'Bob', at(1, 9, 0)),
      message(2, 'Alice', at(1, 9, 1)),
      message(3, 'Alice', at(1, 9, 2)),
      message(4, 'Bob', at(1, 9, 3)),
    ];
    assert.equal(dividerBeforeId(messages, 1, 'Alice'), 4, 'not before the reader’s own');
    assert.equal(dividerBeforeId(messages, undefined, 'Alice'), undefined);
    assert.equal(dividerBeforeId(messages, 4, 'Alice'), undefined, 'nothing new');
  });

  it('counts the others’ messages below what the reader saw', () => {
    const messages = [
      message(1, 'Bob', at(1, 9, 0)),
      message(2, 'Bob', at(1, 9, 1)),
      message(3, 'Alice', at(1, 9, 2)),
      message(4, 'Carol', at(1, 9, 3)),
    ];
    assert.equal(countNewBelow(messages, 1, 'Alice'), 2);
    assert.equal(countNewBelow(messages, 4, 'Alice'), 0);
    assert.equal(countNewBelow(messages, undefined, 'Alice'), 0);
  });

  it('finds where an id would go among ascending ids', () => {
    const messages = [1, 3, 5, 9].map((id) => message(id, 'Bob', at(1, 9, 0)));
    assert.deepEqual(
      [0, 1, 2, 3, 5, 6, 9, 10].map((id) => lowerBound(messages, id)),
      [0, 0, 1, 1, 2, 3, 3, 4],
    );
  });
});
