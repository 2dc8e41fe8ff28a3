'use client';

import { useId, useState, type SubmitEvent } from 'react';
import styles from './chat.module.css';

interface NamePromptProps {
  /** Claims the name; resolves to a message saying why it failed, or undefined. */
  onJoin: (name: string, code: string) => Promise<string | undefined>;
  notice?: string;
}

/** The first screen: pick the name everyone will see. */
export function NamePrompt({ onJoin, notice }: NamePromptProps) {
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setIsBusy] = useState(false);
  const nameId = useId();
  const codeId = useId();
  const errorId = useId();

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setIsBusy(true);
    setError(await onJoin(name, code));
    setIsBusy(false);
  };

  return (
    <main className={styles.prompt}>
      <form className={styles.promptCard} onSubmit={(event) => void onSubmit(event)}>
        <h1 className={styles.promptTitle}>Parley</h1>
        <p className={styles.promptIntro}>
          A chat for your team. Pick a name and you are in: messages arrive the moment they are
          sent.
        </p>
        {notice !== undefined && <p className={styles.promptNotice}>{notice}</p>}
        <label htmlFor={nameId} className={styles.fieldLabel}>
          Display name
        </label>
        <input
          id={nameId}
          className={styles.field}
          value={name}
          autoComplete="nickname"
          maxLength={64}
          required
          aria-invalid={error !== undefined || undefined}
          aria-describedby={error === undefined ? undefined : errorId}
          onChange={(event) => setName(event.target.value)}
        />
        <label htmlFor={codeId} className={styles.fieldLabel}>
          Join code <span className={styles.optional}>(if your team set one)</span>
        </label>
        <input
          id={codeId}
          className={styles.field}
          value={code}
          autoComplete="off"
          onChange={(event) => setCode(event.target.value)}
        />
        {error !== undefined && (
          <p id={errorId} role="alert" className={styles.promptError}>
            {error}
          </p>
        )}
        <button type="submit" className={styles.primary} disabled={isBusy}>
          Join
        </button>
      </form>
    </main>
  );
}
