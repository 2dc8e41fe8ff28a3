import { TYPING_REFRESH_MS, typingSchema } from '../../protocol';
import type { Logger } from '../logger';
import type { RoomStore } from '../store/types';
import { defineHandler, type HandlerTable } from './define-handler';
import { assertCanAccessRoom, assertCanWriteRoom } from './room-access';
import { userRoom, type ChatSocket } from './types';

/** A typing signal is forwarded at most this often per socket and room; the rest are dropped. */
export const TYPING_FORWARD_MS = TYPING_REFRESH_MS / 2;

export interface TypingHandlerDeps {
  rooms: RoomStore;
  log: Logger;
  forwardEveryMs?: number;
  now?: () => number;
}

function tell(socket: ChatSocket, room: string, typing: boolean): void {
  const { user } = socket.data;
  socket.volatile
    .to(room)
    .except(userRoom(user.id))
    .emit('typing', { room, user: user.name, typing });
}

/** Ends this socket's typing in `room` (it left the room): tells the others. */
export function stopTyping(socket: ChatSocket, room: string): void {
  if (socket.data.typingSince?.delete(room) === true) tell(socket, room, false);
}

/** Ends this socket's typing in `room` without telling anyone (its message says it). */
export function forgetTyping(socket: ChatSocket, room: string): void {
  socket.data.typingSince?.delete(room);
}

/** A disconnecting socket stops typing everywhere it was. */
export function onDisconnectingTyping(this: ChatSocket): void {
  for (const room of this.data.typingSince?.keys() ?? []) tell(this, room, false);
  this.data.typingSince = undefined;
}

/**
 * `typing {room, typing}`: volatile (a lost signal is harmless) and throttled. The others in the
 * room hear `typing {room, user, typing}`; the user's own tabs do not. A socket that leaves the
 * room or disconnects while typing stops typing for everyone.
 */
export function createTypingHandlers(deps: TypingHandlerDeps): Pick<HandlerTable, 'typing'> {
  const { rooms, log, forwardEveryMs = TYPING_FORWARD_MS, now = () => performance.now() } = deps;
  return {
    typing: defineHandler(
      typingSchema,
      async (socket, { room, typing }) => {
        // Nobody types into an archived room; stopping is always allowed.
        await (typing ? assertCanWriteRoom : assertCanAccessRoom)(rooms, room, socket.data.user.id);
        if (!typing) {
          stopTyping(socket, room);
          return {};
        }
        // Rooms this socket is typing in, with when its last signal was forwarded; made only
        // for sockets that ever type.
        const since = (socket.data.typingSince ??= new Map<string, number>());
        const last = since.get(room);
        const at = now();
        if (last === undefined || at - last >= forwardEveryMs) {
          since.set(room, at);
          tell(socket, room, true);
        }
        return {};
      },
      log,
      { isAckOptional: true },
    ),
  };
}
