'use client';

import { useId, useState, type SubmitEvent } from 'react';
import type { RoomRequests } from '@/lib/client/room-requests';
import { MAX_DM_OTHERS, nameKey } from '@/lib/protocol';
import { ErrorMessage } from '../chat/error-message';
import { DialogShell } from './dialog-shell';
import { NameField } from './name-field';
import styles from './rooms.module.css';

interface GroupMessageDialogProps {
  requests: () => Promise<RoomRequests>;
  /** Names to suggest (people the user has seen), not the user's own. */
  people: readonly string[];
  onClose: () => void;
}

/** A conversation with up to 8 people: pick them by name (with suggestions), then start it. */
export default function GroupMessageDialog({ requests, people, onClose }: GroupMessageDialogProps) {
  const [picked, setPicked] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const nameId = useId();
  const errorId = useId();
  const isFull = picked.length >= MAX_DM_OTHERS;

  const add = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return;
    if (!picked.some((other) => nameKey(other) === nameKey(trimmed))) {
      setPicked([...picked, trimmed]);
    }
    setName('');
    setError(undefined);
  };
  const start = async () => {
    const problem = await (await requests()).openGroup(picked);
    setError(problem);
    if (problem === undefined) onClose();
  };
  return (
    <DialogShell title="New message" onClose={onClose}>
      <form className={styles.section} onSubmit={add}>
        <label htmlFor={nameId} className={styles.label}>
          Add people (up to {MAX_DM_OTHERS})
        </label>
        <div className={styles.row}>
          <NameField
            id={nameId}
            value={name}
            onChange={setName}
            suggestions={people}
            taken={new Set(picked)}
            disabled={isFull}
            describedBy={error === undefined ? undefined : errorId}
            autoFocus
          />
          <button type="submit" className={styles.quiet} disabled={isFull}>
            Add
          </button>
        </div>
        {picked.length > 0 && (
          <ul className={styles.picked} aria-label="People in this conversation">
            {picked.map((person) => (
              <li key={person}>
                <button
                  type="button"
                  className={styles.quiet}
                  aria-label={`Remove ${person}`}
                  onClick={() => setPicked(picked.filter((other) => other !== person))}
                >
                  {person} ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <ErrorMessage text={error} id={errorId} />
        <button
          type="button"
          className={styles.primary}
          disabled={picked.length === 0}
          onClick={() => void start()}
        >
          Start conversation
        </button>
      </form>
    </DialogShell>
  );
}
