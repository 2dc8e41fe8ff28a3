import { useEffect, useId, useState } from 'react';
import {
  isPushOn,
  pushSupport,
  setDoNotDisturb,
  tomorrowMorning,
  turnPushOff,
  turnPushOn,
} from '@/lib/client/push-api';
import { ErrorMessage } from '../chat/error-message';
import { useAction } from './use-action';
import styles from './settings.module.css';

const HOUR_MS = 60 * 60 * 1000;

interface NotificationsSectionProps {
  /** The account's do-not-disturb time (ISO 8601), or null. */
  doNotDisturbUntil: string | null;
  /** A change here changes what the devices list shows. */
  onChanged: () => void;
}

/**
 * Pushes for this device (the browser asks permission only on that click) and the account's
 * do-not-disturb switch, which holds pushes on every device.
 */
export function NotificationsSection({ doNotDisturbUntil, onChanged }: NotificationsSectionProps) {
  const id = useId();
  const [support] = useState(pushSupport);
  const [isOn, setOn] = useState<boolean>();
  const [until, setUntil] = useState(doNotDisturbUntil);
  const { isBusy, error, done, run } = useAction();

  useEffect(() => {
    if (support !== 'supported') return;
    void isPushOn().then((result) => setOn(result.ok && result.value));
  }, [support]);

  const toggle = async () => {
    const changed = await run(
      isOn === true ? turnPushOff : turnPushOn,
      isOn === true ? 'This device gets no more notifications.' : 'This device gets notifications.',
    );
    if (changed === undefined) return;
    setOn(isOn !== true);
    onChanged();
  };

  const hold = async (choice: string) => {
    const now = new Date();
    const next =
      choice === 'hour'
        ? new Date(now.getTime() + HOUR_MS)
        : choice === 'morning'
          ? tomorrowMorning(now)
          : null;
    const held = await run(() => setDoNotDisturb(next));
    if (held !== undefined) setUntil(held.value);
  };

  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Notifications
      </h3>
      {support === 'unsupported' && (
        <p className={styles.note}>
          This browser cannot show notifications while Parley is closed.
        </p>
      )}
      {support === 'blocked' && (
        <p className={styles.note}>
          Notifications are blocked for this site: allow them in your browser’s settings.
        </p>
      )}
      {support === 'supported' && (
        <div className={styles.actions}>
          <p className={styles.note}>
            {isOn === true
              ? 'This device shows DMs and mentions while Parley is closed.'
              : 'Get DMs and mentions on this device while Parley is closed.'}
          </p>
          <button
            type="button"
            className={styles.quiet}
            disabled={isBusy || isOn === undefined}
            aria-pressed={isOn === true}
            onClick={() => void toggle()}
          >
            Notifications on this device
          </button>
        </div>
      )}
      <div className={styles.row}>
        <label className={styles.label} htmlFor={`${id}-dnd`}>
          Do not disturb
        </label>
        <select
          id={`${id}-dnd`}
          className={styles.select}
          disabled={isBusy}
          value={until === null ? 'off' : 'held'}
          onChange={(event) => void hold(event.target.value)}
        >
          {until !== null && (
            <option value="held">
              On until{' '}
              {new Date(until).toLocaleString([], {
                weekday: 'short',
                hour: 'numeric',
                minute: '2-digit',
              })}
            </option>
          )}
          <option value="off">Off</option>
          <option value="hour">For 1 hour</option>
          <option value="morning">Until tomorrow morning</option>
        </select>
      </div>
      <ErrorMessage text={error} />
      {done !== undefined && <p role="status">{done}</p>}
    </section>
  );
}
