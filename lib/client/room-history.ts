import { HISTORY_MAX_LIMIT, roomHistoryResultSchema, type Message } from '../protocol';
import type { ChatClientSocket } from './chat-socket-type';

/** How far back `sync:required` re-reads a room it holds. */
const CATCH_UP_OVERLAP_MS = 30_000;

// Reading a room's history on demand, beyond the pages RoomViews loads itself: back to a given
// message, and the recent past after `sync:required`. Both are rare, so room-views.ts loads this
// module on first use.

/** What this needs of RoomViews (room-views.ts, which cannot be imported back: a cycle). */
interface HeldRooms {
  viewOf(room: string): { messages: readonly Message[]; isLoaded: boolean; hasOlder: boolean };
  receive(messages: readonly Message[]): void;
  loadOlder(room: string): Promise<void>;
}

/**
 * Loads older pages of `room` until message `id` is held, while `isWanted` (the room is still
 * on screen); false when it is not there (deleted, or never was).
 */
export async function loadUntil(
  views: HeldRooms,
  room: string,
  id: number,
  isWanted: () => boolean,
): Promise<boolean> {
  for (;;) {
    const view = views.viewOf(room);
    if (view.messages.some((message) => message.id === id)) return true;
    const oldest = view.messages[0];
    if (!view.isLoaded || oldest === undefined || oldest.id < id || !view.hasOlder) return false;
    const before = view.messages.length;
    await views.loadOlder(room);
    if (views.viewOf(room).messages.length === before || !isWanted()) return false;
  }
}

/**
 * Re-reads the last CATCH_UP_OVERLAP_MS of `room` (by the server's clock, back from the newest
 * message held), adding what is not held yet. With several nodes, a node can store a message
 * and die before broadcasting it while later ids from other nodes still arrive, so a catch-up
 * "after the newest id" skips it for good. The survivors say `sync:required` within seconds,
 * so the room's last half minute holds it; what is read twice merges away by id.
 */
export async function rereadRecent(
  views: HeldRooms,
  socket: ReturnType<ChatClientSocket['timeout']>,
  room: string,
): Promise<void> {
  const newest = views.viewOf(room).messages.at(-1);
  if (newest === undefined) return;
  const cutoff = Date.parse(newest.createdAt) - CATCH_UP_OVERLAP_MS;
  let before = newest.id + 1;
  for (;;) {
    let raw: unknown;
    try {
      raw = await socket.emitWithAck('room:history', { room, before, limit: HISTORY_MAX_LIMIT });
    } catch {
      return; // No answer: the next sync or reconnect tries again.
    }
    const result = roomHistoryResultSchema.safeParse(raw);
    if (!result.success || !result.data.ok) return;
    views.receive(result.data.messages);
    const oldest = result.data.messages[0];
    if (!result.data.hasMore || oldest === undefined) return;
    if (Date.parse(oldest.createdAt) < cutoff) return;
    before = oldest.id;
  }
}
