'use client';

import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { draftKey } from '@/lib/client/browser-storage';
import { lastRoom } from '@/lib/client/room-route';
import { useChat } from '@/lib/hooks/use-chat';
import { useDrawer } from '@/lib/hooks/use-drawer';
import { useRoomUrl, useUnreadTitle } from '@/lib/hooks/use-room-url';
import { type AckError, type Message, type User } from '@/lib/protocol';
import { Composer } from './composer';
import { MessageList } from './message-list';
import { RoomHeader } from './room-header';
import { SearchForm } from './search-form';
import type { SearchRequest } from './search-panel';
import { Sidebar } from './sidebar';
import type { RoomDialogKind } from '../rooms/room-dialogs';
import { TypingIndicator } from './typing-indicator';
import styles from './chat-workspace.module.css';
import { ErrorMessage } from './error-message';
import { useAttachedFiles } from '@/lib/hooks/use-attached-files';

// Announcements for screen readers start just after the page: they are invisible, and only
// messages arriving later are announced anyway.
const MessageAnnouncer = lazy(() =>
  import('./message-announcer').then((module) => ({ default: module.MessageAnnouncer })),
);

// Settings open now and then; the prompt to set a password shows only to upgraded accounts.
const accountScreens = () => import('../settings/account-screens');
// New channels, group messages and a room's settings: one module, loaded on first use.
const RoomDialogs = lazy(() => import('../rooms/room-dialogs'));
const SettingsDialog = lazy(() =>
  accountScreens().then((module) => ({ default: module.SettingsDialog })),
);
const PasswordPrompt = lazy(() =>
  accountScreens().then((module) => ({ default: module.PasswordPrompt })),
);

// Loaded when someone first searches: most visits never do, so the page does not carry it.
const SearchPanel = lazy(() =>
  import('./search-panel').then((module) => ({ default: module.SearchPanel })),
);

interface ChatWorkspaceProps {
  user: User & { hasPassword?: boolean | undefined };
  /** The room the URL names; otherwise the last channel this browser had open. */
  initialRoom: string | undefined;
  onSignOut: () => void;
  /** The server no longer knows this session (signed out elsewhere, or expired). */
  onSessionLost: () => void;
}

const SIDEBAR_ID = 'rooms-drawer';

function roomErrorText(error: AckError): string {
  // A room that does not exist and a private one of others answer alike, on purpose.
  if (error.code === 'forbidden') {
    return 'There is no such room open to you. Pick one from the list.';
  }
  return error.message;
}

