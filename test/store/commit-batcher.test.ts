import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCommitBatcher } from '../../lib/server/store/sqlite/commit-batcher';
import { openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import { tempDataDir } from '../helpers/test-server';

describe('commit batcher', () => {
  it('commits every call of one event-loop turn together, answering each in order', async () => {
    const commits: number[][] = [];
    const double = createCommitBatcher((inputs: readonly number[]) => {
      commits.push([...inputs]);
      return inputs.map((n) => n * 2);
    });
    const first = await Promise.all([double(1), double(2), double(3)]);
    const second = await double(4);
    assert.deepEqual(first, [2, 4, 6]);
    assert.equal(second, 8);
    assert.deepEqual(commits, [[1, 2, 3], [4]]);
  });

  it('rejects every caller of a failed commit, and later calls still commit', async () => {
    let shouldFail = true;
    const store = createCommitBatcher((inputs: readonly string[]) => {
      if (shouldFail) throw new Error('disk full');
      return inputs.map((s) => s.toUpperCase());
    });
    const results = await Promise.allSettled([store('a'), store('b')]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    shouldFail = false;
    assert.equal(await store('c'), 'C');
  });

  it('reports each commit, failed ones too, with the CPU it took', async () => {
    const cpu: number[] = [];
    let shouldFail = false;
    const store = createCommitBatcher(
      (inputs: readonly string[]) => {
        if (shouldFail) throw new Error('disk full');
        // Real work, so the commit takes CPU time that can be seen.
        let hash = 0;
        for (let i = 0; i < 200_000; i++) hash = (hash * 31 + i) | 0;
        return inputs.map((s) => `${s}${hash & 0}`);
      },
      { onCommit: (micros) => cpu.push(micros) },
    );
    await Promise.all([store('a'), store('b')]);
    await store('c');
    shouldFail = true;
    await assert.rejects(store('d'));
    assert.equal(cpu.length, 3);
    assert.ok(
      cpu.every((micros) => micros > 0),
      String(cpu),
    );
  });
});

describe('SQLite message store batches', () => {
  it('assigns increasing ids in arrival order and stores a clientId repeated within a batch once', async () => {
    const stores = createSqliteStores(openDatabase(tempDataDir()));
    const made = await stores.accounts.create({ name: 'Alice', key: 'alice', passwordHash: 'x' });
    assert.ok(made.ok);
    const { id } = made.account;
    const base = { room: 'general', user: 'Alice', userKey: `#${id}`, userId: id };
    const results = await Promise.all([
      stores.messages.append({ ...base, clientId: 'client-a1', message: 'one' }),
      stores.messages.append({ ...base, clientId: 'client-a2', message: 'two' }),
      stores.messages.append({ ...base, clientId: 'client-a1', message: 'one again' }),
      stores.messages.append({ ...base, clientId: 'client-a3', message: 'three' }),
    ]);
    assert.deepEqual(
      results.map((r) => [r.message.message, r.created]),
      [
        ['one', true],
        ['two', true],
        ['one', false],
        ['three', true],
      ],
    );
    const [a, b, again, c] = results.map((r) => r.message.id);
    assert.ok(a !== undefined && b !== undefined && c !== undefined);
    assert.ok(a < b && b < c);
    assert.equal(again, a);
    await stores.close();
  });
});

describe('group commit', () => {
  /** A batcher on a fake clock whose every commit takes `commitMs` of it. */
  const timedBatcher = (commitMs: number) => {
    const clock = { now: 0 };
    const commits: string[][] = [];
    const store = createCommitBatcher(
      (inputs: readonly string[]) => {
        commits.push([...inputs]);
        clock.now += commitMs;
        return inputs;
      },
      { minIntervalMs: 20, holdAboveShare: 0.1, now: () => clock.now },
    );
    return { clock, commits, store };
  };
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('commits each call on its own turn while commits cost little of the time', async () => {
    const { commits, store } = timedBatcher(0.5);
    await store('first');
    // Within the interval, but one message a turn at 0.5 ms a commit is no load: no hold.
    const a = store('a');
    await nextTurn();
    const b = store('b');
    assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
    assert.deepEqual(commits, [['first'], ['a'], ['b']]);
  });

  it('under load, gathers what arrives within the interval into one commit', async () => {
    const { clock, commits, store } = timedBatcher(5);
    // 200 calls at once at 5 ms a commit: one by one, commits would fill the loop.
    await Promise.all(Array.from({ length: 200 }, (_, i) => store(`burst ${i}`)));
    assert.equal(commits.length, 1);
    const a = store('a');
    await nextTurn();
    const b = store('b');
    clock.now = 20;
    assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
    assert.deepEqual(commits.slice(1), [['a', 'b']]);
  });
});
