'use client';

import { lazy, memo, Suspense, useState } from 'react';
import type { OutboxEntry } from '@/lib/client/outbox';
import { mentionsName, type Message } from '@/lib/protocol';
import { Avatar } from './avatar';
import type { MessageActions, ToolMode } from './message-actions';
import { MessageText } from './message-text';
import { RelativeTime } from './relative-time';
import controls from './controls.module.css';
import styles from './message-item.module.css';
import { ActionsBox, FailureBox } from './message-toolbar';
import { ErrorMessage } from './error-message';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

// The tools under each message (menus, the editor) load just after the list first renders:
// reading needs none of them, and the page's first load stays small.
const MessageTools = lazy(() =>
  import('./message-tools').then((module) => ({ default: module.MessageTools })),
);

// Files load their view with the first message that has some; the list fetches it ahead
// (preloadAttachments), so it is there before such a message renders.
const loadAttachments = () => import('../files/message-attachments');
const MessageAttachments = lazy(() =>
  loadAttachments().then((module) => ({ default: module.MessageAttachments })),
);
const PendingFiles = lazy(() =>
  loadAttachments().then((module) => ({ default: module.PendingFiles })),
);
/** Starts loading how files show, after the page's first paint. */
export const preloadAttachments = () => void loadAttachments();

// A refused message is rare: what to say about it loads when one happens.
const SendFailure = lazy(() =>
  import('./message-tools').then((module) => ({ default: module.SendFailure })),
);

interface MessageItemProps {
  message: Message;
  /** The signed-in user: their own messages and mentions of them look different. */
  reader: string;
  actions: MessageActions;
  isHighlighted: boolean;
  /** Same author, same minute as the message before: no name, time or avatar again. */
  isContinuation: boolean;
  /** The first message of a day carries the day's heading ("Today", "Monday 23 November"). */
  day: string | undefined;
  /** Changes each time the reader asks to edit this message (Up arrow in an empty composer). */
  editRequest: number | undefined;
}

/**
 * A stored message: author, time, the text (Markdown rendered as elements, never HTML), its
 * reply quote, reactions, and the actions on it. Memoized: merging keeps each stored message's
 * object, so a new message renders one row.
 */
export const MessageItem = memo(function MessageItem({
  message,
  reader,
  actions,
  isHighlighted,
  isContinuation,
  day,
  editRequest,
}: MessageItemProps) {
  const [mode, setMode] = useState<ToolMode>('view');
  // A new request to edit opens the editor, once per request.
  const [handledRequest, setHandledRequest] = useState(editRequest);
  if (editRequest !== handledRequest) {
    setHandledRequest(editRequest);
    if (editRequest !== undefined) setMode('edit');
  }
  const [error, setError] = useState<string | undefined>(undefined);
  const at = new Date(message.createdAt);
  const isOwn = message.user === reader;
  const mentionsReader = !isOwn && mentionsName(message.message, reader);
  const { replyTo } = message;

  return (
    <li
      className={styles.message}
      data-own={isOwn || undefined}
      data-bot={message.bot}
      data-mentions-me={mentionsReader || undefined}
      data-highlighted={isHighlighted || undefined}
      data-message-id={message.id}
      data-continuation={isContinuation || undefined}
    >
      {day !== undefined && <h2 className={styles.day}>{day}</h2>}
      {isContinuation ? (
        // Still named for screen readers, which read each message on its own.
        <span className={controls.visuallyHidden}>
          {message.user}, {timeFormat.format(at)}
        </span>
      ) : (
        <div className={styles.meta}>
          <Avatar name={message.user} className={styles.avatar} />
          <span className={styles.author}>{message.user}</span>
          <time dateTime={message.createdAt} title={fullFormat.format(at)} className={styles.time}>
            <RelativeTime at={at} />
            {/* The exact time shows while the message is hovered or holds the focus. */}
            <span className={styles.exactTime}> · {fullFormat.format(at)}</span>
          </time>
          {message.editedAt !== undefined && <span className={styles.edited}>(edited)</span>}
        </div>
      )}
      {replyTo !== undefined && (
        <button
          type="button"
          className={styles.quote}
          onClick={() => actions.onJumpTo(replyTo.id)}
          aria-label={
            replyTo.deleted
              ? 'Reply to a deleted message'
              : `Reply to ${replyTo.user}: ${replyTo.message}. Show it`
          }
        >
          {replyTo.deleted ? (
            <em>message deleted</em>
          ) : (
            <>
              <span className={styles.author}>{replyTo.user}</span> {replyTo.message}
            </>
          )}
        </button>
      )}
      {mode !== 'edit' && (
        <div>
          <MessageText text={message.message} reader={reader} />
          {isContinuation && message.editedAt !== undefined && (
            <span className={styles.edited}>(edited)</span>
          )}
        </div>
      )}
      {message.attachments.length > 0 && (
        <Suspense fallback={null}>
          <MessageAttachments attachments={message.attachments} />
        </Suspense>
      )}
      {message.reactions.length > 0 && (
        <div className={styles.reactions}>
          {message.reactions.map(({ emoji, users }) => {
            const isMine = users.includes(reader);
            return (
              <button
                key={emoji}
                type="button"
                className={styles.reaction}
                aria-pressed={isMine}
                aria-label={`${emoji} ${users.length}: ${users.join(', ')}`}
                title={users.join(', ')}
                onClick={() => actions.onReact(message.id, emoji, !isMine)}
              >
                {emoji} {users.length}
              </button>
            );
          })}
        </div>
      )}
      {/* The placeholder holds the toolbar's place, so nothing shifts when the tools arrive. */}
      <Suspense fallback={<ActionsBox />}>
        <MessageTools
          message={message}
          isOwn={isOwn}
          mode={mode}
          setMode={setMode}
          actions={actions}
          onError={setError}
        />
      </Suspense>
      <ErrorMessage text={error} />
    </li>
  );
});

interface PendingItemProps {
  entry: OutboxEntry;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  onCancelFile: (clientId: string, key: string) => void;
}

/** A message the server has not acknowledged: sending, or failed with retry and discard. */
export function PendingItem({ entry, onRetry, onDiscard, onCancelFile }: PendingItemProps) {
  const failed = entry.failure !== undefined;
  return (
    <li className={styles.message} data-own data-pending={failed ? 'failed' : 'sending'}>
      <div className={styles.meta}>
        <Avatar name={entry.user} className={styles.avatar} />
        <span className={styles.author}>{entry.user}</span>
        <span className={styles.pendingState}>{failed ? 'Failed' : 'Sending…'}</span>
      </div>
      <p className={styles.pendingText}>{entry.message}</p>
      {entry.files !== undefined && (
        <Suspense fallback={null}>
          <PendingFiles files={entry.files} onCancel={(key) => onCancelFile(entry.clientId, key)} />
        </Suspense>
      )}
      {entry.failure !== undefined && (
        <Suspense fallback={<FailureBox />}>
          <SendFailure
            failure={entry.failure}
            onRetry={() => onRetry(entry.clientId)}
            onDiscard={() => onDiscard(entry.clientId)}
          />
        </Suspense>
      )}
    </li>
  );
}
