'use client';

import { useId, useState, type KeyboardEvent, type SubmitEvent } from 'react';
import controls from './controls.module.css';
import styles from './inline-form.module.css';
import { ErrorMessage } from './error-message';

interface InlineFormProps {
  label: string;
  placeholder: string;
  /** The submit button's text; its accessible name is `buttonLabel`, the label by default. */
  buttonText?: string;
  buttonLabel?: string;
  initialValue?: string;
  /** Keep the text after a successful submit (a search to refine) instead of clearing it. */
  keepValue?: boolean;
  /** Resolves to why it failed, or undefined. */
  onSubmit: (value: string) => Promise<string | undefined>;
  /** Called after a successful submit (an editor closing itself). */
  onDone?: () => void;
  /** Adds a Cancel button, also on Escape. */
  onCancel?: () => void;
  /** For a form opened on request: the cursor belongs in it. */
  autoFocus?: boolean;
  /** Empty text is submitted too (clearing a value), not ignored. */
  allowEmpty?: boolean;
}

/** A one-field form that shows its error next to the field. */
export function InlineForm({
  label,
  placeholder,
  onSubmit,
  onDone,
  onCancel,
  buttonText = '+',
  buttonLabel = label,
  initialValue = '',
  keepValue = false,
  autoFocus = false,
  allowEmpty = false,
}: InlineFormProps) {
  const [value, setValue] = useState(initialValue);
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setIsBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (value.trim() === '' && !allowEmpty) return;
    setIsBusy(true);
    const problem = await onSubmit(value.trim());
    setIsBusy(false);
    setError(problem);
    if (problem !== undefined) return;
    if (!keepValue) setValue('');
    onDone?.();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Escape' || onCancel === undefined) return;
    // Only this form closes: the drawer also listens for Escape, on the window.
    event.stopPropagation();
    onCancel();
  };
  return (
    <form className={styles.inlineForm} onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId} className={controls.visuallyHidden}>
        {label}
      </label>
      <input
        id={inputId}
        className={styles.inlineField}
        value={value}
        placeholder={placeholder}
        aria-describedby={error === undefined ? undefined : errorId}
        aria-invalid={error !== undefined || undefined}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
        autoFocus={autoFocus}
      />
      <button type="submit" className={controls.quiet} disabled={isBusy} aria-label={buttonLabel}>
        {buttonText}
      </button>
      {onCancel !== undefined && (
        <button type="button" className={controls.quiet} onClick={onCancel}>
          Cancel
        </button>
      )}
      <ErrorMessage id={errorId} text={error} />
    </form>
  );
}
