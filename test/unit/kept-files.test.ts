import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOutbox } from '../../lib/client/outbox';
import { keepFiles, keptFile } from '../../lib/client/uploads/file-store';
import { sweepKeptFiles } from '../../lib/client/uploads/sweep-files';
import { memoryStorage, noKeptFiles } from '../helpers/memory-storage';

const MINUTE = 60_000;
const text = (name: string) => new File([`bytes of ${name}`], name, { type: 'text/plain' });

describe('the sweep of files kept for unsent messages', () => {
  it('frees files no outbox of any account names, and keeps the named ones', async () => {
    const storage = memoryStorage();
    const [forAlice, forBob, leftOver] = await keepFiles([text('a'), text('b'), text('c')]);
    assert.ok(forAlice !== undefined && forBob !== undefined && leftOver !== undefined);
    const message = { room: 'general', message: '' };
    createOutbox(storage, '#alice-id', noKeptFiles).add({
      ...message,
      clientId: 'aaaaaaaa',
      user: 'Alice',
      files: [forAlice],
    });
    // Another account signed in earlier in this browser, with a message still waiting.
    createOutbox(storage, '#bob-id', noKeptFiles).add({
      ...message,
      clientId: 'bbbbbbbb',
      user: 'Bob',
      files: [forBob],
    });
    storage.setItem('parley:draft:#alice-id:general', 'not an outbox entry');

    await sweepKeptFiles(storage, Date.now() + 2 * MINUTE);
    assert.equal(await (await keptFile(forAlice.key))?.text(), 'bytes of a');
    assert.equal(await (await keptFile(forBob.key))?.text(), 'bytes of b');
    assert.equal(await keptFile(leftOver.key), undefined, 'the orphan is freed');
  });

  it('leaves a file just kept alone: another tab may be queueing its message', async () => {
    const [queueing] = await keepFiles([text('d')]);
    assert.ok(queueing !== undefined);
    await sweepKeptFiles(memoryStorage());
    assert.equal(await (await keptFile(queueing.key))?.text(), 'bytes of d');
    await sweepKeptFiles(memoryStorage(), Date.now() + 2 * MINUTE);
    assert.equal(await keptFile(queueing.key), undefined);
  });
});
