import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import * as z from 'zod/mini';
import { MAX_PACKET_BYTES } from '../protocol';
import type { Logger } from './logger';
import type { RateLimiter } from './rate-limiter';
import { createAuthenticator } from './socket/authenticate';
import { registerMessageHandlers } from './socket/message-handlers';
import { registerRoomHandlers } from './socket/room-handlers';
import { sessionRoom, type ChatServer } from './socket/types';
import type { Stores } from './store/types';

export interface ChatServerDeps {
  stores: Stores;
  sendLimiter: RateLimiter;
  isAllowedOrigin: (req: IncomingMessage) => boolean;
  log: Logger;
}

// zod/mini ships no messages of its own; the server loads English once so every
// invalid_payload says what was wrong ("expected string, received number"), not "Invalid input".
z.config(z.locales.en());

/** Builds the typed Socket.IO server on `httpServer` and wires every event handler. */
export function createChatServer(httpServer: HttpServer, deps: ChatServerDeps): ChatServer {
  const { stores, sendLimiter, log } = deps;
  const io: ChatServer = new Server(httpServer, {
    // A packet over the limit closes only the connection that sent it.
    maxHttpBufferSize: MAX_PACKET_BYTES,
    // Compression would make Socket.IO encode each broadcast once per receiver.
    perMessageDeflate: false,
    // Upgrades on other paths belong to Next (HMR); the app server routes them there.
    destroyUpgrade: false,
    allowRequest: (req, callback) => {
      const isAllowed = deps.isAllowedOrigin(req);
      callback(isAllowed ? null : 'origin not allowed', isAllowed);
    },
  });

  io.use(createAuthenticator(stores.sessions));

  io.on('connection', (socket) => {
    void socket.join(sessionRoom(socket.data.sessionId));
    registerRoomHandlers(socket, { rooms: stores.rooms, messages: stores.messages, log });
    registerMessageHandlers(socket, {
      rooms: stores.rooms,
      messages: stores.messages,
      sendLimiter,
      log,
    });
  });

  return io;
}
