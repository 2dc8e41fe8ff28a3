import { useCallback, useLayoutEffect, useRef, type RefObject } from 'react';

interface ScrollAnchorOptions {
  /** The first rendered message: a smaller one than last time means rows were prepended. */
  firstVisibleId: number | undefined;
  /** The unacknowledged messages shown: one more means the reader just sent one. */
  pendingCount: number;
  /** Whether the reader follows the bottom; read after each render. */
  isAtBottom: RefObject<boolean>;
  /** Where the first paint scrolls to: a remembered position, or undefined for the bottom. */
  restoreTop: number | undefined;
}

interface ScrollAnchor {
  /** For the scrolling element. */
  scroller: RefObject<HTMLDivElement | null>;
  /** Centres message `id` once it is rendered. */
  scrollToRow: (id: number) => void;
  /** Shows the newest message now. */
  scrollToBottom: () => void;
}

/** The rendered row of message `id`, if it is in the DOM. */
function rowOf(list: HTMLElement, id: number | undefined): HTMLElement | null {
  return id === undefined ? null : list.querySelector(`[data-message-id="${id}"]`);
}

/**
 * Keeps what the reader looks at in the scroller where it is, after every render: the first
 * paint goes back to `restoreTop` (or the newest message); rows prepended above (older messages
 * revealed or loaded) never move the view; new rows follow the bottom only when the reader is
 * there or just sent one.
 */
export function useScrollAnchor({
  firstVisibleId,
  pendingCount,
  isAtBottom,
  restoreTop,
}: ScrollAnchorOptions): ScrollAnchor {
  const scroller = useRef<HTMLDivElement>(null);
  const isRestored = useRef(false);
  const previousHeight = useRef(0);
  const previousFirstId = useRef<number | undefined>(undefined);
  // Where the first rendered row sat (offsetTop) after the last render.
  const previousFirstTop = useRef<number | undefined>(undefined);
  const previousPending = useRef(pendingCount);
  // A message to scroll to once it is rendered.
  const scrollTarget = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    if (!isRestored.current) {
      // First paint of this room: back to where the reader left it, else the newest message.
      isRestored.current = true;
      element.scrollTop = restoreTop ?? element.scrollHeight;
    } else {
      const prepended =
        previousFirstId.current !== undefined &&
        firstVisibleId !== undefined &&
        firstVisibleId < previousFirstId.current;
      if (prepended) {
        // Keep the old first row where it was: rows below it may change height too (it may
        // lose its day heading), so the growth of the whole list is not the right measure.
        const oldFirst = rowOf(element, previousFirstId.current);
        element.scrollTop +=
          oldFirst !== null && previousFirstTop.current !== undefined
            ? oldFirst.offsetTop - previousFirstTop.current
            : element.scrollHeight - previousHeight.current;
      } else if (isAtBottom.current || pendingCount > previousPending.current) {
        element.scrollTop = element.scrollHeight;
      }
    }
    const row = rowOf(element, scrollTarget.current);
    if (row !== null) {
      scrollTarget.current = undefined;
      row.scrollIntoView({ block: 'center' });
    }
    previousHeight.current = element.scrollHeight;
    previousFirstId.current = firstVisibleId;
    previousFirstTop.current = rowOf(element, firstVisibleId)?.offsetTop;
    previousPending.current = pendingCount;
  });

  return {
    scroller,
    scrollToRow: useCallback((id: number) => {
      scrollTarget.current = id;
    }, []),
    scrollToBottom: useCallback(() => {
      const element = scroller.current;
      if (element !== null) element.scrollTop = element.scrollHeight;
    }, []),
  };
}
