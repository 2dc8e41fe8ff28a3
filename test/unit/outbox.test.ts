import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOutbox } from '../../lib/client/outbox';
import { memoryStorage, noKeptFiles } from '../helpers/memory-storage';

const entry = (clientId: string, message: string) => ({
  clientId,
  room: 'general',
  user: 'Alice',
  message,
});

describe('outbox', () => {
  it('lists entries in the order they were added, across instances on the same storage', () => {
    const storage = memoryStorage();
    const tab1 = createOutbox(storage, 'alice', noKeptFiles);
    tab1.add(entry('aaaaaaaa', 'first'));
    tab1.add(entry('bbbbbbbb', 'second'));
    const tab2 = createOutbox(storage, 'alice', noKeptFiles); // a reload, or a second tab
    tab2.add(entry('cccccccc', 'third'));
    assert.deepEqual(
      tab1.list().map((e) => e.message),
      ['first', 'second', 'third'],
    );
  });

  it('keeps users apart', () => {
    const storage = memoryStorage();
    createOutbox(storage, 'alice', noKeptFiles).add(entry('aaaaaaaa', 'hi'));
    assert.deepEqual(createOutbox(storage, 'bob', noKeptFiles).list(), []);
  });

  it('marks a failure and retries with the same clientId', () => {
    const outbox = createOutbox(memoryStorage(), 'alice', noKeptFiles);
    outbox.add(entry('aaaaaaaa', 'hi'));
    outbox.markFailed('aaaaaaaa', { code: 'forbidden', message: 'no' });
    assert.equal(outbox.list()[0]?.failure?.code, 'forbidden');
    outbox.retry('aaaaaaaa');
    assert.equal(outbox.list()[0]?.failure, undefined);
    assert.equal(outbox.list()[0]?.clientId, 'aaaaaaaa');
  });

  it('retries a failed reply as a reply, keeping where it stood in line', () => {
    const outbox = createOutbox(memoryStorage(), 'alice', noKeptFiles);
    const added = outbox.add({ ...entry('aaaaaaaa', 'me too'), replyTo: 42 });
    outbox.add(entry('bbbbbbbb', 'later'));
    outbox.markFailed('aaaaaaaa', { code: 'internal', message: 'try again' });
    outbox.retry('aaaaaaaa');
    assert.deepEqual(outbox.list()[0], added);
    assert.equal(outbox.list()[0]?.replyTo, 42);
  });

  it('drops entries it cannot read instead of failing', () => {
    const storage = memoryStorage();
    const outbox = createOutbox(storage, 'alice', noKeptFiles);
    storage.setItem(`${outbox.prefix}broken`, '{not json');
    outbox.add(entry('aaaaaaaa', 'hi'));
    assert.equal(outbox.list().length, 1);
    assert.equal(storage.getItem(`${outbox.prefix}broken`), null);
  });
});
