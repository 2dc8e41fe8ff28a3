'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { ChatClient } from '../client/chat-client';
import type { ChatSnapshot, SearchOutcome } from '../client/chat-snapshot';
import { createChatSocket } from '../client/chat-socket';
import { browserStorage, mayChangeOutbox } from '../client/browser-storage';
import { createOutbox } from '../client/outbox';
import { releaseKeptFiles } from '../client/sending';
import { type Message, type User } from '../protocol';

export interface Chat extends ChatSnapshot {
  open: (room: string) => void;
  send: (text: string, replyTo?: number) => string | undefined;
  sendFiles: (
    text: string,
    files: readonly File[],
    replyTo?: number,
  ) => Promise<string | undefined>;
  cancelFile: (clientId: string, key: string) => void;
  editMessage: (id: number, text: string) => Promise<string | undefined>;
  deleteMessage: (id: number) => Promise<string | undefined>;
  react: (id: number, emoji: string, on: boolean) => void;
  search: (query: string, before?: number) => Promise<SearchOutcome>;
  setTopic: (room: string, topic: string) => Promise<string | undefined>;
  loadUntil: (id: number) => Promise<boolean>;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
  loadOlder: () => void;
  setReading: (isReading: boolean) => void;
  noteTyping: (hasText: boolean) => void;
  openDm: (name: string) => Promise<{ room: string } | { error: string }>;
  subscribeToLive: (listener: (message: Message) => void) => () => void;
  /** For the room dialogs' requests (room-requests.ts, loaded with them). */
  client: ChatClient;
}

// Loaded on the first edit, deletion, reaction, search, topic or DM.
const requests = () => import('../client/occasional-requests');

/** Live chat state as `user`, starting in `room`, backed by the tab's socket and outbox. */
export function useChat(user: User, room: string): Chat {
  const [client] = useState(
    () =>
      new ChatClient({
        socket: createChatSocket(),
        // Per account, not per name: a rename keeps what is waiting to be sent.
        outbox: createOutbox(browserStorage(), `#${user.id}`, releaseKeptFiles),
        user,
        room,
        isOnline: () => navigator.onLine,
      }),
  );

  useEffect(() => {
    client.start();
    const onStorage = (event: StorageEvent) => {
      if (mayChangeOutbox(event.key)) client.outboxChanged();
    };
    const onNetwork = () => client.networkChanged();
    window.addEventListener('storage', onStorage);
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    return () => {
      window.removeEventListener('storage', onStorage);
      window.removeEventListener('online', onNetwork);
      window.removeEventListener('offline', onNetwork);
      client.stop();
    };
  }, [client]);

  // Stable functions: components can depend on them without re-running effects (the client's
  // own are bound fields, passed as they are).
  const [actions] = useState<Omit<Chat, keyof ChatSnapshot>>(() => ({
    open: client.open,
    send: client.sending.send,
    sendFiles: client.sending.sendFiles,
    cancelFile: client.sending.cancelFile,
    editMessage: async (id, text) => (await requests()).editMessage(client, id, text),
    deleteMessage: async (id) => (await requests()).deleteMessage(client, id),
    react: (id, emoji, on) => void requests().then((r) => r.react(client, id, emoji, on)),
    search: async (query, before) => (await requests()).search(client, query, before),
    setTopic: async (room, topic) => (await requests()).setTopic(client, room, topic),
    loadUntil: client.loadUntil,
    retry: client.sending.retry,
    discard: client.sending.discard,
    loadOlder: () => void client.loadOlder(),
    setReading: client.setReading,
    noteTyping: client.noteTyping,
    openDm: async (name) => (await requests()).openDm(client, name),
    subscribeToLive: client.subscribeToLive,
    client,
  }));
  const snapshot = useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot);
  return { ...snapshot, ...actions };
}
