import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol';

/** What the server sends, before the contract's schemas have checked it. */
export type UntrustedServerEvents = {
  [Event in keyof ServerToClientEvents]: (raw: unknown) => void;
};

/**
 * The tab's socket. What the server sends is checked against the contract's schemas before
 * use, so listeners take `unknown`, as the server's handlers do.
 */
export type ChatClientSocket = Socket<UntrustedServerEvents, ClientToServerEvents>;
