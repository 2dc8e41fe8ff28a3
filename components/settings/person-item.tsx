import { useId, useState } from 'react';
import { changePerson, recoveryLink } from '@/lib/client/admin-api';
import type { AdminUser } from '@/lib/protocol-account-replies';
import { ErrorMessage } from '../chat/error-message';
import { CopyField } from './copy-field';
import { useAction } from './use-action';
import styles from './settings.module.css';

interface PersonItemProps {
  person: AdminUser;
  isSelf: boolean;
  onChanged: (person: AdminUser) => void;
}

/** One account in the admin's list: its role, whether it may sign in, and a recovery link. */
export function PersonItem({ person, isSelf, onChanged }: PersonItemProps) {
  const [recovery, setRecovery] = useState<string>();
  const { isBusy, error, run } = useAction();
  const id = useId();

  const change = async (update: Parameters<typeof changePerson>[1]) => {
    const changed = await run(() => changePerson(person.id, update));
    if (changed !== undefined) onChanged(changed.value);
  };

  const status = [
    person.role === 'admin' ? 'Admin' : 'Member',
    person.deactivated ? 'deactivated' : undefined,
    isSelf ? 'you' : undefined,
  ].filter((part) => part !== undefined);

  return (
    <li className={styles.person} aria-labelledby={`${id}-name`}>
      <span className={styles.itemText}>
        <strong id={`${id}-name`}>{person.name}</strong>
        <span className={styles.muted}>{status.join(', ')}</span>
      </span>
      <span className={styles.actions}>
        <label htmlFor={`${id}-role`} className={styles.visuallyHidden}>
          Role of {person.name}
        </label>
        <select
          id={`${id}-role`}
          className={styles.select}
          value={person.role}
          disabled={isBusy}
          onChange={(event) =>
            void change({ role: event.target.value === 'admin' ? 'admin' : 'member' })
          }
        >
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
        <button
          type="button"
          className={styles.quiet}
          disabled={isBusy}
          aria-label={`${person.deactivated ? 'Reactivate' : 'Deactivate'} ${person.name}`}
          onClick={() => void change({ deactivated: !person.deactivated })}
        >
          {person.deactivated ? 'Reactivate' : 'Deactivate'}
        </button>
        <button
          type="button"
          className={styles.quiet}
          disabled={isBusy}
          aria-label={`Recovery link for ${person.name}`}
          onClick={() =>
            void run(() => recoveryLink(person.id)).then(
              (link) => link && setRecovery(link.value.url),
            )
          }
        >
          Recovery link
        </button>
      </span>
      <ErrorMessage text={error} />
      {recovery !== undefined && (
        <CopyField
          label={`Recovery link for ${person.name} (works once, for 24 hours)`}
          value={recovery}
        />
      )}
    </li>
  );
}
