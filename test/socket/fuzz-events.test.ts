import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import * as z from 'zod/mini';
import {
  dmOpenSchema,
  messageDeleteSchema,
  messageDeletedSchema,
  messageEditSchema,
  messageReactSchema,
  messageSchema,
  messageSearchSchema,
  messageSendSchema,
  messageTextSchema,
  presenceSchema,
  readMarkerSchema,
  roomHistorySchema,
  roomJoinSchema,
  roomLeaveSchema,
  roomListSchema,
  roomReadSchema,
  roomSchema,
  memberChangeSchema,
  memberListSchema,
  roomArchiveSchema,
  roomMembershipSchema,
  roomNotifySetSchema,
  roomTopicSetSchema,
  roomUpdatedSchema,
  typingEventSchema,
  typingSchema,
  type Message,
} from '../../lib/protocol';
import { roomCreateSchema } from '../../lib/protocol-occasional';
import {
  connectAs,
  emitRaw,
  newClientId,
  recordEvents,
  request,
  startTestServer,
  TEST_LIMITS,
  waitForEvent,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

// Cases per event: enough to find a crash or a wrong `ok` in CI without slowing it.
const RUNS_PER_EVENT = 80;
const SEED = 20261127;

/** What each server event must look like for a client that trusts nothing. */
const SERVER_EVENT_SCHEMAS: Record<string, z.ZodMiniType> = {
  'message:new': messageSchema,
  'message:updated': messageSchema,
  'message:deleted': messageDeletedSchema,
  'room:created': roomSchema,
  'room:read': readMarkerSchema,
  'room:updated': roomUpdatedSchema,
  'room:membership': roomMembershipSchema,
  'room:notify': roomNotifySetSchema,
  presence: presenceSchema,
  typing: typingEventSchema,
};

/** A valid payload's fields, each replaced, dropped or joined by something hostile. */
function mutations(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const hostile = fc.oneof(
    fc.anything({ withNullPrototype: true, withBigInt: false, maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.integer(),
    fc.double(),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '__proto__',
      'general',
      'dm-00000000000000000000',
      '<b>x</b>',
    ),
  );
  const replaced =
    keys.length === 0
      ? fc.constant(valid)
      : fc
          .tuple(fc.constantFrom(...keys), hostile)
          .map(([key, value]) => ({ ...valid, [key]: value }));
  const dropped =
    keys.length === 0
      ? fc.constant(valid)
      : fc
          .constantFrom(...keys)
          .map((key) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== key)));
  const extra = fc
    .tuple(fc.string({ maxLength: 10 }), hostile)
    .map(([key, value]) => ({ ...valid, [key]: value }));
  return fc.oneof(replaced, dropped, extra, fc.anything({ maxDepth: 3 }), fc.constant(valid));
}

