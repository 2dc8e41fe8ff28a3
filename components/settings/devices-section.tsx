import { useCallback, useEffect, useId, useState } from 'react';
import { endSessions, listDevices } from '@/lib/client/settings-api';
import type { DeviceSession } from '@/lib/protocol-account-replies';
import { ErrorMessage } from '../chat/error-message';
import { RelativeTime } from '../chat/relative-time';
import { useAction } from './use-action';
import styles from './settings.module.css';

/** Where this account is signed in; any other device can be signed out from here. */
export function DevicesSection() {
  const [devices, setDevices] = useState<DeviceSession[]>();
  const { isBusy, error, done, run } = useAction();
  const id = useId();

  const reload = useCallback(() => {
    void run(listDevices).then((list) => list && setDevices(list.value));
  }, [run]);
  useEffect(reload, [reload]);

  const end = async (sessionId: string | undefined, success: string) => {
    const ended = await run(() => endSessions(sessionId), success);
    if (ended === undefined) return;
    const list = await listDevices();
    if (list.ok) setDevices(list.value);
  };

  const others = devices?.filter((device) => !device.current) ?? [];
  return (
    <section className={styles.section} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.sectionTitle}>
        Devices
      </h3>
      {devices === undefined && error === undefined && <p role="status">Loading…</p>}
      {devices !== undefined && (
        <ul className={styles.list} aria-label="Signed-in devices">
          {devices.map((device) => (
            <li key={device.id} className={styles.item}>
              <span className={styles.itemText}>
                <strong>{device.device}</strong>
                <span className={styles.muted}>
                  {device.current ? (
                    'This device'
                  ) : (
                    <>
                      Last active <RelativeTime at={new Date(device.lastSeenAt)} />
                    </>
                  )}
                  {device.push === true && ' · gets notifications'}
                </span>
              </span>
              {!device.current && (
                <button
                  type="button"
                  className={styles.quiet}
                  disabled={isBusy}
                  aria-label={`Sign out ${device.device}, last active ${new Date(device.lastSeenAt).toLocaleString()}`}
                  onClick={() => void end(device.id, 'Signed out.')}
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <button
          type="button"
          className={styles.quiet}
          disabled={isBusy}
          onClick={() => void end(undefined, 'Every other device was signed out.')}
        >
          Sign out all other devices
        </button>
      )}
      <ErrorMessage text={error} />
      {done !== undefined && <p role="status">{done}</p>}
    </section>
  );
}
