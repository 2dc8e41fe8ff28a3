import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol';
import type { UserRef } from '../store/types';

/**
 * The server's view of client events: every argument is untrusted until a schema accepts it,
 * so handlers receive `unknown` whatever the typed client claims to send.
 */
export type UntrustedClientEvents = {
  [Event in keyof ClientToServerEvents]: (...args: unknown[]) => void;
};

/** Server-to-server messages, carried between nodes by the Redis adapter. */
export interface InterServerEvents {
  /** An account was renamed on another node (see account-events.ts). */
  'user:renamed': (userId: number, name: string) => void;
}

export interface SocketData {
  sessionId: string;
  user: UserRef;
  /** Rooms the user belongs to when the socket connected; it subscribes to all of them. */
  memberRooms: string[];
  /** Rooms this socket is typing in, with when its last signal was forwarded. */
  typingSince?: Map<string, number>;
  /** The tab is on screen (`tab:visibility`): its person gets no pushes meanwhile. */
  visible?: boolean;
}

export type SocketServer = Server<
  UntrustedClientEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type ChatSocket = Socket<
  UntrustedClientEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** The Socket.IO room every socket of one session joins, so sign-out can close them all. */
export function sessionRoom(sessionId: string): string {
  // Chat room names cannot contain ':', so this never collides with one.
  return `session:${sessionId}`;
}

/** The Socket.IO room of every socket of one user: tabs and devices that must agree. */
export function userRoom(userId: number): string {
  return `user:${userId}`;
}

/** Chat rooms are the Socket.IO rooms whose names a chat room could have (no `:`). */
export function isChatRoom(room: string, socketId: string): boolean {
  return room !== socketId && !room.includes(':');
}
