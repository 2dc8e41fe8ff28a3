import { useEffect, useId, useState } from 'react';
import { channelCreation } from '@/lib/client/admin-api';
import type { ChannelCreation } from '@/lib/protocol-account-replies';
import { ErrorMessage } from '../chat/error-message';
import { ChoiceFieldset } from './choice-fieldset';
import { useAction } from './use-action';
import styles from './settings.module.css';

const MODES: { value: ChannelCreation; label: string }[] = [
  { value: 'everyone', label: 'Everyone' },
  { value: 'admins', label: 'Admins only' },
];

/** Who may create channels on this server. */
export function ChannelSection() {
  const [mode, setMode] = useState<ChannelCreation>();
  const { isBusy, error, done, run } = useAction();
  const id = useId();

  useEffect(() => {
    void run(() => channelCreation()).then((found) => found && setMode(found.value));
  }, [run]);

  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Channels
      </h3>
      {mode !== undefined && (
        <ChoiceFieldset
          legend="Who can create channels"
          name={`${id}-mode`}
          options={MODES}
          value={mode}
          disabled={isBusy}
          onChoose={(value) =>
            void run(() => channelCreation(value), 'Saved.').then(
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
