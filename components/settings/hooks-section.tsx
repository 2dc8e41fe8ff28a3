import { useEffect, useId, useState } from 'react';
import { createHook, listHooks, removeHook } from '@/lib/client/integrations-api';
import type { HookView } from '@/lib/protocol-bot-replies';
import { ErrorMessage } from '../chat/error-message';
import { CopyField } from './copy-field';
import { useAction } from './use-action';
import styles from './settings.module.css';

/**
 * Incoming webhooks: a URL a script POSTs `{message}` (or Slack's `{text}`) to, posting in one
 * channel under the hook's name. The URL holds its secret, so it is shown once, when made.
 */
export function HooksSection() {
  const [hooks, setHooks] = useState<HookView[]>();
  const [room, setRoom] = useState('general');
  const [name, setName] = useState('');
  const [made, setMade] = useState<{ name: string; url: string }>();
  const { isBusy, error, done, run } = useAction();
  const id = useId();

  useEffect(() => {
    void run(listHooks).then((found) => found && setHooks(found.value));
  }, [run]);

  const make = async () => {
    const created = await run(
      () => createHook({ room: room.trim(), name: name.trim() }),
      'Hook made. Copy its URL now: it is not shown again.',
    );
    if (created === undefined) return;
    const { hook, url } = created.value;
    setHooks((current) => [...(current ?? []), hook]);
    setMade({ name: hook.name, url });
    setName('');
  };

  const remove = async (hook: HookView) => {
    const removed = await run(() => removeHook(hook.id), `${hook.name} removed.`);
    if (removed === undefined) return;
    setHooks((current) =>
      current?.map((each) => (each.id === hook.id ? { ...each, deactivated: true } : each)),
    );
    if (made?.name === hook.name) setMade(undefined);
  };

  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Incoming webhooks
      </h3>
      {hooks !== undefined && hooks.length > 0 && (
        <ul className={styles.list} aria-label="Incoming webhooks">
          {hooks.map((hook) => (
            <li key={hook.id} className={styles.item} aria-labelledby={`${id}-hook-${hook.id}`}>
              <span className={styles.itemText}>
                <strong id={`${id}-hook-${hook.id}`}>{hook.name}</strong>
                <span className={styles.muted}>
                  #{hook.room}
                  {hook.deactivated ? ', removed' : ''}
                </span>
              </span>
              {!hook.deactivated && (
                <span className={styles.actions}>
                  <button
                    type="button"
                    className={styles.quiet}
                    disabled={isBusy}
                    aria-label={`Remove ${hook.name}`}
                    onClick={() => void remove(hook)}
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {made !== undefined && <CopyField label={`URL of ${made.name}`} value={made.url} />}
      <form
        className={styles.stack}
        aria-label="New incoming webhook"
        onSubmit={(event) => {
          event.preventDefault();
          void make();
        }}
      >
        <label htmlFor={`${id}-name`} className={styles.label}>
          Name it posts as
        </label>
        <input
          id={`${id}-name`}
          className={styles.field}
          value={name}
          maxLength={64}
          required
          onChange={(event) => setName(event.target.value)}
        />
        <label htmlFor={`${id}-room`} className={styles.label}>
          Channel
        </label>
        <input
          id={`${id}-room`}
          className={styles.field}
          value={room}
          maxLength={64}
          required
          onChange={(event) => setRoom(event.target.value)}
        />
        <button type="submit" className={styles.primary} disabled={isBusy}>
          Make hook
        </button>
      </form>
      <ErrorMessage text={error} />
      {done !== undefined && <p role="status">{done}</p>}
    </section>
  );
}
