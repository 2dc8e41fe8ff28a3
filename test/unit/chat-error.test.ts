import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatError } from '../../lib/server/chat-error';

describe('ChatError', () => {
  it('answers with its code, message and wait', () => {
    assert.deepEqual(new ChatError('rate_limited', 'You are sending too fast', 180).toAckError(), {
      code: 'rate_limited',
      message: 'You are sending too fast',
      retryAfterMs: 180,
    });
    assert.deepEqual(new ChatError('not_found', 'Gone').toAckError(), {
      code: 'not_found',
      message: 'Gone',
    });
  });

  it('captures no stack, since a refusal is an answer and floods are refused by the thousand', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new ChatError('rate_limited', 'You are sending too fast', 180);
    assert.ok(refusal instanceof Error);
    assert.doesNotMatch(refusal.stack ?? '', /\n\s+at /);
    assert.equal(Error.stackTraceLimit, limit, 'the process keeps its own limit');
    assert.match(new Error('a fault').stack ?? '', /\n\s+at /, 'real errors keep their stacks');
  });
});
