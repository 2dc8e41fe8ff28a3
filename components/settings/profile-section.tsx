import { useId, useState } from 'react';
import { rename } from '@/lib/client/settings-api';
import { ErrorMessage } from '../chat/error-message';
import { useAction } from './use-action';
import styles from './settings.module.css';

/** The display name; a rename shows live on every message the account ever sent. */
export function ProfileSection({ name }: { name: string }) {
  const [value, setValue] = useState(name);
  const { isBusy, error, done, run } = useAction();
  const id = useId();
  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Profile
      </h3>
      <form
        className={styles.row}
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => rename(value.trim()), 'Name changed.');
        }}
      >
        <label htmlFor={id} className={styles.label}>
          Display name
        </label>
        <input
          id={id}
          className={styles.field}
          value={value}
          maxLength={64}
          required
          autoComplete="username"
          aria-invalid={error !== undefined || undefined}
          aria-describedby={error === undefined ? undefined : `${id}-error`}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className={styles.primary} disabled={isBusy}>
          Save name
        </button>
      </form>
      <ErrorMessage id={`${id}-error`} text={error} />
      {done !== undefined && <p role="status">{done}</p>}
    </section>
  );
}
