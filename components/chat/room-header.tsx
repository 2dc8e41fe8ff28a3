import { lazy, Suspense, useState } from 'react';
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
// Topics change now and then: the editor loads on the first "Edit topic".
const TopicEditor = lazy(() =>
  import('./topic-editor').then((module) => ({ default: module.TopicEditor })),
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
        <Topic topic={props.summary?.topic ?? ''} onSave={props.onSetTopic} />
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

/** The room's topic, with a button to set or change it (the editor replaces the line). */
function Topic({
  topic,
  onSave,
}: {
  topic: string;
  onSave: (topic: string) => Promise<string | undefined>;
}) {
  const [isEditing, setEditing] = useState(false);
  if (isEditing) {
    return (
      <Suspense fallback={<p className={styles.topic}>{topic}</p>}>
        <TopicEditor topic={topic} onSave={onSave} onDone={() => setEditing(false)} />
      </Suspense>
    );
  }
  return (
    <p className={styles.topic}>
      {topic !== '' && (
        <span className={styles.oneLine} title={topic}>
          {topic}
        </span>
      )}
      <button type="button" className={styles.linkButton} onClick={() => setEditing(true)}>
        {topic === '' ? 'Add a topic' : 'Edit topic'}
      </button>
    </p>
  );
}
