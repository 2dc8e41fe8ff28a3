'use client';

import { useId } from 'react';
import styles from './rooms.module.css';

interface NameFieldProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Names to suggest (the browser's own list under the field); those already in are left out. */
  suggestions: readonly string[];
  taken: ReadonlySet<string>;
  disabled?: boolean;
  describedBy?: string | undefined;
  autoFocus?: boolean;
}

/** A person's name, typed or picked from the people the user has seen. */
export function NameField(props: NameFieldProps) {
  const listId = useId();
  return (
    <>
      <input
        id={props.id}
        className={styles.field}
        list={listId}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        placeholder="Their name"
        autoComplete="off"
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        data-autofocus={props.autoFocus || undefined}
      />
      <datalist id={listId}>
        {props.suggestions
          .filter((person) => !props.taken.has(person))
          .map((person) => (
            <option key={person} value={person} />
          ))}
      </datalist>
    </>
  );
}
