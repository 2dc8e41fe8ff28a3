'use client';

import { useEffect, useState } from 'react';
import { registerAppWorker } from '@/lib/client/app-worker';
import { NOTIFICATIONS_KEY, readItem, writeItem } from '@/lib/client/browser-storage';
import { deservesNotification, notificationTitle } from '@/lib/client/notifications';
import type { Message, RoomSummary } from '@/lib/protocol';
import controls from './controls.module.css';

const MAX_BODY = 200;

const isSupported = () => typeof window !== 'undefined' && 'Notification' in window;
const isOn = () =>
  isSupported() && Notification.permission === 'granted' && readItem(NOTIFICATIONS_KEY) === 'on';

interface NotificationsProps {
  reader: string;
  subscribeToLive: (listener: (message: Message) => void) => () => void;
  onOpenRoom: (room: string) => void;
  /** Every room's summary, for the reader's level of each. */
  rooms: readonly RoomSummary[];
}

/**
 * Opt-in system notifications for mentions and DMs while the tab is hidden. The button asks the
 * browser's permission only when clicked (never on load) and turns them off again.
 */
export function Notifications({ reader, subscribeToLive, onOpenRoom, rooms }: NotificationsProps) {
  const [enabled, setEnabled] = useState(isOn);
  // From this chunk, which every chat page loads just after first paint: not first-load code.
  useEffect(registerAppWorker, []);

  useEffect(
    () =>
      subscribeToLive((message) => {
        const level = rooms.find((room) => room.name === message.room)?.notify;
        if (!isOn() || !deservesNotification(message, reader, document.hidden, level)) return;
        const body =
          message.message.length > MAX_BODY
            ? `${message.message.slice(0, MAX_BODY)}…`
            : message.message;
        // One notification per room at a time: a busy DM replaces, not stacks.
        const notification = new Notification(notificationTitle(message), {
          body,
          tag: message.room,
        });
        notification.onclick = () => {
          window.focus();
          onOpenRoom(message.room);
          notification.close();
        };
      }),
    [reader, subscribeToLive, onOpenRoom, rooms],
  );

  if (!isSupported() || Notification.permission === 'denied') return null;
  const toggle = async () => {
    if (enabled) {
      writeItem(NOTIFICATIONS_KEY, 'off');
      setEnabled(false);
      return;
    }
    const permission = await Notification.requestPermission();
    writeItem(NOTIFICATIONS_KEY, permission === 'granted' ? 'on' : 'off');
    setEnabled(permission === 'granted');
  };
  return (
    <button
      type="button"
      className={controls.quiet}
      aria-pressed={enabled}
      onClick={() => void toggle()}
    >
      Notify me
    </button>
  );
}
