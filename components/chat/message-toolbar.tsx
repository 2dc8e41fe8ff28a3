import type { ReactNode } from 'react';
import styles from './message-toolbar.module.css';

// Apart from message-tools.tsx, which loads on first use, so that the page's first load carries
// these two boxes (the placeholders message-item shows meanwhile) but not the tools' styles.

/** A message's actions: floating over its corner, shown while it is hovered or focused. */
export function ActionsBox({ children }: { children?: ReactNode }) {
  return <div className={styles.actions}>{children}</div>;
}

/** Why a message was not sent, with what can be done about it. */
export function FailureBox({ children }: { children?: ReactNode }) {
  return <div className={styles.failure}>{children}</div>;
}
