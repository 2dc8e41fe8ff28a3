'use client';

import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OutboxEntry } from '@/lib/client/outbox';
import type { Message } from '@/lib/protocol';
import type { MessageActions } from './message-actions';
import { MessageItem, PendingItem, preloadAttachments } from './message-item';
import { countNewBelow, dividerBeforeId, rowLayout } from '@/lib/client/message-rows';
import { useMessageWindow } from '@/lib/hooks/use-message-window';
import { useScrollAnchor } from '@/lib/hooks/use-scroll-anchor';
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
  /** Takes one file out of an unsent message. */
  onCancelFile: (clientId: string, key: string) => void;
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
interface ScrollMemory {
  scrollTop: number;
  isAtBottom: boolean;
  startId: number | undefined;
}

/** Where the reader was in each room this tab visited, so coming back returns there. */
const scrollMemory = new Map<string, ScrollMemory>();

/**
 * The room's messages, oldest first, followed by the user's unacknowledged ones. Renders a
 * window of them (useMessageWindow), keeps the reader's place (useScrollAnchor), and counts new
 * messages below in a button while the reader is scrolled up.
 */
export function MessageList(props: MessageListProps) {
  const { room, messages, pending, currentUser, onLoadOlder, onReadingChange, onLoadUntil } = props;
  const remembered = scrollMemory.get(room);
  const isAtBottomRef = useRef(remembered?.isAtBottom ?? true);
  const [isAtBottom, setIsAtBottom] = useState(remembered?.isAtBottom ?? true);
  const messageWindow = useMessageWindow(messages, remembered?.startId);
  const { startIndex, visible } = messageWindow;
  // The newest message the reader saw at the bottom, before scrolling up.
  const [seenUpToId, setSeenUpToId] = useState<number | undefined>(undefined);
  const [highlightedId, setHighlightedId] = useState<number | undefined>(undefined);
  const firstVisibleId = visible[0]?.id;
  const lastId = messages.at(-1)?.id;
  const { scroller, scrollToRow, scrollToBottom } = useScrollAnchor({
    firstVisibleId,
    pendingCount: pending.length,
    isAtBottom: isAtBottomRef,
    restoreTop:
      remembered !== undefined && !remembered.isAtBottom ? remembered.scrollTop : undefined,
  });

  useEffect(preloadAttachments, []);
  // Remember the position for when the reader comes back to this room.
  const startIdRef = useRef(messageWindow.startId);
  useEffect(() => {
    startIdRef.current = messageWindow.startId;
  }, [messageWindow.startId]);
  useEffect(
    () => () => {
      const element = scroller.current;
      scrollMemory.set(room, {
        scrollTop: element?.scrollTop ?? 0,
        isAtBottom: isAtBottomRef.current,
        startId: isAtBottomRef.current ? undefined : startIdRef.current,
      });
    },
    [room, scroller],
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
        messageWindow.startAt(firstVisibleId);
        setSeenUpToId(lastId);
      } else if (messageWindow.isOversized) {
        messageWindow.startAt(undefined);
      }
    }
    if (element.scrollTop < LOAD_THRESHOLD_PX) revealOlder();
  };

  const revealOlder = () => {
    if (!messageWindow.grow() && props.hasOlder && !props.isLoadingOlder) {
      messageWindow.startAt(firstVisibleId);
      onLoadOlder();
    }
  };

  // Brings a message into view: widens the window to it, loading history first if needed.
  const { startAt } = messageWindow;
  const reveal = useCallback(
    (id: number) => {
      scrollToRow(id);
      isAtBottomRef.current = false;
      setIsAtBottom(false);
      startAt((current) => (current === undefined || id < current ? id : current));
      setHighlightedId(id);
    },
    [scrollToRow, startAt],
  );
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
    isAtBottomRef.current = true;
    setIsAtBottom(true);
    startAt(undefined);
    scrollToBottom();
  }, [startAt, scrollToBottom]);

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
              onCancelFile={props.onCancelFile}
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
