import type { ConnectionState } from '@/lib/client/chat-snapshot';
import styles from './connection-status.module.css';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** The live connection state, announced politely by screen readers when it changes. */
export function ConnectionStatus({ state, queued }: { state: ConnectionState; queued: number }) {
  const waiting = state !== 'connected' && queued > 0 ? ` · ${queued} waiting to send` : '';
  return (
    <p role="status" className={styles.status} data-state={state}>
      <span className={styles.statusDot} aria-hidden="true" />
      {LABELS[state]}
      {waiting}
    </p>
  );
}
