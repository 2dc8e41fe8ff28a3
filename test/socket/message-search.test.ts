import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, Room } from '../../lib/protocol';
import {
  connectAs,
  newClientId,
  request,
  say,
  startTestServer,
  type TestClient,
  type TestServer,
  type Ack,
  type Failure,
} from '../helpers/test-server';

describe('message search', () => {
  let t: TestServer;
  let alice: TestClient;
  let bob: TestClient;
  let carol: TestClient;
  let dm: Room;
  before(async () => {
    t = await startTestServer();
    alice = await connectAs(t.url, 'Alice');
    bob = await connectAs(t.url, 'Bob');
    carol = await connectAs(t.url, 'Carol');
    dm = (await request<Ack<{ room: Room }>>(alice, 'dm:open', { user: 'Bob' })).room;
  });
  after(async () => {
    for (const socket of [alice, bob, carol]) socket.close();
    await t.stop({ removeData: true });
  });

  it('finds words newest first with the match marked, and pages with before', async () => {
    const first = await say(alice, 'Alice', 'Deploying the Rocket service now');
    const second = await say(bob, 'Bob', 'rocket launch went fine');
    await say(bob, 'Bob', 'unrelated chatter');
    const found = await request<
      Ack<{ results: { message: Message; matches: number[][] }[]; hasMore: boolean }>
    >(carol, 'message:search', { query: 'rocket' });
    assert.deepEqual(
      found.results.map((r) => r.message.id),
      [second.id, first.id],
    );
    assert.deepEqual(found.results[0]?.matches, [[0, 6]]);
    assert.deepEqual(found.results[1]?.matches, [[14, 20]]);
    const paged = await request<Ack<{ results: { message: Message }[] }>>(carol, 'message:search', {
      query: 'rocket',
      before: second.id,
    });
    assert.deepEqual(
      paged.results.map((r) => r.message.id),
      [first.id],
    );
    const prefix = await request<Ack<{ results: unknown[] }>>(carol, 'message:search', {
      query: 'deploy',
    });
    assert.equal(prefix.results.length, 1);
  });

  it('never returns a DM the searcher is not in', async () => {
    const secret = await request<Ack<{ message: Message }>>(alice, 'message:send', {
      room: dm.name,
      user: 'Alice',
      message: 'the password is swordfish',
      clientId: newClientId(),
    });
    const byBob = await request<Ack<{ results: { message: Message }[] }>>(bob, 'message:search', {
      query: 'swordfish',
    });
    assert.deepEqual(
      byBob.results.map((r) => r.message.id),
      [secret.message.id],
    );
    const byCarol = await request<Ack<{ results: unknown[] }>>(carol, 'message:search', {
      query: 'swordfish',
    });
    assert.deepEqual(byCarol.results, []);
    const inRoom = await request<Failure>(carol, 'message:search', {
      query: 'swordfish',
      room: dm.name,
    });
    assert.equal(inRoom.error.code, 'forbidden');
  });

  it('follows edits and deletes', async () => {
    const message = await say(alice, 'Alice', 'quokka sighting');
    await request(alice, 'message:edit', { id: message.id, message: 'wombat sighting' });
    const old = await request<Ack<{ results: unknown[] }>>(bob, 'message:search', {
      query: 'quokka',
    });
    assert.deepEqual(old.results, []);
    const updated = await request<Ack<{ results: unknown[] }>>(bob, 'message:search', {
      query: 'wombat',
    });
    assert.equal(updated.results.length, 1);
    await request(alice, 'message:delete', { id: message.id });
    const deleted = await request<Ack<{ results: unknown[] }>>(bob, 'message:search', {
      query: 'wombat',
    });
    assert.deepEqual(deleted.results, []);
  });

  it('treats search syntax as plain words and refuses empty or oversized queries', async () => {
    for (const query of [
      'rocket OR swordfish',
      '"rocket',
      'body:swordfish',
      'NEAR(rocket swordfish)',
      '*',
    ]) {
      const result = await request<Ack<{ results: { message: Message }[] }> | Failure>(
        carol,
        'message:search',
        { query },
      );
      if (result.ok) {
        assert.equal(
          result.results.some((r) => r.message.message.includes('swordfish')),
          false,
          query,
        );
      } else assert.equal(result.error.code, 'invalid_payload', query);
    }
    for (const payload of [
      { query: '' },
      { query: '   ' },
      { query: '!!!' },
      { query: 'x'.repeat(201) },
      {},
      { query: 5 },
    ]) {
      const result = await request<Failure>(carol, 'message:search', payload);
      assert.equal(result.error.code, 'invalid_payload', JSON.stringify(payload));
    }
  });
});
