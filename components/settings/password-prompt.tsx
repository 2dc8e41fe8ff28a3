'use client';

import { useState } from 'react';
import styles from './settings.module.css';

/**
 * Shown to an account carried over from before accounts, which has no password yet: without one
 * (or a passkey) this browser's cookie is the only way in.
 */
export function PasswordPrompt({ onOpenSettings }: { onOpenSettings: () => void }) {
  const [isDismissed, setDismissed] = useState(false);
  if (isDismissed) return null;
  return (
    <aside className={styles.prompt} aria-label="Secure your account">
      <p className={styles.promptText}>
        Set a password or add a passkey so you can sign in on your other devices.
      </p>
      <button
        type="button"
        className={styles.primary}
        onClick={() => {
          setDismissed(true);
          onOpenSettings();
        }}
      >
        Set a password
      </button>
      <button type="button" className={styles.quiet} onClick={() => setDismissed(true)}>
        Not now
      </button>
    </aside>
  );
}
