'use client';

import { useId, useState, type SubmitEvent } from 'react';
import type { RoomRequests } from '@/lib/client/room-requests';
import { ErrorMessage } from '../chat/error-message';
import { DialogShell } from './dialog-shell';
import styles from './rooms.module.css';

interface NewChannelDialogProps {
  requests: () => Promise<RoomRequests>;
  onClose: () => void;
}

/** A new channel: its name, whether it is private (only people added can see it), a topic. */
export default function NewChannelDialog({ requests, onClose }: NewChannelDialogProps) {
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);
  const nameId = useId();
  const topicId = useId();
  const errorId = useId();
  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => {
      const value = form.get(key);
      return typeof value === 'string' ? value : '';
    };
    setBusy(true);
    const problem = await (
      await requests()
    ).createChannel(text('name').trim(), {
      isPrivate: form.get('private') === 'on',
      topic: text('topic'),
    });
    setBusy(false);
    setError(problem);
    if (problem === undefined) onClose();
  };
  return (
    <DialogShell title="New channel" onClose={onClose}>
      <form className={styles.section} onSubmit={(event) => void submit(event)}>
        <div className={styles.stack}>
          <label htmlFor={nameId} className={styles.label}>
            Name
          </label>
          <input
            id={nameId}
            name="name"
            className={styles.field}
            placeholder="channel-name"
            data-autofocus
            autoComplete="off"
            required
            aria-invalid={error !== undefined || undefined}
            aria-describedby={error === undefined ? undefined : errorId}
          />
        </div>
        <div className={styles.stack}>
          <label htmlFor={topicId} className={styles.label}>
            Topic (optional)
          </label>
          <input id={topicId} name="topic" className={styles.field} autoComplete="off" />
        </div>
        <label className={styles.choice}>
          <input type="checkbox" name="private" />
          Private: only people added to it can find and read it
        </label>
        <ErrorMessage text={error} id={errorId} />
        <button type="submit" className={styles.primary} disabled={isBusy}>
          Create channel
        </button>
      </form>
    </DialogShell>
  );
}
