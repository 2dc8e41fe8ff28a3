import type { Message } from '../../protocol';
import { MAX_PACKET_BYTES, messageSendSchema } from '../../protocol';
import { roomPostFieldsSchema, roomReadQuerySchema } from '../../protocol-bots';
import { ChatError } from '../chat-error';
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
  /** A new message was stored: broadcast it to its room and decide its pushes. */
  posted: (message: Message, authorId: number) => void;
}

// A socket's refusal, as the HTTP API answers it.
const STATUS: Partial<Record<string, { status: number; code: HttpErrorCode }>> = {
  invalid_payload: { status: 400, code: 'invalid_payload' },
  not_found: { status: 404, code: 'not_found' },
  forbidden: { status: 403, code: 'forbidden' },
  rate_limited: { status: 429, code: 'rate_limited' },
};

function httpError(error: unknown): unknown {
  if (!(error instanceof ChatError)) return error;
  const mapped = STATUS[error.code] ?? { status: 400, code: 'invalid_payload' as const };
  return new HttpError(mapped.status, mapped.code, error.message, error.retryAfterMs);
}

const roomOf = (encoded: string | undefined) => {
  try {
    return decodeURIComponent(encoded ?? '');
  } catch {
    throw new HttpError(404, 'not_found', 'No such room');
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

  return [
    {
      method: 'POST',
      path: /^\/api\/rooms\/([^/]+)\/messages$/,
      handle: async (req, res, [encoded]) => {
        const session = await requireSession(deps, req);
        const room = roomOf(encoded);
        // A message of the longest length, in any script, fits as it does in a socket's packet.
        const fields = parseBody(await readJsonBody(req, MAX_PACKET_BYTES), roomPostFieldsSchema);
        const payload = parseBody({ ...fields, room, user: session.name }, messageSendSchema);
        await readableRoom(room, session.userId);
        const user = { id: session.userId, name: session.name, key: authorKey(session.userId) };
        const { message, created } = await sendMessage(
          { rooms: stores.rooms, messages: stores.messages, sendLimiter: deps.sendLimiter },
          user,
          payload,
          (retryAfterMs) => new ChatError('rate_limited', 'You are sending too fast', retryAfterMs),
        ).catch((error: unknown) => {
          throw httpError(error);
        });
        if (created) deps.posted(message, user.id);
        sendJson(res, created ? 201 : 200, { message });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/rooms\/([^/]+)\/messages$/,
      handle: async (req, res, [encoded]) => {
        const session = await requireSession(deps, req);
        const room = roomOf(encoded);
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
