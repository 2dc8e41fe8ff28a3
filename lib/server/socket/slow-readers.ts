import type { SocketServer } from './types';

export interface SlowReaderOptions {
  /** Queued outgoing text (UTF-16 code units, ~bytes) one connection may hold. */
  maxQueuedChars: number;
  /** How often every connection's queue is measured. */
  checkEveryMs: number;
}

/**
 * 2 Mi characters: a few first pages of full-length history plus a burst, for a phone on a bad
 * network; far more than a reading client ever queues, and a bound on what a non-reading one costs.
 */
export const DEFAULT_SLOW_READERS: SlowReaderOptions = {
  maxQueuedChars: 2 * 1024 * 1024,
  checkEveryMs: 1_000,
};

/** Engine.IO's queue of packets not yet handed to the transport (not in its public types). */
interface QueuedPacket {
  data?: unknown;
}

function queuedChars(queue: readonly QueuedPacket[], stopAbove: number): number {
  let total = 0;
  for (const packet of queue) {
    if (typeof packet.data === 'string') total += packet.data.length;
    else if (packet.data instanceof Uint8Array) total += packet.data.byteLength;
    if (total > stopAbove) break;
  }
  return total;
}

/**
 * A client that stops reading (a stalled tab, a hostile script) makes Engine.IO queue every
 * broadcast for it in server memory, without bound. Every `checkEveryMs` this measures each
 * connection's queue and drops the connection past the limit, discarding the queue: the
 * client reconnects and catches up from its last id, so it loses nothing it had acked.
 */
export function dropSlowReaders(
  io: SocketServer,
  { maxQueuedChars, checkEveryMs }: SlowReaderOptions,
  onDropped: () => void = () => undefined,
): () => void {
  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      const queue = (socket.conn as unknown as { writeBuffer?: QueuedPacket[] }).writeBuffer;
      if (queue === undefined || queue.length === 0) continue;
      if (queuedChars(queue, maxQueuedChars) <= maxQueuedChars) continue;
      // close(true) discards the queue; a plain close would wait for it to drain, which never
      // happens for a client that does not read.
      socket.conn.close(true);
      onDropped();
    }
  }, checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
