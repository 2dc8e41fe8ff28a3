import { lazy, Suspense } from 'react';
import type { ConnectionState, OnlineUsers } from '@/lib/client/chat-snapshot';
import { DM_PREFIX, type Message, type RoomSummary } from '@/lib/protocol';
import { ConnectionStatus } from './connection-status';

import { roomLabel } from './room-label';
import controls from './controls.module.css';
import styles from './room-header.module.css';

// The theme is rarely switched: its button arrives just after the page, in the same place.
const ThemeToggle = lazy(() =>
  import('./theme-toggle').then((module) => ({ default: module.ThemeToggle })),
);
// The topic's tools (edit, room details) are used now and then: they arrive just after the
// page, which shows the topic alone until then.
const TopicLine = lazy(() =>
  import('./topic-editor').then((module) => ({ default: module.TopicLine })),
);
// Notifications are opt-in and rare: their code loads after the page.
const Notifications = lazy(() =>
  import('./notifications').then((module) => ({ default: module.Notifications })),
);

const MENU_ID = 'account-menu';

interface RoomHeaderProps {
  room: string;
  summary: RoomSummary | undefined;
  currentUser: string;
  online: OnlineUsers;
  connection: ConnectionState;
  queued: number;
  onSignOut: () => void;
  onOpenSettings: () => void;
  /** The rooms drawer of narrow screens, which this header's button opens. */
  drawer: { id: string; isOpen: boolean; toggle: () => void };
  subscribeToLive: (listener: (message: Message) => void) => () => void;
  onOpenRoom: (room: string) => void;
  /** Resolves to why setting the topic failed, or undefined. */
  onSetTopic: (topic: string) => Promise<string | undefined>;
  /** Every room's summary: notifications follow each room's level. */
  rooms: readonly RoomSummary[];
  onOpenRoomSettings: () => void;
}

function onlineText({ users, count }: OnlineUsers): string {
  const more = count - users.length;
  return more > 0 ? `${users.join(', ')} and ${more} more` : users.join(', ');
}

/** The room's name, who is here, the connection, and the user. */
export function RoomHeader(props: RoomHeaderProps) {
  const title =
    props.summary === undefined
      ? props.room.startsWith(DM_PREFIX)
        ? 'Direct message'
        : `# ${props.room}`
      : roomLabel(props.summary, props.currentUser);
  const topic = props.summary?.topic ?? '';
  return (
    <header className={styles.header}>
      <button
        type="button"
        className={`${controls.quiet} ${styles.drawerButton}`}
        aria-expanded={props.drawer.isOpen}
        aria-controls={props.drawer.id}
        onClick={props.drawer.toggle}
      >
        Rooms
      </button>
      <div className={styles.headerTitle}>
        <h1 className={styles.roomTitle}>{title}</h1>
        <Suspense fallback={<p className={styles.topic}>{topic}</p>}>
          <TopicLine
            topic={topic}
            onSave={props.onSetTopic}
            onOpenRoomSettings={props.summary && props.onOpenRoomSettings}
          />
        </Suspense>
        {props.online.count > 0 && (
          <p className={styles.online} aria-label={`Online: ${onlineText(props.online)}`}>
            <span className={controls.presenceDot} data-online aria-hidden />
            <span className={styles.oneLine}>
              {props.online.count} online: {onlineText(props.online)}
            </span>
          </p>
        )}
      </div>
      <ConnectionStatus state={props.connection} queued={props.queued} />
      {/* On a phone the person's controls fold into one menu, a popover: the browser opens and
          closes it (Escape, a click outside) and tells assistive technology whether it is open.
          Wider screens show the same element in the header's row (room-header.module.css). */}
      <button
        type="button"
        className={`${controls.quiet} ${styles.menuButton}`}
        popoverTarget={MENU_ID}
      >
        Menu
      </button>
      <div id={MENU_ID} popover="auto" className={styles.me}>
        <Suspense fallback={null}>
          <Notifications
            reader={props.currentUser}
            subscribeToLive={props.subscribeToLive}
            onOpenRoom={props.onOpenRoom}
            rooms={props.rooms}
          />
        </Suspense>
        <Suspense fallback={<span className={styles.themePlaceholder} />}>
          <ThemeToggle />
        </Suspense>
        <span>{props.currentUser}</span>
        <button type="button" className={controls.quiet} onClick={props.onOpenSettings}>
          Settings
        </button>
        <button type="button" className={controls.quiet} onClick={props.onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
