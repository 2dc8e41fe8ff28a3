'use client';

import { useCallback, useEffect } from 'react';
import { lastRoom, rememberRoom, roomFromPath, roomPath } from '@/lib/client/room-route';
import { useChat } from '@/lib/hooks/use-chat';
import type { AckError, User } from '@/lib/protocol';
import { Composer } from './composer';
import { MessageList } from './message-list';
import { RoomHeader } from './room-header';
import { Sidebar } from './sidebar';
import { TypingIndicator } from './typing-indicator';
import styles from './chat.module.css';

interface ChatWorkspaceProps {
  user: User;
  /** The room the URL names; otherwise the last channel this browser had open. */
  initialRoom: string | undefined;
  onSignOut: () => void;
  /** The server no longer knows this session (signed out elsewhere, or expired). */
  onSessionLost: () => void;
}

function roomErrorText(error: AckError): string {
  if (error.code === 'forbidden') return 'This conversation is private to its two members.';
  if (error.code === 'not_found') return 'There is no such room. Pick one from the list.';
  return error.message;
}

/** The signed-in app: sidebar of rooms, and the open room with its messages and composer. */
export function ChatWorkspace({ user, initialRoom, onSignOut, onSessionLost }: ChatWorkspaceProps) {
  const chat = useChat(user, initialRoom ?? lastRoom(window.localStorage));
  const { room, open, isSignedOut, totalUnread } = chat;

  useEffect(() => {
    if (isSignedOut) onSessionLost();
  }, [isSignedOut, onSessionLost]);

  // The URL follows the open room; Back and Forward move between rooms.
  useEffect(() => {
    const path = roomPath(room);
    const current = window.location.pathname;
    // Opening the app at `/` names the room in place; switching rooms is a step in history.
    if (roomFromPath(current) === undefined) window.history.replaceState(null, '', path);
    else if (current !== path) window.history.pushState(null, '', path);
    if (!room.startsWith('dm-')) rememberRoom(window.localStorage, room);
  }, [room]);
  useEffect(() => {
    const onPopState = () => {
      const fromUrl = roomFromPath(window.location.pathname);
      if (fromUrl !== undefined) open(fromUrl);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [open]);

  useEffect(() => {
    document.title = totalUnread > 0 ? `(${totalUnread}) Parley` : 'Parley';
  }, [totalUnread]);

  const openDm = useCallback(
    async (name: string) => {
      const result = await chat.openDm(name);
      if ('error' in result) return result.error;
      open(result.room);
      return undefined;
    },
    [chat, open],
  );

  const summary = chat.rooms.find((entry) => entry.name === room);
  return (
    <div className={styles.shell}>
      <Sidebar
        rooms={chat.rooms}
        activeRoom={room}
        currentUser={user.name}
        presence={chat.presence}
        onOpen={open}
        onCreateRoom={chat.createRoom}
        onOpenDm={openDm}
      />
      <div className={styles.roomPane}>
        <RoomHeader
          room={room}
          summary={summary}
          currentUser={user.name}
          online={chat.presence[room] ?? []}
          connection={chat.connection}
          queued={chat.pending.length}
          onSignOut={onSignOut}
        />
        <main className={styles.main}>
          {chat.roomError === undefined ? (
            <MessageList
              key={room}
              room={room}
              messages={chat.messages}
              pending={chat.pending}
              currentUser={user.name}
              hasOlder={chat.hasOlder}
              isLoadingOlder={chat.isLoadingOlder}
              dividerAfterId={chat.dividerAfterId}
              onLoadOlder={chat.loadOlder}
              onRetry={chat.retry}
              onDiscard={chat.discard}
              onReadingChange={chat.setReading}
            />
          ) : (
            <p role="alert" className={styles.roomError}>
              {roomErrorText(chat.roomError)}
            </p>
          )}
          <TypingIndicator names={chat.typing} />
          {chat.roomError === undefined && (
            <Composer key={room} onSend={chat.send} onTyping={chat.noteTyping} />
          )}
        </main>
      </div>
    </div>
  );
}
