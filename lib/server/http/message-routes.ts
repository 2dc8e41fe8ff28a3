import type { Message } from '../../protocol';
import {
  MAX_PACKET_BYTES,
  messageEditSchema,
  messageReactSchema,
  messageSendSchema,
} from '../../protocol';
import { editFieldsSchema, roomPostFieldsSchema, roomReadQuerySchema } from '../../protocol-bots';
import { ChatError } from '../chat-error';
import type { MessageChanges } from '../messages/change-message';
import { sendMessage, type SendMessageDeps } from '../messages/send-message';
import type { HttpErrorCode } from '../../protocol-http-errors';
import { authorKey } from '../store/account-rows';
import { accessibleRoom } from '../socket/room-access';
import type { AuthDeps } from './auth-deps';
import { readJsonBody, sendJson } from './respond';
import { HttpError, parseBody, type Route } from './route-kit';
import { requireSession } from './session-cookies';

export interface MessageRouteDeps {
  sendLimiter: SendMessageDeps['sendLimiter'];
  /** Stores the bots' deliveries of each new message. */
  webhooks: SendMessageDeps['webhooks'];
  /** Edits, deletes and reactions, as the socket events make them. */
  changes: MessageChanges;
  /** A new message was stored: broadcast it to its room and decide its pushes. */
  posted: (message: Message, authorId: number) => void;
  /** A message changed (an edit, a reaction): tell its room. */
  updated: (message: Message) => void;
  /** A message was deleted: tell its room. */
  deleted: (room: string, id: number) => void;
}

// A socket's refusal, as the HTTP API answers it.
const STATUS: Partial<Record<string, { status: number; code: HttpErrorCode }>> = {
  invalid_payload: { status: 400, code: 'invalid_payload' },
  not_found: { status: 404, code: 'not_found' },
  forbidden: { status: 403, code: 'forbidden' },
  rate_limited: { status: 429, code: 'rate_limited' },
};

/** A socket handler's refusal (`ChatError`) as the HTTP API answers it; anything else as is. */
export function httpError(error: unknown): unknown {
  if (!(error instanceof ChatError)) return error;
  const mapped = STATUS[error.code] ?? { status: 400, code: 'invalid_payload' as const };
  return new HttpError(mapped.status, mapped.code, error.message, error.retryAfterMs);
}

/** A path segment as sent: a room's name or an emoji, percent-encoded. */
const decoded = (encoded: string | undefined) => {
  try {
    return decodeURIComponent(encoded ?? '');
  } catch {
    throw new HttpError(404, 'not_found', 'No such path');
  }
};

/**
 * `/api/rooms/:room/messages`: the HTTP API for bots and scripts (a person's cookie works too).
 * A post takes `message:send`'s rules and exactly-once `clientId`: `201` the first time, `200`
 * with the stored message for a repeat. A room that does not exist and one the caller may not
 * read answer alike, `404`.
 */
export function messageRoutes(deps: AuthDeps & MessageRouteDeps): Route[] {
  const { stores } = deps;

  const readableRoom = async (room: string, userId: number) => {
    const record = await accessibleRoom(stores.rooms, room, userId);
    if (record === undefined)
      throw new HttpError(404, 'not_found', `There is no room “${room}” open to you`);
    return record;
  };

  const tooFast = (retryAfterMs: number) =>
    new ChatError('rate_limited', 'You are sending too fast', retryAfterMs);
  const signedIn = async (req: Parameters<typeof requireSession>[1]) => {
    const session = await requireSession(deps, req);
    return {
      id: session.userId,
      name: session.name,
      key: authorKey(session.userId),
      isBot: session.isBot,
    };
  };
  const orHttpError = <T>(work: Promise<T>): Promise<T> =>
    work.catch((error: unknown) => {
      throw httpError(error);
    });
  const react =
    (on: boolean): Route['handle'] =>
    async (req, res, [id, emoji]) => {
      const user = await signedIn(req);
      const payload = parseBody({ id: Number(id), emoji: decoded(emoji), on }, messageReactSchema);
      const message = await orHttpError(
        deps.changes.react(user, payload.id, payload.emoji, payload.on, tooFast),
      );
      deps.updated(message);
      sendJson(res, 200, { message });
    };

  return [
    {
      method: 'PATCH',
      path: /^\/api\/messages\/(\d{1,15})$/,
      body: editFieldsSchema,
      handle: async (req, res, [id]) => {
        const user = await signedIn(req);
        const fields = parseBody(await readJsonBody(req, MAX_PACKET_BYTES), editFieldsSchema);
        const payload = parseBody({ ...fields, id: Number(id) }, messageEditSchema);
        const message = await orHttpError(
          deps.changes.edit(user, payload.id, payload.message, tooFast),
        );
        deps.updated(message);
        sendJson(res, 200, { message });
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/messages\/(\d{1,15})$/,
      handle: async (req, res, [id]) => {
        const user = await signedIn(req);
        const { room } = await orHttpError(deps.changes.remove(user, Number(id)));
        deps.deleted(room, Number(id));
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      },
    },
    {
      method: 'PUT',
      path: /^\/api\/messages\/(\d{1,15})\/reactions\/([^/]+)$/,
      handle: react(true),
    },
    {
      method: 'DELETE',
      path: /^\/api\/messages\/(\d{1,15})\/reactions\/([^/]+)$/,
      handle: react(false),
    },
    {
      method: 'POST',
      path: /^\/api\/rooms\/([^/]+)\/messages$/,
      body: roomPostFieldsSchema,
      handle: async (req, res, [encoded]) => {
        const session = await requireSession(deps, req);
        const room = decoded(encoded);
        // A message of the longest length, in any script, fits as it does in a socket's packet.
        const fields = parseBody(await readJsonBody(req, MAX_PACKET_BYTES), roomPostFieldsSchema);
        const payload = parseBody({ ...fields, room, user: session.name }, messageSendSchema);
        const record = await readableRoom(room, session.userId);
        const user = {
          id: session.userId,
          name: session.name,
          key: authorKey(session.userId),
          isBot: session.isBot,
        };
        const { message, created } = await sendMessage(
          { ...stores, sendLimiter: deps.sendLimiter, webhooks: deps.webhooks },
          user,
          payload,
          (retryAfterMs) => new ChatError('rate_limited', 'You are sending too fast', retryAfterMs),
        ).catch((error: unknown) => {
          throw httpError(error);
        });
        // Posting in a public channel joins it, as opening one does for a person: the bot
        // then hears its mentions there (a webhook goes to members only).
        if (record.kind === 'channel' && !(await stores.rooms.isMember(room, user.id))) {
          await stores.rooms.join(room, user.id);
        }
        if (created) deps.posted(message, user.id);
        sendJson(res, created ? 201 : 200, { message });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/rooms\/([^/]+)\/messages$/,
      handle: async (req, res, [encoded]) => {
        const session = await requireSession(deps, req);
        const room = decoded(encoded);
        const search = new URL(req.url ?? '/', 'http://parley').searchParams;
        const query = parseBody(Object.fromEntries(search), roomReadQuerySchema);
        await readableRoom(room, session.userId);
        const limit = query.limit ?? 50;
        const page =
          query.after !== undefined
            ? await stores.messages.after(room, query.after, limit)
            : query.before !== undefined
              ? await stores.messages.before(room, query.before, limit)
              : await stores.messages.latest(room, limit);
        sendJson(res, 200, page);
      },
    },
  ];
}
