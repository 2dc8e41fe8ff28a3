import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pushBody, pushTitle, PUSH_BODY_LENGTH } from '../../lib/protocol-push';
import { tomorrowMorning } from '../../lib/client/push-api';
import { notificationFor, samePath, windowFor } from '../../lib/worker/notification';

const payload = {
  room: 'general',
  title: 'Ada in #general',
  body: 'lunch?',
  count: 1,
  messageId: 7,
  url: '/c/general',
};

describe('what a push shows', () => {
  it('titles DMs and channels, and cuts the text at 100 characters without splitting an emoji', () => {
    assert.equal(pushTitle('Ada', 'dm-1', true), 'Ada (direct message)');
    assert.equal(pushTitle('Ada', 'general', false), 'Ada in #general');
    const long = '😀'.repeat(150);
    assert.equal(Array.from(pushBody(long, [])).length, PUSH_BODY_LENGTH);
    assert.equal(pushBody(long, []), '😀'.repeat(100));
    assert.equal(pushBody('', ['plan.pdf', 'map.png']), '📎 plan.pdf, map.png');
    assert.equal(pushBody('see the file', ['plan.pdf']), 'see the file');
  });

  it('shows one notification per room, with the count of folded messages', () => {
    const one = notificationFor(payload);
    assert.equal(one?.title, 'Ada in #general');
    assert.deepEqual(one.options, {
      body: 'lunch?',
      tag: 'general',
      renotify: true,
      icon: '/icons/icon-192.png',
      data: { url: '/c/general', room: 'general' },
    });
    assert.equal(notificationFor({ ...payload, count: 3 })?.options.body, 'lunch? (+2 more)');
  });

  it('ignores a push that is not Parley’s, and never opens another origin', () => {
    for (const bad of [undefined, null, 'text', {}, { ...payload, room: 7 }]) {
      assert.equal(notificationFor(bad), undefined);
    }
    assert.equal(
      notificationFor({ ...payload, url: 'https://evil.example/' })?.options.data.url,
      '/',
    );
    for (const url of ['//evil.example/x', 'javascript:alert(1)', '/\\evil.example', 'c/x']) {
      assert.equal(samePath(url), '/', url);
    }
    assert.equal(samePath('/c/dm-abc'), '/c/dm-abc');
  });

  it('reuses the window showing the room, else any window of the app, else none', () => {
    const origin = 'https://chat.example.com';
    const windows = [
      { url: 'https://elsewhere.example/c/general' },
      { url: `${origin}/c/random` },
      { url: `${origin}/c/general` },
    ];
    assert.equal(windowFor(windows, origin, '/c/general'), windows[2]);
    assert.equal(windowFor(windows, origin, '/c/other'), windows[1]);
    assert.equal(windowFor(windows.slice(0, 1), origin, '/c/general'), undefined);
  });

  it('holds until 8 the next morning, in local time', () => {
    const late = new Date(2026, 11, 31, 23, 30);
    assert.deepEqual(tomorrowMorning(late), new Date(2027, 0, 1, 8, 0));
    const early = new Date(2026, 5, 1, 6, 0);
    assert.deepEqual(tomorrowMorning(early), new Date(2026, 5, 2, 8, 0));
  });
});
