/** The people one node has in a room: user id → display name. */
export type People = ReadonlyMap<number, string>;

/**
 * Where nodes share who is in each room, so presence counts people across every node. Each node
 * writes only its own people; readers merge every live node's. Absent on a single node.
 */
export interface PresenceDirectory {
  /** Replaces this node's people in each of these rooms (an empty map removes it). */
  publish(rooms: ReadonlyMap<string, People>): Promise<void>;
  /** Everyone in `room` on every live node, with this node's own `local` people as they are now. */
  read(room: string, local: People): Promise<Map<number, string>>;
  /**
   * Calls `listener` with a room whose people another node changed, or with `undefined` when any
   * room may have changed (a node died, or the shared store came back empty after a restart).
   */
  onChange(listener: (room: string | undefined) => void): void;
  /** Asks for every room this node has people in, to publish them again (after a restart). */
  onRepublish(listener: () => void): void;
  /**
   * Calls `listener` when another node stopped (its heartbeat lapsed, or it said it was leaving):
   * it may have stored messages it never got to broadcast.
   */
  onPeerGone(listener: () => void): void;
  stop(): Promise<void>;
}
