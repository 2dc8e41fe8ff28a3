'use client';

import { useLayoutEffect, useRef } from 'react';
import type { OutboxEntry } from '@/lib/client/outbox';
import type { Message } from '@/lib/protocol';
import { MessageItem, PendingItem } from './message-item';
import styles from './chat.module.css';

interface MessageListProps {
  messages: Message[];
  pending: OutboxEntry[];
  currentUser: string;
  hasOlder: boolean;
  isLoadingOlder: boolean;
  onLoadOlder: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

// Within this many pixels of the end counts as "at the bottom".
const STICK_THRESHOLD_PX = 48;

/** The room's messages, oldest first, followed by the user's unacknowledged ones. */
export function MessageList(props: MessageListProps) {
  const { messages, pending, currentUser } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const isAtBottom = useRef(true);
  const previousHeight = useRef(0);
  const previousFirstId = useRef<number | undefined>(undefined);

  // Follow new messages only when the reader is already at the bottom; when older ones are
  // prepended, keep what the reader was looking at in place.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const firstId = messages[0]?.id;
    const prepended =
      previousFirstId.current !== undefined &&
      firstId !== undefined &&
      firstId < previousFirstId.current;
    if (prepended) element.scrollTop += element.scrollHeight - previousHeight.current;
    else if (isAtBottom.current) element.scrollTop = element.scrollHeight;
    previousHeight.current = element.scrollHeight;
    previousFirstId.current = firstId;
  }, [messages, pending]);

  const onScroll = () => {
    const element = scroller.current;
    if (element === null) return;
    isAtBottom.current =
      element.scrollHeight - element.scrollTop - element.clientHeight < STICK_THRESHOLD_PX;
  };

  const isEmpty = messages.length === 0 && pending.length === 0;
  return (
    <div className={styles.scroller} ref={scroller} onScroll={onScroll}>
      {props.hasOlder && (
        <button
          type="button"
          className={styles.loadOlder}
          onClick={props.onLoadOlder}
          disabled={props.isLoadingOlder}
        >
          {props.isLoadingOlder ? 'Loading…' : 'Load older messages'}
        </button>
      )}
      <ol role="log" aria-label="Messages" aria-live="polite" className={styles.list}>
        {messages.map((message) => (
          <MessageItem key={message.id} message={message} isOwn={message.user === currentUser} />
        ))}
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
  );
}
