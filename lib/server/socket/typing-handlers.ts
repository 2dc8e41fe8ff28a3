import { TYPING_REFRESH_MS, typingSchema } from '../../protocol';
import type { Logger } from '../logger';
import type { RoomStore } from '../store/types';
import { defineHandler } from './define-handler';
import { assertCanAccessRoom } from './room-access';
import { userRoom, type ChatSocket } from './types';

/** A typing signal is forwarded at most this often per socket and room; the rest are dropped. */
export const TYPING_FORWARD_MS = TYPING_REFRESH_MS / 2;

export interface TypingHandlerDeps {
  rooms: RoomStore;
  log: Logger;
  forwardEveryMs?: number;
  now?: () => number;
}

export interface TypingState {
  /** Ends this socket's typing in `room` (it sent the message, or left): tells the others. */
  stop(room: string): void;
  /** Ends this socket's typing in `room` without telling anyone (a sent message says it). */
  forget(room: string): void;
}

/**
 * `typing {room, typing}`: volatile (a lost signal is harmless) and throttled. The others in the
 * room hear `typing {room, user, typing}`; the user's own tabs do not. A socket that leaves the
 * room or disconnects while typing stops typing for everyone.
 */
export function registerTypingHandlers(socket: ChatSocket, deps: TypingHandlerDeps): TypingState {
  const { rooms, log, forwardEveryMs = TYPING_FORWARD_MS, now = () => performance.now() } = deps;
  const { user } = socket.data;
  // Rooms this socket is typing in, with when its last signal was forwarded.
  const typingSince = new Map<string, number>();

  const tell = (room: string, typing: boolean) =>
    socket.volatile
      .to(room)
      .except(userRoom(user.id))
      .emit('typing', { room, user: user.name, typing });

  const stop = (room: string) => {
    if (typingSince.delete(room)) tell(room, false);
  };

  socket.on(
    'typing',
    defineHandler(
      typingSchema,
      async ({ room, typing }) => {
        await assertCanAccessRoom(rooms, room, user.id);
        if (!typing) {
          stop(room);
          return {};
        }
        const last = typingSince.get(room);
        const at = now();
        if (last === undefined || at - last >= forwardEveryMs) {
          typingSince.set(room, at);
          tell(room, true);
        }
        return {};
      },
      log,
      { isAckOptional: true },
    ),
  );

  socket.on('disconnecting', () => {
    for (const room of typingSince.keys()) tell(room, false);
    typingSince.clear();
  });

  return { stop, forget: (room) => void typingSince.delete(room) };
}