/** The signed-in app: sidebar of rooms, and the open room with its messages and composer. */
export function ChatWorkspace({ user, initialRoom, onSignOut, onSessionLost }: ChatWorkspaceProps) {
  const chat = useChat(user, initialRoom ?? lastRoom());
  const { room, open, isSignedOut, totalUnread, me } = chat;

  useEffect(() => {
    if (isSignedOut) onSessionLost();
  }, [isSignedOut, onSessionLost]);

  const [isSettingsOpen, setSettingsOpen] = useState(false);
  const openSettings = useCallback(() => setSettingsOpen(true), []);

  useRoomUrl(room, open);
  useUnreadTitle(totalUnread);

  const openDm = useCallback(
    async (name: string) => {
      const result = await chat.openDm(name);
      if ('error' in result) return result.error;
      open(result.room);
      return undefined;
    },
    [chat, open],
  );

  // Replying: the message the next one answers, in this room only.
  const [replying, setReplying] = useState<{ room: string; message: Message } | undefined>();
  const replyingTo = replying?.room === room ? replying.message : undefined;
  const { send, sendFiles } = chat;
  const { files, setFiles, dropTarget } = useAttachedFiles(room);
  const sendMessage = useCallback(
    async (text: string) => {
      const problem =
        files.length === 0
          ? send(text, replyingTo?.id)
          : await sendFiles(text, files, replyingTo?.id);
      if (problem !== undefined) return problem;
      setReplying(undefined);
      setFiles([]);
      return undefined;
    },
    [send, sendFiles, files, setFiles, replyingTo],
  );
  const actions = useMemo(
    () => ({
      onReply: (message: Message) => setReplying({ room: message.room, message }),
      onReact: chat.react,
      onEdit: chat.editMessage,
      onDelete: chat.deleteMessage,
    }),
    [chat.react, chat.editMessage, chat.deleteMessage],
  );

  // Search replaces the message list until a result is chosen or the search is closed. Each
  // submit is a new request (the same words again search again); the panel runs it.
  const [search, setSearch] = useState<SearchRequest>();
  const runSearch = useCallback((query: string) => {
    setSearch({ query });
    return Promise.resolve(undefined);
  }, []);
  const [focus, setFocus] = useState<{ room: string; id: number }>();
  const openResult = useCallback(
    (target: string, id: number) => {
      setSearch(undefined);
      setFocus({ room: target, id });
      open(target);
    },
    [open],
  );
  const clearFocus = useCallback(() => setFocus(undefined), []);

  // Up arrow in the empty composer edits the reader's newest message in this room.
  const [editRequest, setEditRequest] = useState<{ id: number; nonce: number }>();
  const { messages } = chat;
  const editLast = useCallback(() => {
    const last = messages.findLast((message) => message.user === me);
    if (last === undefined) return false;
    setEditRequest((current) => ({ id: last.id, nonce: (current?.nonce ?? 0) + 1 }));
    return true;
  }, [messages, me]);

  // On narrow screens the sidebar is a drawer: choosing a room or pressing Escape closes it.
  const [isDrawerOpen, setDrawerOpen] = useDrawer(SIDEBAR_ID);
  const openFromSidebar = useCallback(
    (next: string) => {
      setDrawerOpen(false);
      open(next);
    },
    [open, setDrawerOpen],
  );

  // Whom `@` suggests: who is here now, then whoever spoke last, newest first.
  const online = chat.presence[room];
  const people = useMemo(() => {
    const names = [...(online?.users ?? [])];
    for (let i = messages.length - 1; i >= 0; i--) names.push(messages[i]?.user ?? '');
    return [...new Set(names)].filter((name) => name !== '' && name !== me);
  }, [online, messages, me]);

  const [roomDialog, setRoomDialog] = useState<RoomDialogKind>();

  const summary = chat.rooms.find((entry) => entry.name === room);
  // The list and the composer start afresh in each room. Their keys differ: siblings that share
  // a key confuse React, which then leaves the old room's list in the page.
  return (
    <div className={styles.shell} data-drawer-open={isDrawerOpen || undefined}>
      <div className={styles.scrim} aria-hidden onClick={() => setDrawerOpen(false)} />
      <Sidebar
        id={SIDEBAR_ID}
        isDrawerOpen={isDrawerOpen}
        search={<SearchForm onSearch={runSearch} />}
        rooms={chat.rooms}
        activeRoom={room}
        currentUser={me}
        presence={chat.presence}
        onOpen={openFromSidebar}
        onOpenDm={openDm}
        onOpenDialog={setRoomDialog}
      />
      <div className={styles.roomPane}>
        <RoomHeader
          room={room}
          summary={summary}
          currentUser={me}
          online={chat.presence[room] ?? { users: [], count: 0 }}
          connection={chat.connection}
          queued={chat.pending.length}
          onSignOut={onSignOut}
          onOpenSettings={openSettings}
          drawer={{ id: SIDEBAR_ID, isOpen: isDrawerOpen, toggle: () => setDrawerOpen((o) => !o) }}
          subscribeToLive={chat.subscribeToLive}
          onOpenRoom={open}
          onSetTopic={(topic) => chat.setTopic(room, topic)}
          rooms={chat.rooms}
          onOpenRoomSettings={() => setRoomDialog('room-settings')}
        />
        {roomDialog !== undefined && (
          <Suspense fallback={null}>
            <RoomDialogs
              kind={roomDialog}
              room={summary}
              rooms={chat.rooms}
              presence={chat.presence}
              currentUser={me}
              client={chat.client}
              onClose={() => {
                // Whatever it opened is on screen now, not behind the phone's drawer.
                setRoomDialog(undefined);
                setDrawerOpen(false);
              }}
            />
          </Suspense>
        )}
        {user.hasPassword === false && (
          <Suspense fallback={null}>
            <PasswordPrompt onOpenSettings={openSettings} />
          </Suspense>
        )}
        {isSettingsOpen && (
          <Suspense fallback={null}>
            <SettingsDialog onClose={() => setSettingsOpen(false)} />
          </Suspense>
        )}
        <main className={styles.main} {...dropTarget}>
          {search !== undefined ? (
            <Suspense fallback={<p role="status">Searching…</p>}>
              <SearchPanel
                request={search}
                search={chat.search}
                rooms={chat.rooms}
                currentUser={me}
                onOpen={openResult}
                onClose={() => setSearch(undefined)}
              />
            </Suspense>
          ) : chat.roomError === undefined ? (
            <MessageList
              key={`list:${room}`}
              room={room}
              messages={chat.messages}
              pending={chat.pending}
              currentUser={me}
              hasOlder={chat.hasOlder}
              isLoadingOlder={chat.isLoadingOlder}
              dividerAfterId={chat.dividerAfterId}
              onLoadOlder={chat.loadOlder}
              onRetry={chat.retry}
              onDiscard={chat.discard}
              onCancelFile={chat.cancelFile}
              onReadingChange={chat.setReading}
              onLoadUntil={chat.loadUntil}
              actions={actions}
              focusId={focus?.room === room ? focus.id : undefined}
              onFocused={clearFocus}
              editRequest={editRequest}
            />
          ) : (
            <ErrorMessage text={roomErrorText(chat.roomError)} className={styles.roomError} />
          )}
          <TypingIndicator names={chat.typing} />
          <Suspense fallback={null}>
            <MessageAnnouncer room={room} reader={me} subscribeToLive={chat.subscribeToLive} />
          </Suspense>
          {summary?.archived === true ? (
            <p className={styles.archivedNote}>This channel is archived: it is read-only.</p>
          ) : (
            chat.roomError === undefined && (
              <Composer
                key={`composer:${room}`}
                draftKey={draftKey(`#${user.id}`, room)}
                onSend={sendMessage}
                onEditLast={editLast}
                onTyping={chat.noteTyping}
                replyingTo={replyingTo}
                onCancelReply={() => setReplying(undefined)}
                people={people}
                files={files}
                onFilesChange={setFiles}
              />
            )
          )}
        </main>
      </div>
    </div>
  );
}
