import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import * as z from 'zod/mini';
import { MAX_PACKET_BYTES, type Message } from '../../protocol';
import type { FanOut } from '../cluster/fan-out';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { RateLimiter } from '../rate-limiter';
import { applyRename, listenForRenames, type RenameHere } from './account-events';
import { createAuthenticator } from './authenticate';
import type { ConnectionLimits } from '../limits';
import { createConnectionGate } from './connection-limits';
import type { HandlerTable } from './define-handler';
import { createDmHandlers } from './dm-handlers';
import { createMemberHandlers } from './member-handlers';
import { createMessageHandlers } from './message-handlers';
import { trackPresence, type PresenceOptions } from './presence';
import { createRoomHandlers } from './room-handlers';
import { createRoomSettingsHandlers } from './room-settings-handlers';
import { dropSlowReaders, type SlowReaderOptions } from './slow-readers';
import { createTypingHandlers, onDisconnectingTyping } from './typing-handlers';
import { createVisibilityHandlers, visibleAtHandshake } from './visibility-handlers';
import { sessionRoom, userRoom, type SocketServer } from './types';
import type { Stores } from '../store/types';
import type { UploadSweeper } from '../files/upload-sweeper';
import type { MessageWebhooks } from '../webhooks/webhook-events';

export interface SocketServerDeps {
  stores: Stores;
  sendLimiter: RateLimiter;
  /** Stores the bots' deliveries of each message before its ack. */
  webhooks: MessageWebhooks;
  createLimiter: RateLimiter;
  presence: PresenceOptions;
  typingForwardMs: number;
  isAllowedOrigin: (req: IncomingMessage) => boolean;
  /** The client's address, as the HTTP routes see it (honouring a trusted proxy). */
  clientAddress: (req: IncomingMessage, fallback?: string) => string;
  connectionLimits: ConnectionLimits;
  slowReaders: SlowReaderOptions;
  metrics: Metrics;
  log: Logger;
  /** Several nodes: broadcasts and presence go through Redis. */
  fanOut?: FanOut;
  /** Deletes a deleted message's files. */
  sweeper: Pick<UploadSweeper, 'removeMarked'>;
  /** A new message was stored and broadcast (pushes go from here). */
  onPosted?: (message: Message, authorId: number) => void;
}

// zod/mini ships no messages of its own; the server loads English once so every
// invalid_payload says what was wrong ("expected string, received number"), not "Invalid input".
z.config(z.locales.en());

/** Builds the typed Socket.IO server on `httpServer` and wires every event handler. */
export function createSocketServer(
  httpServer: HttpServer,
  deps: SocketServerDeps,
): { io: SocketServer; stop: () => void; renameHere: RenameHere } {
  const { stores, sendLimiter, createLimiter, log } = deps;
  const { fanOut } = deps;
  const io: SocketServer = new Server(httpServer, {
    ...(fanOut === undefined ? {} : { adapter: fanOut.adapter }),
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

  io.use(createAuthenticator(stores.sessions, stores.rooms));
  io.use(
    createConnectionGate(
      deps.connectionLimits,
      (socket) => deps.clientAddress(socket.request, socket.handshake.address),
      () => deps.metrics.rateLimited('connections'),
    ),
  );
  const presence = trackPresence(
    io,
    { ...deps.presence, onError: (error) => log.warn({ err: error }, 'presence sync failed') },
    fanOut?.presence,
  );
  // A rename reaches this node's sockets, its cached DM records and who it lists as online.
  const renameHere: RenameHere = (userId, name) => {
    applyRename(io, stores.rooms, userId, name);
    presence.renamed(userId, name);
  };
  listenForRenames(io, renameHere);
  // Broadcasts sent while Redis was away may not have reached every node: every client, on
  // every node, catches up from storage.
  fanOut?.onRestored(() => io.emit('sync:required'));
  // A node killed between storing a message and broadcasting it leaves that message stored and
  // acked (its sender retries elsewhere and gets it back) but heard by nobody: when a node's
  // heartbeat lapses, each surviving node has its own clients catch up.
  fanOut?.onPeerGone(() => io.local.emit('sync:required'));
  const stopDroppingSlowReaders = dropSlowReaders(io, deps.slowReaders, () =>
    deps.metrics.rateLimited('slow_reader'),
  );

  // One listener per event for the whole server (each reads its socket from `this`), so a
  // connection costs a few references, not a set of closures of its own.
  const { rooms, messages, accounts, settings } = stores;
  // Every client event of the contract, each with its handler (a missing one does not compile).
  const handlers: HandlerTable = {
    ...createRoomHandlers({ rooms, messages, accounts, settings, createLimiter, log }),
    ...createMemberHandlers({ rooms, accounts, log }),
    ...createRoomSettingsHandlers({ rooms, accounts, log }),
    ...createMessageHandlers({
      rooms,
      messages,
      sweeper: deps.sweeper,
      accounts,
      sendLimiter,
      webhooks: deps.webhooks,
      log,
      onStored: deps.metrics.messageStored,
      onPosted: deps.onPosted,
    }),
    ...createDmHandlers({ rooms, accounts, log }),
    ...createTypingHandlers({ rooms, log, forwardEveryMs: deps.typingForwardMs }),
    ...createVisibilityHandlers(log),
  };
  const isHandled = (event: string): event is keyof HandlerTable => Object.hasOwn(handlers, event);
  const events = Object.keys(handlers).filter(isHandled);

  // Every acknowledged event is timed from arrival to answer, whatever its handler does.
  const timeAcks = (packet: unknown[], next: (error?: Error) => void) => {
    const ack: unknown = packet.at(-1);
    if (typeof ack === 'function') {
      const started = performance.now();
      const event = String(packet[0]);
      packet[packet.length - 1] = (result: unknown) => {
        deps.metrics.timeAck(event, started, result);
        (ack as (result: unknown) => void)(result);
      };
    }
    next();
  };

  io.on('connection', (socket) => {
    const { user, sessionId, memberRooms } = socket.data;
    if (log.isLevelEnabled('debug')) {
      log.debug({ socket: socket.id, user: user.id }, 'socket connected');
      socket.once('disconnect', (reason) =>
        log.debug({ socket: socket.id, user: user.id, reason }, 'socket disconnected'),
      );
    }
    socket.data.visible = visibleAtHandshake(socket.handshake.auth);
    socket.use(timeAcks);
    socket.on('disconnecting', onDisconnectingTyping);
    for (const event of events) socket.on(event, handlers[event]);
    // Every room the user belongs to reaches this socket, so unread counts stay live.
    void socket.join([sessionRoom(sessionId), userRoom(user.id), ...memberRooms]);
  });

  return {
    io,
    renameHere,
    stop: () => {
      presence.stop();
      stopDroppingSlowReaders();
    },
  };
}
