import { memo } from 'react';
import type { OutboxEntry } from '@/lib/client/outbox';
import { mentionsName, type Message } from '@/lib/protocol';
import { MessageText } from './message-text';
import { describeSendFailure } from './error-text';
import styles from './chat.module.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/**
 * A stored message: author, time, and the text exactly as written (React escapes it).
 * Memoized: merging keeps each stored message's object, so a new message renders one row.
 */
export const MessageItem = memo(function MessageItem({
  message,
  reader,
}: {
  message: Message;
  /** The signed-in user: their own messages and mentions of them look different. */
  reader: string;
}) {
  const at = new Date(message.createdAt);
  const isOwn = message.user === reader;
  const mentionsReader = !isOwn && mentionsName(message.message, reader);
  return (
    <li
      className={styles.message}
      data-own={isOwn || undefined}
      data-mentions-me={mentionsReader || undefined}
      data-message-id={message.id}
    >
      <div className={styles.meta}>
        <span className={styles.author}>{message.user}</span>
        <time dateTime={message.createdAt} title={fullFormat.format(at)} className={styles.time}>
          {timeFormat.format(at)}
        </time>
      </div>
      <p className={styles.text}>
        <MessageText text={message.message} reader={reader} />
      </p>
    </li>
  );
});

interface PendingItemProps {
  entry: OutboxEntry;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

/** A message the server has not acknowledged: sending, or failed with retry and discard. */
export function PendingItem({ entry, onRetry, onDiscard }: PendingItemProps) {
  const failed = entry.failure !== undefined;
  return (
    <li className={styles.message} data-own data-pending={failed ? 'failed' : 'sending'}>
      <div className={styles.meta}>
        <span className={styles.author}>{entry.user}</span>
        <span className={styles.pendingState}>{failed ? 'Failed' : 'Sending…'}</span>
      </div>
      <p className={styles.text}>{entry.message}</p>
      {entry.failure !== undefined && (
        <div className={styles.failure}>
          <span>{describeSendFailure(entry.failure)}</span>
          <button type="button" onClick={() => onRetry(entry.clientId)}>
            Retry
          </button>
          <button type="button" onClick={() => onDiscard(entry.clientId)}>
            Discard
          </button>
        </div>
      )}
    </li>
  );
}
