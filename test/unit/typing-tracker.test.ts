import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { TypingTracker, typingText } from '../../lib/client/typing-tracker';
import { TYPING_EXPIRY_MS } from '../../lib/protocol';

const fakeTimers = {
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe('TypingTracker', () => {
  it('expires a typist 6 s after their last signal, and a new signal restarts the clock', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const tracker = new TypingTracker(() => undefined, fakeTimers);
      tracker.set('general', 'Alice', true);
      mock.timers.tick(TYPING_EXPIRY_MS - 1);
      assert.deepEqual(tracker.typingIn('general'), ['Alice']);
      tracker.set('general', 'Alice', true);
      mock.timers.tick(TYPING_EXPIRY_MS - 1);
      assert.deepEqual(tracker.typingIn('general'), ['Alice']);
      mock.timers.tick(1);
      assert.deepEqual(tracker.typingIn('general'), []);
    } finally {
      mock.timers.reset();
    }
  });

  it('keeps rooms apart and clears on false and on clearAll', () => {
    let changes = 0;
    const tracker = new TypingTracker(() => changes++);
    tracker.set('general', 'Alice', true);
    tracker.set('random', 'Bob', true);
    assert.deepEqual(tracker.typingIn('general'), ['Alice']);
    assert.deepEqual(tracker.typingIn('random'), ['Bob']);
    tracker.set('general', 'Alice', false);
    assert.deepEqual(tracker.typingIn('general'), []);
    tracker.clearAll();
    assert.deepEqual(tracker.typingIn('random'), []);
    assert.equal(changes, 4);
  });
});

describe('typingText', () => {
  it('names one or two people, and says several beyond that', () => {
    assert.equal(typingText([]), undefined);
    assert.equal(typingText(['Alice']), 'Alice is typing…');
    assert.equal(typingText(['Alice', 'Bob']), 'Alice and Bob are typing…');
    assert.equal(typingText(['Alice', 'Bob', 'Carol']), 'Several people are typing…');
  });
});
