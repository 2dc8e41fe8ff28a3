import { TOO_MANY_CONNECTIONS } from '../../protocol';
import type { ConnectionLimits } from '../limits';
import type { ChatSocket } from './types';

/**
 * Handshake middleware (after authentication) that refuses a socket past either limit with
 * `connect_error` `too_many_connections`. A socket holds its places until its connection closes.
 */
export function createConnectionGate(
  limits: ConnectionLimits,
  addressOf: (socket: ChatSocket) => string,
  onRefused: () => void = () => undefined,
) {
  const bySession = new Map<string, number>();
  const byAddress = new Map<string, number>();
  const release = (counts: Map<string, number>, key: string) => {
    const left = (counts.get(key) ?? 1) - 1;
    if (left <= 0) counts.delete(key);
    else counts.set(key, left);
  };

  return (socket: ChatSocket, next: (error?: Error) => void): void => {
    // A connection that closed during the handshake never fires `close` again: count nothing
    // (Socket.IO drops the socket itself).
    if (socket.conn.readyState === 'closed') return next();
    const { sessionId } = socket.data;
    const address = addressOf(socket);
    const sessionCount = bySession.get(sessionId) ?? 0;
    const addressCount = byAddress.get(address) ?? 0;
    if (sessionCount >= limits.perSession || addressCount >= limits.perAddress) {
      onRefused();
      return next(new Error(TOO_MANY_CONNECTIONS));
    }
    // Counted here rather than on `connection`, so sockets admitted in the same turn cannot
    // overshoot; the engine connection's close releases them whether or not it ever connected.
    bySession.set(sessionId, sessionCount + 1);
    byAddress.set(address, addressCount + 1);
    socket.conn.once('close', () => {
      release(bySession, sessionId);
      release(byAddress, address);
    });
    next();
  };
}
