import type { ConnectionState } from '@/lib/client/chat-client';
import type { RoomSummary } from '@/lib/protocol';
import { ConnectionStatus } from './connection-status';
import { roomLabel } from './room-label';
import styles from './chat.module.css';

interface RoomHeaderProps {
  room: string;
  summary: RoomSummary | undefined;
  currentUser: string;
  online: readonly string[];
  connection: ConnectionState;
  queued: number;
  onSignOut: () => void;
}

/** The room's name, who is here, the connection, and the user. */
export function RoomHeader(props: RoomHeaderProps) {
  const title =
    props.summary === undefined
      ? props.room.startsWith('dm-')
        ? 'Direct message'
        : `# ${props.room}`
      : roomLabel(props.summary, props.currentUser);
  return (
    <header className={styles.header}>
      <div className={styles.headerTitle}>
        <h1 className={styles.roomTitle}>{title}</h1>
        {props.online.length > 0 && (
          <p className={styles.online} aria-label={`Online: ${props.online.join(', ')}`}>
            <span className={styles.presenceDot} data-online aria-hidden />
            {props.online.length} online: {props.online.join(', ')}
          </p>
        )}
      </div>
      <ConnectionStatus state={props.connection} queued={props.queued} />
      <div className={styles.me}>
        <span>{props.currentUser}</span>
        <button type="button" className={styles.quiet} onClick={props.onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
