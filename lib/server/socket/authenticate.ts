import { UNAUTHORIZED } from '../../protocol';
import { handshakeToken } from '../auth/bot-tokens';
import { authorKey } from '../store/account-rows';
import type { SessionStore } from '../store/account-types';
import { readSessionToken, sessionIdOf } from '../session-token';
import type { RoomStore } from '../store/types';
import type { ChatSocket } from './types';

/**
 * Handshake middleware: a socket is whoever its session cookie says (a bot's: the token in the
 * handshake's `auth: {token}`), or it is refused.
 */
export function createAuthenticator(sessions: SessionStore, rooms: RoomStore) {
  return (socket: ChatSocket, next: (error?: Error) => void): void => {
    const token = readSessionToken(socket.request) ?? handshakeToken(socket.handshake.auth);
    if (token === undefined) return next(new Error(UNAUTHORIZED));
    const sessionId = sessionIdOf(token);
    sessions
      .find(sessionId)
      .then(async (session) => {
        if (session === undefined) return next(new Error(UNAUTHORIZED));
        await sessions.touch(sessionId);
        socket.data.sessionId = sessionId;
        socket.data.user = {
          id: session.userId,
          name: session.name,
          key: authorKey(session.userId),
          isBot: session.isBot,
        };
        // Read before the connection opens, so the socket is in its rooms before any event.
        socket.data.memberRooms = await rooms.memberRooms(session.userId);
        next();
      })
      .catch(() => next(new Error('internal')));
  };
}
