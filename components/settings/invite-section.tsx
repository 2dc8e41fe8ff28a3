import { useEffect, useId, useState } from 'react';
import { invite, registration } from '@/lib/client/admin-api';
import type { Invite, Registration } from '@/lib/protocol-account-replies';
import { ErrorMessage } from '../chat/error-message';
import { ChoiceFieldset } from './choice-fieldset';
import { CopyField } from './copy-field';
import { useAction } from './use-action';
import styles from './settings.module.css';

const MODES: { value: Registration; label: string }[] = [
  { value: 'invite', label: 'People with the invite link' },
  { value: 'open', label: 'Anyone who can reach this server' },
];

/** How new people get an account: the invite link (copy, replace) and the registration mode. */
export function InviteSection() {
  const [link, setLink] = useState<Invite>();
  const [mode, setMode] = useState<Registration>();
  const { isBusy, error, done, run } = useAction();
  const id = useId();

  useEffect(() => {
    void run(() => invite(false)).then((found) => found && setLink(found.value));
    void run(() => registration()).then((found) => found && setMode(found.value));
  }, [run]);

  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Invitations
      </h3>
      {link !== undefined && <CopyField label="Invite link" value={link.url} />}
      <button
        type="button"
        className={styles.quiet}
        disabled={isBusy}
        onClick={() =>
          void run(() => invite(true), 'New invite link made. The old one no longer works.').then(
            (made) => made && setLink(made.value),
          )
        }
      >
        Replace invite link
      </button>
      {mode !== undefined && (
        <ChoiceFieldset
          legend="Who can create an account"
          name={`${id}-mode`}
          options={MODES}
          value={mode}
          disabled={isBusy}
          onChoose={(value) =>
            void run(() => registration(value), 'Saved.').then(
              (saved) => saved && setMode(saved.value),
            )
          }
        />
      )}
      <ErrorMessage text={error} />
      {done !== undefined && <p role="status">{done}</p>}
    </section>
  );
}
