import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clientIdSchema,
  MAX_MESSAGE_LENGTH,
  messageSchema,
  messageSendSchema,
  messageTextSchema,
  nameKey,
  nameSchema,
  roomNameSchema,
  mentionsName,
  messageSendResultSchema,
  readMarkerSchema,
} from '../../lib/protocol';
import { searchResultSchema } from '../../lib/protocol-occasional';

/** A message as the server stores and sends it. */
const storedMessage = {
  id: 7,
  room: 'general',
  user: 'Ann',
  message: 'hello world',
  clientId: 'client-0001',
  createdAt: '2026-11-27T16:40:00Z',
  reactions: [],
  attachments: [],
};

describe('display names', () => {
  it("accepts letters of any script, digits, spaces and . _ - '", () => {
    for (const name of [
      'Alice',
      'José Ñúñez',
      'Zoë_2',
      "O'Brien-Smith.jr",
      '李小龍',
      'Дмитрий',
      'हिन्दी',
      'a',
    ]) {
      assert.equal(nameSchema.safeParse(name).success, true, name);
    }
  });

  it('trims the ends and counts code points up to 32', () => {
    assert.equal(nameSchema.parse('  Bob  '), 'Bob');
    assert.equal(nameSchema.safeParse('x'.repeat(32)).success, true);
    assert.equal(nameSchema.safeParse('x'.repeat(33)).success, false);
  });

  it('refuses empty names, symbols, markup and control characters', () => {
    for (const name of [
      '',
      '   ',
      '<b>Bob</b>',
      'bob@example',
      'a/b',
      'tab\there',
      'emoji😀',
      'new\nline',
    ]) {
      assert.equal(nameSchema.safeParse(name).success, false, JSON.stringify(name));
    }
  });

  it('treats names that differ only by case as the same key', () => {
    assert.equal(nameKey('ALICE'), nameKey('alice'));
    assert.notEqual(nameKey('alice'), nameKey('alicia'));
  });
});

describe('room names', () => {
  it('accepts 1-32 of a-z 0-9 _ - starting with a letter or digit', () => {
    for (const room of ['general', 'a', '9lives', 'dev_ops-2', 'x'.repeat(32)]) {
      assert.equal(roomNameSchema.safeParse(room).success, true, room);
    }
    for (const room of [
      '',
      'General',
      '-dash',
      '_under',
      'has space',
      'x'.repeat(33),
      'session:1',
    ]) {
      assert.equal(roomNameSchema.safeParse(room).success, false, room);
    }
  });
});

describe('message text', () => {
  it('trims the ends but keeps inner newlines and tabs', () => {
    assert.equal(messageTextSchema.parse('  line one\n\tline two \n'), 'line one\n\tline two');
  });

  it('counts the limit in code points', () => {
    assert.equal(messageTextSchema.safeParse('😀'.repeat(MAX_MESSAGE_LENGTH)).success, true);
    assert.equal(messageTextSchema.safeParse('😀'.repeat(MAX_MESSAGE_LENGTH + 1)).success, false);
  });

  it('refuses blank text and control characters other than newline and tab', () => {
    for (const text of [
      '',
      ' \n\t ',
      'bell\u0007',
      'nul\u0000',
      'esc\u001b[31m',
      'del\u007f',
      'cr\rlf',
      'c1\u0085',
    ]) {
      assert.equal(messageTextSchema.safeParse(text).success, false, JSON.stringify(text));
    }
  });
});

describe('clientId', () => {
  it('is 8-64 of A-Z a-z 0-9 _ -', () => {
    assert.equal(clientIdSchema.safeParse('abcdEFG_-1').success, true);
    assert.equal(clientIdSchema.safeParse(crypto.randomUUID()).success, true);
    for (const id of ['short', 'x'.repeat(65), 'has space1', 'semi;colon', 'ünïcode12']) {
      assert.equal(clientIdSchema.safeParse(id).success, false, id);
    }
  });
});

