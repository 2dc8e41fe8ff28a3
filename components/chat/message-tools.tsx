'use client';

import { useId, useState, type KeyboardEvent } from 'react';
import type { AckError, Message } from '@/lib/protocol';
import { describeSendFailure } from './error-text';
import type { MessageActions, ToolMode } from './message-actions';
import controls from './controls.module.css';
import styles from './message-tools.module.css';
import { ActionsBox, FailureBox } from './message-toolbar';
import { ErrorMessage } from './error-message';

/** The quick reactions offered under a message. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '👀'] as const;

interface MessageToolsProps {
  message: Message;
  isOwn: boolean;
  mode: ToolMode;
  setMode: (mode: ToolMode) => void;
  actions: MessageActions;
  onError: (error: string | undefined) => void;
}

/** A message's toolbar (reply, react, edit, delete) and what each opens. */
export function MessageTools({
  message,
  isOwn,
  mode,
  setMode,
  actions,
  onError,
}: MessageToolsProps) {
  const remove = async () => {
    const problem = await actions.onDelete(message.id);
    onError(problem);
    if (problem !== undefined) setMode('view');
  };
  if (mode === 'edit') {
    return (
      <EditForm
        initial={message.message}
        onCancel={() => setMode('view')}
        onSave={async (text) => {
          const problem = await actions.onEdit(message.id, text);
          if (problem === undefined) setMode('view');
          return problem;
        }}
      />
    );
  }
  return (
    <>
      {mode === 'confirm-delete' ? (
        <div className={styles.confirm} role="group" aria-label="Delete this message?">
          <span>Delete this message for everyone?</span>
          <button type="button" className={styles.danger} onClick={() => void remove()}>
            Delete
          </button>
          <button type="button" className={controls.quiet} onClick={() => setMode('view')}>
            Cancel
          </button>
        </div>
      ) : (
        <ActionsBox>
          <button type="button" className={controls.pill} onClick={() => actions.onReply(message)}>
            Reply
          </button>
          <button
            className={controls.pill}
            type="button"
            aria-expanded={mode === 'react'}
            onClick={() => setMode(mode === 'react' ? 'view' : 'react')}
          >
            Add reaction
          </button>
          {isOwn && (
            <>
              <button type="button" className={controls.pill} onClick={() => setMode('edit')}>
                Edit
              </button>
              <button
                type="button"
                className={controls.pill}
                onClick={() => setMode('confirm-delete')}
              >
                Delete
              </button>
            </>
          )}
        </ActionsBox>
      )}
      {mode === 'react' && (
        <div className={styles.palette} role="group" aria-label="Reactions">
          {QUICK_REACTIONS.map((emoji) => (
            <button
              className={controls.pill}
              key={emoji}
              type="button"
              aria-label={`React with ${emoji}`}
              onClick={() => {
                actions.onReact(message.id, emoji, true);
                setMode('view');
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

interface EditFormProps {
  initial: string;
  onSave: (text: string) => Promise<string | undefined>;
  onCancel: () => void;
}

/** Editing in place: Enter saves, Shift+Enter adds a line, Escape cancels. */
function EditForm({ initial, onSave, onCancel }: EditFormProps) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | undefined>(undefined);
  const inputId = useId();
  const save = async () => setError(await onSave(text));
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') onCancel();
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void save();
    }
  };
  return (
    <div className={styles.editForm}>
      <label htmlFor={inputId} className={controls.visuallyHidden}>
        Edit message
      </label>
      <textarea
        id={inputId}
        className={styles.editInput}
        value={text}
        // Editing starts where the person is looking.
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="button" className={styles.save} onClick={() => void save()}>
        Save
      </button>
      <button type="button" className={controls.quiet} onClick={onCancel}>
        Cancel
      </button>
      <ErrorMessage text={error} />
    </div>
  );
}

/** Why a message was refused for good, with retry and discard. */
export function SendFailure(props: {
  failure: AckError;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  return (
    <FailureBox>
      <span>{describeSendFailure(props.failure)}</span>
      <button type="button" onClick={props.onRetry}>
        Retry
      </button>
      <button type="button" onClick={props.onDiscard}>
        Discard
      </button>
    </FailureBox>
  );
}
