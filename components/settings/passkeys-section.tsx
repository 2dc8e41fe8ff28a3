import { useId, useState } from 'react';
import { removePasskey } from '@/lib/client/settings-api';
import type { PasskeyInfo } from '@/lib/protocol-account-replies';
import { ErrorMessage } from '../chat/error-message';
import { useAction } from './use-action';
import styles from './settings.module.css';

interface PasskeysSectionProps {
  passkeys: PasskeyInfo[];
  onChanged: () => void;
}

const dateText = (iso: string) => new Date(iso).toLocaleDateString();

/** The account's passkeys: add one from this device, or remove one that is lost. */
export function PasskeysSection({ passkeys, onChanged }: PasskeysSectionProps) {
  const [name, setName] = useState('');
  const { isBusy, error, done, run } = useAction();
  const id = useId();
  const canUsePasskeys = typeof window !== 'undefined' && 'PublicKeyCredential' in window;

  const add = async () => {
    const { addPasskey } = await import('@/lib/client/passkey-client');
    const added = await run(() => addPasskey(name.trim()), 'Passkey added.');
    if (added === undefined) return;
    setName('');
    onChanged();
  };

  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Passkeys
      </h3>
      {passkeys.length === 0 ? (
        <p className={styles.note}>No passkeys yet. A passkey signs you in without a password.</p>
      ) : (
        <ul className={styles.list} aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className={styles.item}>
              <span className={styles.itemText}>
                <strong>{passkey.name}</strong>
                <span className={styles.muted}>
                  Added {dateText(passkey.createdAt)}
                  {passkey.lastUsedAt !== undefined &&
                    `, last used ${dateText(passkey.lastUsedAt)}`}
                </span>
              </span>
              <button
                type="button"
                className={styles.quiet}
                disabled={isBusy}
                aria-label={`Remove passkey ${passkey.name}`}
                onClick={() =>
                  void run(() => removePasskey(passkey.id), 'Passkey removed.').then(
                    (removed) => removed && onChanged(),
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {canUsePasskeys ? (
        <form
          className={styles.row}
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <label htmlFor={id} className={styles.label}>
            Passkey name <span className={styles.muted}>(optional)</span>
          </label>
          <input
            id={id}
            className={styles.field}
            value={name}
            maxLength={64}
            placeholder="This laptop"
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className={styles.primary} disabled={isBusy}>
            Add a passkey
          </button>
        </form>
      ) : (
        <p className={styles.note}>This browser cannot make passkeys.</p>
      )}
      <ErrorMessage text={error} />
      {done !== undefined && <p role="status">{done}</p>}
    </section>
  );
}
