import type { ConnectionState, OnlineUsers } from '@/lib/client/chat-client';
import type { RoomSummary } from '@/lib/protocol';
import { ConnectionStatus } from './connection-status';
import { roomLabel } from './room-label';
import styles from './chat.module.css';

interface RoomHeaderProps {
  room: string;
  summary: RoomSummary | undefined;
  currentUser: string;
  online: OnlineUsers;
  connection: ConnectionState;
  queued: number;
  onSignOut: () => void;
}

function onlineText({ users, count }: OnlineUsers): string {
  const more = count - users.length;
  return more > 0 ? `${users.join(', ')} and ${more} more` : users.join(', ');
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
        {props.online.count > 0 && (
          <p className={styles.online} aria-label={`Online: ${onlineText(props.online)}`}>
            <span className={styles.presenceDot} data-online aria-hidden />
            {props.online.count} online: {onlineText(props.online)}
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
