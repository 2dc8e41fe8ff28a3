import { useId, useState } from 'react';
import { changePassword } from '@/lib/client/settings-api';
import { ErrorMessage } from '../chat/error-message';
import { useAction } from './use-action';
import styles from './settings.module.css';

interface PasswordSectionProps {
  hasPassword: boolean;
  onChanged: () => void;
}

/** Sets a first password, or changes it (with the current one); other devices are signed out. */
export function PasswordSection({ hasPassword, onChanged }: PasswordSectionProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { isBusy, error, done, run } = useAction();
  const id = useId();
  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Password
      </h3>
      {!hasPassword && (
        <p className={styles.note}>
          This account has no password yet. Set one to sign in on other devices.
        </p>
      )}
      <form
        className={styles.stack}
        onSubmit={(event) => {
          event.preventDefault();
          void run(
            () => changePassword(next, hasPassword ? current : undefined),
            'Password saved. Your other devices were signed out.',
          ).then((result) => {
            if (result === undefined) return;
            setCurrent('');
            setNext('');
            onChanged();
          });
        }}
      >
        {hasPassword && (
          <>
            <label htmlFor={`${id}-current`} className={styles.label}>
              Current password
            </label>
            <input
              id={`${id}-current`}
              className={styles.field}
              type="password"
              value={current}
              required
              autoComplete="current-password"
              maxLength={1024}
              onChange={(event) => setCurrent(event.target.value)}
            />
          </>
        )}
        <label htmlFor={`${id}-new`} className={styles.label}>
          New password (8 characters or more)
        </label>
        <input
          id={`${id}-new`}
          className={styles.field}
          type="password"
          value={next}
          required
          minLength={8}
          maxLength={256}
          autoComplete="new-password"
          aria-invalid={error !== undefined || undefined}
          aria-describedby={error === undefined ? undefined : `${id}-error`}
          onChange={(event) => setNext(event.target.value)}
        />
        <ErrorMessage id={`${id}-error`} text={error} />
        <button type="submit" className={styles.primary} disabled={isBusy}>
          {hasPassword ? 'Change password' : 'Set password'}
        </button>
      </form>
      {done !== undefined && <p role="status">{done}</p>}
    </section>
  );
}