describe('fuzzing every application event', () => {
  let t: TestServer;
  let fuzzer: TestClient;
  let observer: TestClient;
  let observed: [string, unknown][];
  let target: Message;
  const report: string[] = [];

  before(async () => {
    t = await startTestServer({
      limits: {
        ...TEST_LIMITS,
        send: { burst: 1_000_000, perSecond: 1_000_000 },
        create: { burst: 1_000_000, perSecond: 1_000_000 },
      },
    });
    fuzzer = await connectAs(t.url, 'Fuzzer');
    observer = await connectAs(t.url, 'Observer');
    await request(fuzzer, 'room:join', { room: 'general' });
    await request(observer, 'room:join', { room: 'general' });
    // Rooms of their own for membership and archiving, so that #general stays as it is.
    for (const room of ['fuzz-members', 'fuzz-archive'])
      await request(fuzzer, 'room:create', { room });
    target = (
      await request<{ message: Message }>(fuzzer, 'message:send', {
        room: 'general',
        user: 'Fuzzer',
        message: 'fuzz target',
        clientId: newClientId(),
      })
    ).message;
    observed = recordEvents(observer);
  });
  after(async () => {
    console.log(`fuzz cases (seed ${SEED}):\n  ${report.join('\n  ')}`);
    fuzzer.close();
    observer.close();
    await t.stop({ removeData: true });
  });

  const events: [string, z.ZodMiniType, () => Record<string, unknown>][] = [
    ['room:join', roomJoinSchema, () => ({ room: 'general', after: 0, since: 0 })],
    ['room:history', roomHistorySchema, () => ({ room: 'general', before: 1_000, limit: 10 })],
    ['room:leave', roomLeaveSchema, () => ({ room: 'fuzz-room' })],
    ['room:list', roomListSchema, () => ({})],
    [
      'room:create',
      roomCreateSchema,
      () => ({ room: `fuzz-${Math.random().toString(36).slice(2, 10)}` }),
    ],
    ['room:read', roomReadSchema, () => ({ room: 'general', id: target.id })],
    ['room:topic', roomTopicSetSchema, () => ({ room: 'general', topic: 'fuzz topic' })],
    ['dm:open', dmOpenSchema, () => ({ user: 'Observer' })],
    ['dm:open', dmOpenSchema, () => ({ users: ['Observer'] })],
    ['member:add', memberChangeSchema, () => ({ room: 'fuzz-members', user: 'Observer' })],
    // The fuzzer removes itself: the observer must keep hearing #general for the last check.
    ['member:remove', memberChangeSchema, () => ({ room: 'fuzz-members', user: 'Fuzzer' })],
    ['member:list', memberListSchema, () => ({ room: 'fuzz-members' })],
    ['room:notify', roomNotifySetSchema, () => ({ room: 'fuzz-members', level: 'mentions' })],
    // The fuzzer is the first account, so an admin: this archiving really runs.
    ['room:archive', roomArchiveSchema, () => ({ room: 'fuzz-archive', archived: false })],
    [
      'message:send',
      messageSendSchema,
      () => ({ room: 'general', user: 'Fuzzer', message: 'fuzz', clientId: newClientId() }),
    ],
    // Files: an empty message with an upload id nobody has (the server answers not_found).
    [
      'message:send',
      messageSendSchema,
      () => ({
        room: 'general',
        user: 'Fuzzer',
        message: '',
        clientId: newClientId(),
        attachments: ['A'.repeat(22)],
      }),
    ],
    ['message:edit', messageEditSchema, () => ({ id: target.id, message: 'fuzz edit' })],
    ['message:react', messageReactSchema, () => ({ id: target.id, emoji: '👍', on: true })],
    ['message:search', messageSearchSchema, () => ({ query: 'fuzz' })],
    ['typing', typingSchema, () => ({ room: 'general', typing: true })],
    // Last: a valid delete removes the target the others aim at.
    ['message:delete', messageDeleteSchema, () => ({ id: target.id })],
  ];

  for (const [event, schema, valid] of events) {
    it(`${event}: never crashes, never acks ok for an invalid payload`, async () => {
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(mutations(valid()), async (payload) => {
          const ack = (await emitRaw(fuzzer, event, payload)) as {
            ok?: unknown;
            error?: { code?: unknown };
          };
          assert.equal(typeof ack, 'object');
          assert.equal(typeof ack.ok, 'boolean', `ack without ok: ${JSON.stringify(ack)}`);
          const outcome = ack.ok === true ? 'ok' : String(ack.error?.code);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          if (ack.ok === true) {
            assert.equal(
              schema.safeParse(payload).success,
              true,
              `${event} acked ok for ${JSON.stringify(payload)}`,
            );
          }
        }),
        { numRuns: RUNS_PER_EVENT, seed: SEED },
      );
      report.push(
        `${event}: ${RUNS_PER_EVENT} cases, ${JSON.stringify(Object.fromEntries(outcomes))}`,
      );
    });
  }

  it('left only valid traffic for a client sharing the server, and only valid messages stored', async () => {
    // A mutated room:archive may have archived #general: the barrier needs it writable.
    await request(fuzzer, 'room:archive', { room: 'general', archived: false });
    // A last message as a barrier: everything the fuzzer caused reached the observer before it.
    const barrier = await request<{ message: Message }>(fuzzer, 'message:send', {
      room: 'general',
      user: 'Fuzzer',
      message: 'barrier',
      clientId: newClientId(),
    });
    await waitForEvent<Message>(observer, 'message:new', (m) => m.id === barrier.message.id);
    for (const [event, payload] of observed) {
      const schema = SERVER_EVENT_SCHEMAS[event];
      assert.ok(schema !== undefined, `unexpected event ${event}`);
      assert.equal(schema.safeParse(payload).success, true, `${event}: ${JSON.stringify(payload)}`);
      if (event === 'message:new' || event === 'message:updated') {
        const { message } = payload as Message;
        assert.equal(messageTextSchema.safeParse(message).success, true, message);
      }
    }
    const stored = await t.server.stores.messages.after('general', 0, 10_000);
    for (const message of stored.messages) {
      assert.equal(messageSchema.safeParse(message).success, true);
      const text = messageTextSchema.safeParse(message.message);
      assert.ok(text.success && text.data === message.message, JSON.stringify(message.message));
    }
    report.push(
      `observer saw ${observed.length} events, all valid; ${stored.messages.length} stored messages, all valid`,
    );
    const health = await fetch(`${t.url}/healthz`);
    assert.equal(health.status, 200);
  });
});
