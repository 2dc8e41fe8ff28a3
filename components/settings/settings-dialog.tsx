'use client';

import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApiResult } from '@/lib/client/account-api';
import { accountState } from '@/lib/client/settings-api';
import type { SessionState } from '@/lib/protocol-account-replies';
import { ErrorMessage } from '../chat/error-message';
import { failureText } from '../chat/failure-text';
import { DevicesSection } from './devices-section';
import { LinkDeviceSection } from './link-device-section';
import { NotificationsSection } from './notifications-section';
import { PasskeysSection } from './passkeys-section';
import { PasswordSection } from './password-section';
import { ProfileSection } from './profile-section';
import styles from './settings.module.css';

// Only admins open it, so only they load it.
const AdminPanel = lazy(() =>
  import('./admin-panel').then((module) => ({ default: module.AdminPanel })),
);

type Tab = 'account' | 'admin';

/**
 * The account's settings in a modal dialog: the browser's own `<dialog>` keeps focus inside,
 * closes on Escape, and gives focus back to the button that opened it.
 */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [state, setState] = useState<ApiResult<SessionState['user']>>();
  const [tab, setTab] = useState<Tab>('account');
  // Bumped when this device's pushes change, so the devices list shows it.
  const [devicesVersion, setDevicesVersion] = useState(0);

  const reload = useCallback(() => {
    void accountState().then(setState);
  }, []);
  useEffect(() => {
    dialog.current?.showModal();
    reload();
  }, [reload]);

  const account = state?.ok === true ? state.value : undefined;
  return (
    <dialog ref={dialog} className={styles.dialog} aria-labelledby={titleId} onClose={onClose}>
      <div className={styles.dialogHeader}>
        <h2 id={titleId} className={styles.dialogTitle}>
          Settings
        </h2>
        <button type="button" className={styles.quiet} onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {account?.role === 'admin' && (
        <div className={styles.tabs} role="group" aria-label="Settings for">
          {(['account', 'admin'] as const).map((value) => (
            <button
              key={value}
              type="button"
              className={styles.tab}
              aria-pressed={tab === value}
              onClick={() => setTab(value)}
            >
              {value === 'account' ? 'Your account' : 'Admin'}
            </button>
          ))}
        </div>
      )}
      {state === undefined && <p role="status">Loading…</p>}
      {state?.ok === false && <ErrorMessage text={failureText(state)} />}
      {account !== undefined && tab === 'account' && (
        <>
          <ProfileSection name={account.name} />
          <PasswordSection hasPassword={account.hasPassword} onChanged={reload} />
          <PasskeysSection passkeys={account.passkeys} onChanged={reload} />
          <NotificationsSection
            doNotDisturbUntil={account.doNotDisturbUntil ?? null}
            onChanged={() => setDevicesVersion((version) => version + 1)}
          />
          <DevicesSection key={devicesVersion} />
          <LinkDeviceSection />
        </>
      )}
      {account !== undefined && tab === 'admin' && (
        <Suspense fallback={<p role="status">Loading…</p>}>
          <AdminPanel selfId={account.id} />
        </Suspense>
      )}
    </dialog>
  );
}
