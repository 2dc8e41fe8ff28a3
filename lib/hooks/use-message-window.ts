import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { lowerBound } from '../client/message-rows';
import type { Message } from '../protocol';

// The DOM holds at most about this many messages while following the bottom...
const WINDOW_SIZE = 150;
// ...and grows upward by this many as the reader scrolls up.
const WINDOW_STEP = 50;

export interface MessageWindow {
  /** The index in `messages` of the first rendered message. */
  startIndex: number;
  /** The messages rendered. */
  visible: readonly Message[];
  /** The first rendered message's id, or undefined while the window follows the bottom. */
  startId: number | undefined;
  /** Starts the window at message `id` (undefined: follow the bottom again). */
  startAt: Dispatch<SetStateAction<number | undefined>>;
  /** Shows WINDOW_STEP more held messages above; false when the window starts at the oldest. */
  grow: () => boolean;
  /** Whether the window grew so much that following the bottom should shrink it again. */
  isOversized: boolean;
}

/**
 * The slice of a room's messages that is rendered: the newest WINDOW_SIZE while following the
 * bottom, growing upward by WINDOW_STEP as the reader scrolls up, so a room of 10,000 messages
 * keeps a small DOM. `initialStartId` restores a window the reader left.
 */
export function useMessageWindow(
  messages: readonly Message[],
  initialStartId: number | undefined,
): MessageWindow {
  const [startId, setStartId] = useState(initialStartId);
  const startIndex =
    startId === undefined
      ? Math.max(0, messages.length - WINDOW_SIZE)
      : lowerBound(messages, startId);
  const visible = startIndex === 0 ? messages : messages.slice(startIndex);

  // When older messages arrive while the window starts at the oldest we held, show them.
  const oldestHeld = messages[0]?.id;
  const previousOldest = useRef(oldestHeld);
  useEffect(() => {
    const before = previousOldest.current;
    previousOldest.current = oldestHeld;
    if (
      before !== undefined &&
      oldestHeld !== undefined &&
      oldestHeld < before &&
      startId === before
    ) {
      setStartId(oldestHeld);
    }
  }, [oldestHeld, startId]);

  return {
    startIndex,
    visible,
    startId,
    startAt: setStartId,
    grow: () => {
      if (startIndex === 0) return false;
      setStartId(messages[Math.max(0, startIndex - WINDOW_STEP)]?.id);
      return true;
    },
    isOversized: visible.length > WINDOW_SIZE + WINDOW_STEP,
  };
}