describe('message:send payload', () => {
  it('rejects extra wrong types anywhere', () => {
    const valid = { room: 'general', user: 'Alice', message: 'hi', clientId: 'abcdefgh' };
    assert.equal(messageSendSchema.safeParse(valid).success, true);
    for (const bad of [
      null,
      'text',
      42,
      [],
      { ...valid, room: 7 },
      { ...valid, message: ['hi'] },
      { ...valid, clientId: null },
    ]) {
      assert.equal(messageSendSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});

describe('mentionsName', () => {
  it('finds @name case-insensitively, at a word start, not inside a longer name', () => {
    const cases: [string, string, boolean][] = [
      ['hey @alice, lunch?', 'Alice', true],
      ['@ALICE', 'alice', true],
      ['@Ann Lee are you in?', 'Ann Lee', true],
      ['@alice.', 'alice', true],
      ['@al', 'Alice', false],
      ['@alicex', 'alice', false],
      ['mail alice@alice.dev', 'alice', false],
      ['no mention of alice', 'alice', false],
      ['@a.b', 'a.b', true],
      ['@axb', 'a.b', false],
    ];
    for (const [text, name, expected] of cases) {
      assert.equal(mentionsName(text, name), expected, `${text} / ${name}`);
    }
  });
});

describe('message times', () => {
  it('accepts UTC times as Date#toISOString writes them', () => {
    for (const createdAt of [
      new Date(0).toISOString(),
      '2026-11-27T16:40:00.123Z',
      '2026-11-27T16:40:00Z',
    ]) {
      assert.equal(
        messageSchema.safeParse({ ...storedMessage, createdAt }).success,
        true,
        createdAt,
      );
    }
    const edited = {
      ...storedMessage,
      createdAt: '2026-11-27T16:40:00Z',
      editedAt: '2026-11-27T16:41Z',
    };
    assert.equal(messageSchema.safeParse(edited).success, false, 'no seconds');
  });

  it('refuses other formats, offsets and impossible dates', () => {
    for (const createdAt of [
      '2026-11-27 16:40:00Z',
      '2026-11-27T16:40:00+01:00',
      '2026-13-45T16:40:00Z',
      '2026-11-27T25:00:00Z',
      'yesterday',
      '',
      1764261600000,
    ]) {
      assert.equal(
        messageSchema.safeParse({ ...storedMessage, createdAt }).success,
        false,
        String(createdAt),
      );
    }
  });
});

describe('message payloads the page checks', () => {
  it('requires the reactions list, as the contract says', () => {
    const withoutReactions: Partial<typeof storedMessage> = { ...storedMessage };
    delete withoutReactions.reactions;
    assert.equal(messageSchema.safeParse(storedMessage).success, true);
    assert.equal(messageSchema.safeParse(withoutReactions).success, false);
  });

  it('requires the attachments list, each file with its name, size, type and url', () => {
    const withoutAttachments: Partial<typeof storedMessage> = { ...storedMessage };
    delete withoutAttachments.attachments;
    assert.equal(messageSchema.safeParse(withoutAttachments).success, false);
    const file = {
      id: 'a'.repeat(22),
      name: 'a.png',
      size: 10,
      type: 'image/png',
      url: '/files/x/a.png',
    };
    const withFile = (attachment: object) =>
      messageSchema.safeParse({ ...storedMessage, attachments: [attachment] }).success;
    assert.equal(withFile(file), true);
    assert.equal(
      withFile({ ...file, thumbnailUrl: '/files/x/thumbnail', width: 8, height: 6 }),
      true,
    );
    assert.equal(withFile({ ...file, size: -1 }), false);
    assert.equal(withFile({ ...file, url: undefined }), false);
    assert.equal(withFile({ ...file, width: 1.5 }), false);
  });

  it('takes search matches only as [start, end] pairs of whole numbers', () => {
    const withMatches = (matches: unknown) =>
      searchResultSchema.safeParse({ message: storedMessage, matches });
    assert.equal(
      withMatches([
        [0, 5],
        [6, 11],
      ]).success,
      true,
    );
    assert.equal(withMatches([]).success, true);
    for (const bad of [[[0]], [[0, 5, 9]], [[0, 1.5]], [['0', '5']], [0, 5], [{}]]) {
      assert.equal(withMatches(bad).success, false, JSON.stringify(bad));
    }
  });

  it('tells a success from a coded failure by `ok`, and refuses a mix of both', () => {
    const ok = messageSendResultSchema.safeParse({ ok: true, message: storedMessage });
    assert.equal(ok.success && ok.data.ok && ok.data.message.id, 7);
    const error = { code: 'rate_limited', message: 'Slow down', retryAfterMs: 200 };
    const failed = messageSendResultSchema.safeParse({ ok: false, error });
    assert.equal(failed.success && !failed.data.ok && failed.data.error.code, 'rate_limited');
    for (const bad of [
      { ok: true },
      { ok: false, message: storedMessage },
      { ok: 'yes', message: storedMessage },
      { message: storedMessage },
    ]) {
      assert.equal(messageSendResultSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});

describe('whole numbers', () => {
  const id = (value: unknown) => messageSchema.safeParse({ ...storedMessage, id: value }).success;
  const position = (value: unknown) => readMarkerSchema.safeParse({ room: 'a', id: value }).success;

  it('accepts safe integers: ids from 1, read positions from 0', () => {
    for (const value of [1, 42, Number.MAX_SAFE_INTEGER]) assert.equal(id(value), true, `${value}`);
    for (const value of [0, 1, Number.MAX_SAFE_INTEGER]) {
      assert.equal(position(value), true, `${value}`);
    }
    assert.equal(id(0), false, 'id 0');
  });

  it('refuses fractions, unsafe integers, infinities, NaN and numeric strings', () => {
    for (const value of [1.5, 2 ** 53, -1, Infinity, NaN, '7', null, 1e300]) {
      assert.equal(id(value), false, `id ${String(value)}`);
      assert.equal(position(value), false, `position ${String(value)}`);
    }
  });
});
