'use client';

import { useId, useState, type SubmitEvent } from 'react';
import { createSession, type SessionResult } from '@/lib/client/session-api';
import type { User } from '@/lib/protocol';
import styles from './name-prompt.module.css';
import { ErrorMessage } from './error-message';

interface NamePromptProps {
  /** Called once the name is claimed and the session exists. */
  onJoined: (user: User) => void;
  notice?: string;
}

/** What to tell a person whose name could not be claimed, in words they can act on. */
function joinFailureText(result: Extract<SessionResult, { ok: false }>): string {
  switch (result.code) {
    case 'name_taken':
      return 'Someone is already using that name. Try another one.';
    case 'bad_code':
      return 'That join code is not right. Ask whoever runs this Parley for it.';
    case 'rate_limited':
      return `Too many attempts. Try again in ${result.retryAfterS ?? 10} seconds.`;
    case 'unreachable':
      return 'The server cannot be reached. Check your connection and try again.';
    default:
      return result.message;
  }
}

/** The first screen: pick the name everyone will see. */
export function NamePrompt({ onJoined, notice }: NamePromptProps) {
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
    const result = await createSession(name, code);
    setIsBusy(false);
    if (result.ok) onJoined(result.user);
    else setError(joinFailureText(result));
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
        <ErrorMessage id={errorId} text={error} className={styles.promptError} />
        <button type="submit" className={styles.submit} disabled={isBusy}>
          Join
        </button>
      </form>
    </main>
  );
}
