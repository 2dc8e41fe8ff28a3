import { ChatError } from '../chat-error';
import type { ChatSocket } from './types';

/** The longest a connection is left unread for one refusal (heartbeats time out after 20 s). */
const MAX_HOLD_MS = 1_000;
/** The limiter counts on the wall clock and timers on a monotonic one: wait a little past. */
const HOLD_MARGIN_MS = 5;

/** The part of `ws`'s WebSocket used here; Engine.IO keeps it as its transport's `socket`. */
interface PausableWebSocket {
  pause(): void;
  resume(): void;
  readonly isPaused: boolean;
}

function webSocketOf(socket: ChatSocket): PausableWebSocket | undefined {
  const transport = socket.conn.transport as unknown as { name?: string; socket?: unknown };
  if (transport.name !== 'websocket') return undefined;
  const ws = transport.socket as Partial<PausableWebSocket> | undefined;
  return typeof ws?.pause === 'function' && typeof ws.resume === 'function'
    ? (ws as PausableWebSocket)
    : undefined;
}

/**
 * Stops reading a connection's frames for `ms` (at most MAX_HOLD_MS): TCP pushes back on the
 * sender, and whatever it sent meanwhile is read, in order, once the wait is over. Called when a
 * send is refused for rate: a client that honours `retryAfterMs` sends nothing in that time and
 * never notices, while a client that ignores it gets one refusal per wait instead of as many as
 * the server can answer. A flood that is refused as fast as it arrives still costs the server a
 * read, a parse and an answer per message; held, it costs nearly nothing, and the event loop
 * stays with everyone else. Long polling is not held (each of its requests is a new read).
 */
export function holdReading(socket: ChatSocket, ms: number): void {
  const ws = webSocketOf(socket);
  if (ws === undefined || ws.isPaused) return;
  ws.pause();
  const timer = setTimeout(() => ws.resume(), Math.min(ms + HOLD_MARGIN_MS, MAX_HOLD_MS));
  timer.unref();
}

/**
 * The one answer to a spent budget, for every event that spends one (messages, edits,
 * reactions, channels, topics): `rate_limited` with the wait, and the connection left unread
 * until the wait is over (at most MAX_HOLD_MS), so ignoring the wait buys nothing.
 */
export function refuseForRate(
  socket: ChatSocket,
  retryAfterMs: number,
  message: string,
): ChatError {
  holdReading(socket, retryAfterMs);
  return new ChatError('rate_limited', message, retryAfterMs);
}
