import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPushQueue, type PushQueueOptions } from '../../lib/server/push/push-queue';
import type { PushOutcome } from '../../lib/server/push/push-sender';

/** A queue whose sends wait for the test to answer them, one by one. */
function harness(overrides: Partial<PushQueueOptions<string>> = {}) {
  const calls: { target: string; payload: string; answer: (o: PushOutcome) => void }[] = [];
  const gone: string[] = [];
  const dropped: string[] = [];
  const waiters: (() => void)[] = [];
  const queue = createPushQueue<string>({
    send: (target, payload) =>
      new Promise((answer) => {
        calls.push({ target, payload, answer });
        for (const wake of waiters.splice(0)) wake();
      }),
    onGone: (target) => gone.push(target),
    onDropped: (reason) => dropped.push(reason),
    concurrency: 2,
    capacity: 100,
    foldMs: 0,
    retryDelaysMs: [0, 0],
    ...overrides,
  });
  /** Resolves once `n` sends have started. */
  const sends = async (n: number) => {
    while (calls.length < n) await new Promise<void>((wake) => waiters.push(wake));
    return calls;
  };
  return { queue, calls, gone, dropped, sends };
}

const note = (key: string, text: string) => ({
  key,
  target: key,
  payload: (count: number) => `${text}×${count}`,
});

describe('the push queue', () => {
  // The queue's timers never keep a server alive (unref); this keeps the test's loop alive.
  let keepAlive: NodeJS.Timeout;
  before(() => {
    keepAlive = setInterval(() => undefined, 60_000);
  });
  after(() => clearInterval(keepAlive));

  it('sends at most `concurrency` at once and folds notes that wait into the newest', async () => {
    const { queue, calls, sends } = harness();
    queue.add(note('a', 'a1'));
    queue.add(note('b', 'b1'));
    queue.add(note('c', 'c1'));
    queue.add(note('c', 'c2'));
    await sends(2);
    assert.deepEqual(
      calls.map((c) => c.payload),
      ['a1×1', 'b1×1'],
    );
    calls[0]?.answer('sent');
    await sends(3);
    assert.equal(calls[2]?.payload, 'c2×2');
    queue.stop();
  });

  it('retries with the newest note, then drops after the last retry', async () => {
    const { queue, calls, dropped, sends } = harness();
    queue.add(note('a', 'first'));
    await sends(1);
    queue.add(note('a', 'second'));
    calls[0]?.answer('retry');
    await sends(2);
    assert.equal(calls[1]?.payload, 'second×2');
    calls[1].answer('retry');
    await sends(3);
    calls[2]?.answer('retry');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(dropped, ['failed']);
    assert.equal(queue.pending(), 0);
    queue.stop();
  });

  it('forgets a gone subscription, and drops notes beyond its capacity', async () => {
    const { queue, calls, gone, dropped, sends } = harness({ capacity: 2, concurrency: 1 });
    queue.add(note('a', 'a'));
    await sends(1);
    queue.add(note('b', 'b'));
    queue.add(note('c', 'c'));
    queue.add(note('d', 'd'));
    assert.deepEqual(dropped, ['full']);
    calls[0]?.answer('gone');
    await sends(2);
    assert.deepEqual(gone, ['a']);
    assert.equal(queue.pending(), 1);
    queue.stop();
  });
});
