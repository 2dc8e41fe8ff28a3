'use client';

import { useEffect } from 'react';
import { useChat } from '@/lib/hooks/use-chat';
import { DEFAULT_ROOM, type User } from '@/lib/protocol';
import { Composer } from './composer';
import { ConnectionStatus } from './connection-status';
import { MessageList } from './message-list';
import styles from './chat.module.css';

interface ChatRoomProps {
  user: User;
  onSignOut: () => void;
  /** The server no longer knows this session (signed out elsewhere, or expired). */
  onSessionLost: () => void;
}

/** One room: header, live message list and composer. */
export function ChatRoom({ user, onSignOut, onSessionLost }: ChatRoomProps) {
  const chat = useChat(user, DEFAULT_ROOM);

  useEffect(() => {
    if (chat.isSignedOut) onSessionLost();
  }, [chat.isSignedOut, onSessionLost]);

  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <h1 className={styles.roomTitle}># {chat.room}</h1>
        <ConnectionStatus state={chat.connection} queued={chat.pending.length} />
        <div className={styles.me}>
          <span>{user.name}</span>
          <button type="button" className={styles.quiet} onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className={styles.main}>
        <MessageList
          messages={chat.messages}
          pending={chat.pending}
          currentUser={user.name}
          hasOlder={chat.hasOlder}
          isLoadingOlder={chat.isLoadingOlder}
          onLoadOlder={chat.loadOlder}
          onRetry={chat.retry}
          onDiscard={chat.discard}
        />
        <Composer onSend={chat.send} />
      </main>
    </div>
  );
}
