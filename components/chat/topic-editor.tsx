'use client';

import { useId, useState, type KeyboardEvent, type SubmitEvent } from 'react';
import styles from './chat.module.css';

/**
 * The room topic's edit form, loaded when someone first edits a topic. Enter saves, Escape
 * cancels; an empty topic clears it. The error stays next to the field until the next try.
 */
export function TopicEditor({
  topic,
  onSave,
  onDone,
}: {
  topic: string;
  /** Resolves to why it failed, or undefined. */
  onSave: (topic: string) => Promise<string | undefined>;
  onDone: () => void;
}) {
  const [value, setValue] = useState(topic);
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setIsBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setIsBusy(true);
    const problem = await onSave(value);
    setIsBusy(false);
    setError(problem);
    if (problem === undefined) onDone();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Escape') return;
    // Only the editor closes: the drawer and dialogs listen for Escape on the window too.
    event.stopPropagation();
    onDone();
  };
  return (
    <form className={styles.topicForm} onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId} className={styles.visuallyHidden}>
        Topic
      </label>
      <input
        id={inputId}
        className={styles.inlineField}
        value={value}
        placeholder="What is this room about?"
        aria-describedby={error === undefined ? undefined : errorId}
        aria-invalid={error !== undefined || undefined}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
        // The editor opens on request: the cursor belongs in it.
        autoFocus
      />
      <button type="submit" className={styles.quiet} disabled={isBusy}>
        Save topic
      </button>
      <button type="button" className={styles.quiet} onClick={onDone}>
        Cancel
      </button>
      {error !== undefined && (
        <p id={errorId} role="alert" className={styles.inlineError}>
          {error}
        </p>
      )}
    </form>
  );
}
