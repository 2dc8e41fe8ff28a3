'use client';

import {
  Fragment,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { OutboxEntry } from '@/lib/client/outbox';
import type { Message } from '@/lib/protocol';
import type { MessageActions } from './message-actions';
import { MessageItem, PendingItem } from './message-item';
import { countNewBelow, dividerBeforeId, lowerBound, rowLayout } from '@/lib/client/message-rows';
import styles from './message-list.module.css';

interface MessageListProps {
  room: string;
  messages: Message[];
  pending: OutboxEntry[];
  currentUser: string;
  hasOlder: boolean;
  isLoadingOlder: boolean;
  /** "New messages" goes before the first message of someone else after this id. */
  dividerAfterId: number | undefined;
  onLoadOlder: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** Whether the reader sees the newest message (scrolled to the bottom, tab visible). */
  onReadingChange: (isReading: boolean) => void;
  /** Loads older pages until message `id` is held; false when it cannot be. */
  onLoadUntil: (id: number) => Promise<boolean>;
  /** What the rows offer (reply, react, edit, delete); `onJumpTo` is the list's own. */
  actions: Omit<MessageActions, 'onJumpTo'>;
  /** A message to bring into view (a search result), once; `onFocused` says it was handled. */
  focusId: number | undefined;
  onFocused: () => void;
  /** The reader asked to edit this message (`nonce` changes with each request). */
  editRequest: { id: number; nonce: number } | undefined;
}

// Within this many pixels of the end counts as "at the bottom".
const STICK_THRESHOLD_PX = 48;
// Closer than this to the top reveals (or loads) older messages.
const LOAD_THRESHOLD_PX = 400;
// The DOM holds at most about this many messages while following the bottom...
const WINDOW_SIZE = 150;
// ...and grows upward by this many as the reader scrolls up.
const WINDOW_STEP = 50;

interface ScrollMemory {
  scrollTop: number;
  isAtBottom: boolean;
  startId: number | undefined;
}

/** Where the reader was in each room this tab visited, so coming back returns there. */
const scrollMemory = new Map<string, ScrollMemory>();

/** The rendered row of message `id`, if it is in the DOM. */
function rowOf(list: HTMLElement, id: number | undefined): HTMLElement | null {
  return id === undefined ? null : list.querySelector(`[data-message-id="${id}"]`);
}

/**
 * The room's messages, oldest first, followed by the user's unacknowledged ones. Renders a
 * window, not everything: the newest `WINDOW_SIZE` while following the bottom, growing upward
 * as the reader scrolls up, so a room of 10,000 messages keeps a small DOM. Prepending (older
 * messages revealed or loaded) never moves what the reader is looking at; new messages follow
 * the bottom only when the reader is there, otherwise a button counts them.
 */
export function MessageList(props: MessageListProps) {
  const { room, messages, pending, currentUser, onLoadOlder, onReadingChange, onLoadUntil } = props;
  const remembered = scrollMemory.get(room);
  const scroller = useRef<HTMLDivElement>(null);
  const isAtBottomRef = useRef(remembered?.isAtBottom ?? true);
  const [isAtBottom, setIsAtBottom] = useState(remembered?.isAtBottom ?? true);
  // The first rendered message; undefined while following the bottom (the window floats).
  const [startId, setStartId] = useState<number | undefined>(remembered?.startId);
  // The newest message the reader saw at the bottom, before scrolling up.
  const [seenUpToId, setSeenUpToId] = useState<number | undefined>(undefined);
  const previousHeight = useRef(0);
  const previousFirstId = useRef<number | undefined>(undefined);
  // Where the first rendered row sat (offsetTop) after the last render.
  const previousFirstTop = useRef<number | undefined>(undefined);
  const previousPending = useRef(pending.length);
  const isRestored = useRef(false);
  // A message to scroll to once it is rendered, and the one shown highlighted.
  const scrollTarget = useRef<number | undefined>(undefined);
  const [highlightedId, setHighlightedId] = useState<number | undefined>(undefined);
  const startIdRef = useRef(startId);
  useEffect(() => {
    startIdRef.current = startId;
  }, [startId]);

  const startIndex =
    startId === undefined
      ? Math.max(0, messages.length - WINDOW_SIZE)
      : lowerBound(messages, startId);
  const visible = startIndex === 0 ? messages : messages.slice(startIndex);
  const firstVisibleId = visible[0]?.id;
  const lastId = messages.at(-1)?.id;

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

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    if (!isRestored.current) {
      // First paint of this room: back to where the reader left it, else the newest message.
      isRestored.current = true;
      element.scrollTop =
        remembered !== undefined && !remembered.isAtBottom
          ? remembered.scrollTop
          : element.scrollHeight;
    } else {
      const prepended =
        previousFirstId.current !== undefined &&
        firstVisibleId !== undefined &&
        firstVisibleId < previousFirstId.current;
      const sentOne = pending.length > previousPending.current;
      if (prepended) {
        // Keep the old first row where it was: rows below it may change height too (it may
        // lose its day heading), so the growth of the whole list is not the right measure.
        const oldFirst = rowOf(element, previousFirstId.current);
        element.scrollTop +=
          oldFirst !== null && previousFirstTop.current !== undefined
            ? oldFirst.offsetTop - previousFirstTop.current
            : element.scrollHeight - previousHeight.current;
      } else if (isAtBottomRef.current || sentOne) element.scrollTop = element.scrollHeight;
    }
    const target = scrollTarget.current;
    const row =
      target === undefined ? null : element.querySelector(`[data-message-id="${target}"]`);
    if (row !== null) {
      scrollTarget.current = undefined;
      row.scrollIntoView({ block: 'center' });
    }
    previousHeight.current = element.scrollHeight;
    previousFirstId.current = firstVisibleId;
    previousFirstTop.current = rowOf(element, firstVisibleId)?.offsetTop;
    previousPending.current = pending.length;
  });

  // Remember the position for when the reader comes back to this room.
  useEffect(
    () => () => {
      const element = scroller.current;
      scrollMemory.set(room, {
        scrollTop: element?.scrollTop ?? 0,
        isAtBottom: isAtBottomRef.current,
        startId: isAtBottomRef.current ? undefined : startIdRef.current,
      });
    },
    [room],
  );
  // Reading = at the bottom of a visible tab.
  useEffect(() => {
    const report = () => onReadingChange(isAtBottom && document.visibilityState === 'visible');
    report();
    document.addEventListener('visibilitychange', report);
    return () => {
      document.removeEventListener('visibilitychange', report);
      onReadingChange(false);
    };
  }, [isAtBottom, onReadingChange]);

  const onScroll = () => {
    const element = scroller.current;
    if (element === null) return;
    const atBottom =
      element.scrollHeight - element.scrollTop - element.clientHeight < STICK_THRESHOLD_PX;
    if (atBottom !== isAtBottomRef.current) {
      isAtBottomRef.current = atBottom;
      setIsAtBottom(atBottom);
      // Leaving the bottom freezes the window, so new messages never shift what is read.
      if (!atBottom) {
        setStartId(firstVisibleId);
        setSeenUpToId(lastId);
      } else if (visible.length > WINDOW_SIZE + WINDOW_STEP) {
        setStartId(undefined);
      }
    }
    if (element.scrollTop < LOAD_THRESHOLD_PX) revealOlder();
  };

  const revealOlder = () => {
    if (startIndex > 0) {
      setStartId(messages[Math.max(0, startIndex - WINDOW_STEP)]?.id);
    } else if (props.hasOlder && !props.isLoadingOlder) {
      setStartId(firstVisibleId);
      onLoadOlder();
    }
  };

  // Brings a message into view: widens the window to it, loading history first if needed.
  const reveal = useCallback((id: number) => {
    scrollTarget.current = id;
    isAtBottomRef.current = false;
    setIsAtBottom(false);
    setStartId((current) => (current === undefined || id < current ? id : current));
    setHighlightedId(id);
  }, []);
  const jumpTo = useCallback(
    (id: number) =>
      onLoadUntil(id).then((isHeld) => {
        if (isHeld) reveal(id);
      }),
    [onLoadUntil, reveal],
  );
  const rowActions = useMemo<MessageActions>(
    () => ({ ...props.actions, onJumpTo: (id) => void jumpTo(id) }),
    [props.actions, jumpTo],
  );
  const { focusId, onFocused } = props;
  useEffect(() => {
    if (focusId === undefined) return;
    onFocused();
    void jumpTo(focusId);
  }, [focusId, onFocused, jumpTo]);

  const jumpToBottom = useCallback(() => {
    const element = scroller.current;
    isAtBottomRef.current = true;
    setIsAtBottom(true);
    setStartId(undefined);
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, []);

  const newBelow = isAtBottom ? 0 : countNewBelow(messages, seenUpToId, currentUser);
  const divider = dividerBeforeId(messages, props.dividerAfterId, currentUser);

  const isEmpty = messages.length === 0 && pending.length === 0;
  const now = new Date();
  return (
    <div className={styles.listPane}>
      <div className={styles.scroller} ref={scroller} onScroll={onScroll}>
        {(props.hasOlder || startIndex > 0) && (
          <button
            type="button"
            className={styles.loadOlder}
            onClick={revealOlder}
            disabled={props.isLoadingOlder}
          >
            {props.isLoadingOlder ? 'Loading…' : 'Load older messages'}
          </button>
        )}
        <ol aria-label="Messages" className={styles.list}>
          {visible.map((message, index) => {
            const previous = messages[startIndex + index - 1];
            const { day, isContinuation } = rowLayout(message, previous, divider, now);
            return (
              <Fragment key={message.id}>
                {message.id === divider && (
                  <li role="separator" className={styles.divider}>
                    <span>New messages</span>
                  </li>
                )}
                <MessageItem
                  message={message}
                  reader={currentUser}
                  actions={rowActions}
                  isHighlighted={message.id === highlightedId}
                  isContinuation={isContinuation}
                  day={day}
                  editRequest={
                    props.editRequest?.id === message.id ? props.editRequest.nonce : undefined
                  }
                />
              </Fragment>
            );
          })}
          {pending.map((entry) => (
            <PendingItem
              key={entry.clientId}
              entry={entry}
              onRetry={props.onRetry}
              onDiscard={props.onDiscard}
            />
          ))}
        </ol>
        {isEmpty && <p className={styles.empty}>No messages yet. Say hello!</p>}
      </div>
      {newBelow > 0 && (
        <button type="button" className={styles.jump} onClick={jumpToBottom}>
          {newBelow} new {newBelow === 1 ? 'message' : 'messages'} ↓
        </button>
      )}
    </div>
  );
}
