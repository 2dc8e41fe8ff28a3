'use client';

import { useId, useState, type MouseEvent, type ReactNode } from 'react';
import type { OnlineUsers } from '@/lib/client/chat-snapshot';
import { roomPath } from '@/lib/client/room-route';
import type { RoomSummary } from '@/lib/protocol';
import { InlineForm } from './inline-form';
import { roomLabel } from './room-label';
import controls from './controls.module.css';
import styles from './sidebar.module.css';
import { ErrorMessage } from './error-message';

interface SidebarProps {
  id: string;
  /** On narrow screens the sidebar is a drawer: whether it is pulled out. */
  isDrawerOpen: boolean;
  /** The search form, first in the sidebar. */
  search: ReactNode;
  rooms: RoomSummary[];
  activeRoom: string;
  currentUser: string;
  presence: Readonly<Record<string, OnlineUsers>>;
  onOpen: (room: string) => void;
  onOpenDm: (name: string) => Promise<string | undefined>;
  onOpenDialog: (kind: 'new-channel' | 'group-message') => void;
}

/**
 * Channels (private ones with a lock), then direct messages, each with its unread count, and
 * ways to add either; archived channels apart; then the people online in the user's rooms, each
 * a click away from a DM.
 */
export function Sidebar(props: SidebarProps) {
  const list = (rooms: RoomSummary[]) => (
    <ul className={styles.roomList}>
      {rooms.map((room) => (
        <RoomLink key={room.name} room={room} {...props} />
      ))}
    </ul>
  );
  const archived = props.rooms.filter((room) => room.archived === true);
  return (
    <nav
      id={props.id}
      className={styles.sidebar}
      data-drawer-open={props.isDrawerOpen || undefined}
      aria-label="Rooms"
    >
      {props.search}
      <h2 className={styles.sidebarHeading}>Channels</h2>
      {list(props.rooms.filter((room) => room.kind === 'channel' && room.archived !== true))}
      <button
        type="button"
        className={styles.addButton}
        onClick={() => props.onOpenDialog('new-channel')}
      >
        New channel…
      </button>
      {archived.length > 0 && (
        <details className={styles.archived}>
          <summary className={styles.sidebarHeading}>Archived ({archived.length})</summary>
          {list(archived)}
        </details>
      )}
      <h2 className={styles.sidebarHeading}>Direct messages</h2>
      {list(props.rooms.filter((room) => room.kind === 'dm'))}
      <InlineForm label="Message someone" placeholder="Their name" onSubmit={props.onOpenDm} />
      <button
        type="button"
        className={styles.addButton}
        onClick={() => props.onOpenDialog('group-message')}
      >
        New group message…
      </button>
      <People presence={props.presence} currentUser={props.currentUser} onOpenDm={props.onOpenDm} />
    </nav>
  );
}

function RoomLink({
  room,
  activeRoom,
  currentUser,
  presence,
  onOpen,
}: SidebarProps & { room: RoomSummary }) {
  const label = roomLabel(room, currentUser);
  const isActive = room.name === activeRoom;
  const other = room.members?.find((member) => member !== currentUser);
  const isOnline = other !== undefined && presence[room.name]?.users.includes(other) === true;
  const counts = [
    room.unread > 0 ? `${room.unread} unread` : '',
    room.mentions > 0 ? `${room.mentions} ${room.mentions === 1 ? 'mention' : 'mentions'}` : '',
    room.kind === 'dm' ? (isOnline ? 'online' : 'offline') : '',
  ].filter(Boolean);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // A plain click switches rooms in place; a modified click opens a new tab as links do.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    onOpen(room.name);
  };
  return (
    <li>
      <a
        href={roomPath(room.name)}
        className={styles.roomLink}
        aria-current={isActive ? 'page' : undefined}
        aria-label={[label, ...counts].join(', ')}
        data-unread={(room.unread > 0 && !isActive) || undefined}
        onClick={onClick}
      >
        {room.kind === 'dm' && (
          <span className={controls.presenceDot} data-online={isOnline || undefined} aria-hidden />
        )}
        <span className={styles.roomName}>{label}</span>
        {room.mentions > 0 && (
          <span className={styles.mentionBadge} aria-hidden>
            @{room.mentions}
          </span>
        )}
        {room.unread > 0 && (
          <span className={styles.unreadBadge} aria-hidden>
            {room.unread >= 10_000 ? '10000+' : room.unread}
          </span>
        )}
      </a>
    </li>
  );
}

/** Everyone online in any room the user is in, once each, by name. */
function People({
  presence,
  currentUser,
  onOpenDm,
}: Pick<SidebarProps, 'presence' | 'currentUser' | 'onOpenDm'>) {
  const [error, setError] = useState<string | undefined>(undefined);
  const names = new Set(Object.values(presence).flatMap((online) => online.users));
  names.delete(currentUser);
  const people = [...names].sort((a, b) => a.localeCompare(b, 'en'));
  const headingId = useId();
  return (
    <>
      <h2 id={headingId} className={styles.sidebarHeading}>
        People online
      </h2>
      {people.length === 0 ? (
        <p className={styles.sidebarNote}>No one else is here right now.</p>
      ) : (
        <ul className={styles.roomList} aria-labelledby={headingId}>
          {people.map((name) => (
            <li key={name}>
              <button
                type="button"
                className={styles.roomLink}
                aria-label={`Message ${name}`}
                onClick={() => void onOpenDm(name).then(setError)}
              >
                <span className={controls.presenceDot} data-online aria-hidden />
                <span className={styles.roomName}>{name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage text={error} />
    </>
  );
}
