import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  insertMention,
  MAX_SUGGESTIONS,
  mentionAt,
  suggestNames,
} from '../../lib/client/mention-query';

describe('mention suggestions', () => {
  it('finds the @name being typed before the caret, and only then', () => {
    assert.deepEqual(mentionAt('@', 1), { start: 0, query: '' });
    assert.deepEqual(mentionAt('hi @bo', 6), { start: 3, query: 'bo' });
    assert.deepEqual(mentionAt('(@Zoë', 5), { start: 1, query: 'Zoë' });
    assert.deepEqual(mentionAt("@o'bri", 6), { start: 0, query: "o'bri" });
    // The caret decides: text after it does not count.
    assert.deepEqual(mentionAt('hi @bob and more', 6), { start: 3, query: 'bo' });
    assert.equal(mentionAt('mail me at ann@example', 22), undefined, 'inside a word');
    assert.equal(mentionAt('@bob done', 9), undefined, 'a space ended it');
    assert.equal(mentionAt('no mention', 10), undefined);
  });

  it('suggests names by prefix, ignoring case, each once, at most a handful', () => {
    const people = ['Bob', 'bella', 'Alice', 'Bob', 'Björn', 'Éva'];
    assert.deepEqual(suggestNames(people, 'b'), ['Bob', 'bella', 'Björn']);
    assert.deepEqual(suggestNames(people, 'BJ'), ['Björn']);
    assert.deepEqual(suggestNames(people, 'é'), ['Éva']);
    assert.deepEqual(suggestNames(people, 'x'), []);
    assert.deepEqual(suggestNames(people, 'bob'), [], 'typed in full: nothing to complete');
    assert.deepEqual(suggestNames([...people, 'Bobby'], 'bob'), ['Bob', 'Bobby']);
    const many = Array.from({ length: 20 }, (_, i) => `User ${i}`);
    assert.equal(suggestNames(many, '').length, MAX_SUGGESTIONS);
  });

  it('replaces what was typed with the whole name and a space, keeping the rest', () => {
    const text = 'hey @bo, look';
    const mention = mentionAt(text, 7);
    assert.ok(mention !== undefined);
    assert.deepEqual(
      insertMention(text, 7, mention, 'Bob'),
      { text: 'hey @Bob, look', caret: 8 },
      'punctuation follows: no space',
    );
    const end = mentionAt('thanks @ma', 10);
    assert.ok(end !== undefined);
    assert.deepEqual(insertMention('thanks @ma', 10, end, 'Mary Jane'), {
      text: 'thanks @Mary Jane ',
      caret: 18,
    });
    const before = mentionAt('@a there', 2);
    assert.ok(before !== undefined);
    assert.deepEqual(
      insertMention('@a there', 2, before, 'Alice'),
      { text: '@Alice there', caret: 7 },
      'a space follows: kept, not doubled',
    );
    const glued = mentionAt('@athere', 2);
    assert.ok(glued !== undefined);
    assert.deepEqual(insertMention('@athere', 2, glued, 'Alice'), {
      text: '@Alice there',
      caret: 7,
    });
  });
});
