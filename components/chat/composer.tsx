'use client';

import {
  lazy,
  Suspense,
  useEffect,
  useId,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
  type SubmitEvent,
} from 'react';
import { MAX_MESSAGE_LENGTH, textLength, type Message } from '@/lib/protocol';
import { readItem, writeItem } from '@/lib/client/browser-storage';
import controls from './controls.module.css';
import styles from './composer.module.css';
import type { MentionKeyHandler } from './mention-suggestions';
import { ErrorMessage } from './error-message';

// `@` suggestions load once the text first has an `@`: most messages never do.
const MentionSuggestions = lazy(() =>
  import('./mention-suggestions').then((module) => ({ default: module.MentionSuggestions })),
);

// The chosen files, with a way to take each back out: loaded once a file is chosen.
const AttachmentChips = lazy(() =>
  import('../files/message-attachments').then((module) => ({ default: module.AttachmentChips })),
);

// The counter appears once a message gets this close to the limit.
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 200;

/**
 * The message box: Enter sends, Shift+Enter starts a new line. What is typed is saved as it is
 * typed, per person and room, so a reload or a closed tab loses none of it. Typing `@` suggests
 * names (a textbox with a list of options: Up and Down choose, Enter or Tab insert, Escape
 * dismisses), the pattern screen readers know from search boxes.
 */
export function Composer({
  draftKey,
  onSend,
  onEditLast,
  onTyping,
  replyingTo,
  onCancelReply,
  people,
  files,
  onFilesChange,
}: {
  /** Where this room's unsent text is kept in the browser. */
  draftKey: string;
  /** Sends the text (and `files`); resolves with what is wrong, or undefined once queued. */
  onSend: (text: string) => string | undefined | Promise<string | undefined>;
  /** Up arrow in the empty box: edit the reader's last message; false when there is none. */
  onEditLast: () => boolean;
  /** Called as the text changes: whether there is any (typing) or not (stopped). */
  onTyping: (hasText: boolean) => void;
  /** The message the next one answers, shown above the box until sent or cancelled. */
  replyingTo: Message | undefined;
  onCancelReply: () => void;
  /** Names `@` suggests, likeliest first; never the reader's own. */
  people: readonly string[];
  /** Files to send with the next message (chosen, pasted or dropped on the room). */
  files: readonly File[];
  onFilesChange: (files: readonly File[]) => void;
}) {
  const [text, setText] = useState(() => readItem(draftKey) ?? '');
  useEffect(() => writeItem(draftKey, text === '' ? undefined : text), [draftKey, text]);
  const [error, setError] = useState<string | undefined>(undefined);
  const inputId = useId();
  const errorId = useId();
  const length = textLength(text);
  const input = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const mentionKeys = useRef<MentionKeyHandler>(undefined);
  const [mentionSummary, setMentionSummary] = useState('');
  // Choosing "Reply" puts the cursor where the answer goes.
  useEffect(() => {
    if (replyingTo !== undefined) input.current?.focus();
  }, [replyingTo]);

  const picker = useRef<HTMLInputElement>(null);

  const submit = async () => {
    if (text.trim() === '' && files.length === 0) return;
    const problem = await onSend(text);
    setError(problem);
    if (problem === undefined) setText('');
  };

  // A screenshot pasted into the box is attached; pasted text stays text.
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = [...event.clipboardData.files];
    if (pasted.length === 0) return;
    event.preventDefault();
    onFilesChange([...files, ...pasted]);
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mentionKeys.current?.(event) === true) return;
    const isPlainArrowUp =
      event.key === 'ArrowUp' && !event.shiftKey && !event.altKey && !event.metaKey;
    if (isPlainArrowUp && !event.ctrlKey && text === '' && onEditLast()) {
      event.preventDefault();
      return;
    }
    // While an input method is composing (Japanese, Chinese…), Enter confirms the composition.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className={styles.composer} onSubmit={onSubmit}>
      {replyingTo !== undefined && (
        <div className={styles.replying}>
          <span>
            Replying to <strong>{replyingTo.user}</strong>: {replyingTo.message.slice(0, 80)}
          </span>
          <button type="button" className={controls.quiet} onClick={onCancelReply}>
            Cancel reply
          </button>
        </div>
      )}
      {files.length > 0 && (
        <Suspense fallback={null}>
          <AttachmentChips files={files} onChange={onFilesChange} />
        </Suspense>
      )}
      <label htmlFor={inputId} className={controls.visuallyHidden}>
        Message
      </label>
      {text.includes('@') && (
        <Suspense fallback={null}>
          <MentionSuggestions
            input={input}
            text={text}
            caret={caret}
            onPick={(next, at) => {
              setText(next);
              setCaret(at);
              onTyping(true);
            }}
            people={people}
            keysRef={mentionKeys}
            onSummary={setMentionSummary}
          />
        </Suspense>
      )}
      <p aria-live="polite" className={controls.visuallyHidden}>
        {mentionSummary}
      </p>
      <textarea
        ref={input}
        id={inputId}
        className={styles.input}
        value={text}
        rows={1}
        placeholder="Write a message…"
        aria-describedby={error === undefined ? undefined : errorId}
        aria-autocomplete="list"
        onChange={(event) => {
          setText(event.target.value);
          setCaret(event.target.selectionStart);
          onTyping(event.target.value.trim() !== '');
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onBlur={() => onTyping(false)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
      />
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        onChange={(event) => {
          onFilesChange([...files, ...(event.target.files ?? [])]);
          event.target.value = '';
        }}
      />
      <button type="button" className={styles.attach} onClick={() => picker.current?.click()}>
        Attach
      </button>
      {length >= COUNTER_FROM && (
        <span className={styles.counter} data-over={length > MAX_MESSAGE_LENGTH || undefined}>
          {length}/{MAX_MESSAGE_LENGTH}
        </span>
      )}
      <button type="submit" className={styles.send}>
        Send
      </button>
      <ErrorMessage id={errorId} text={error} className={styles.error} />
    </form>
  );
}
