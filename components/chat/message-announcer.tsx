'use client';

import { useEffect, useState } from 'react';
import type { Message } from '@/lib/protocol';
import controls from './controls.module.css';

const MAX_ANNOUNCED = 200;

interface MessageAnnouncerProps {
  room: string;
  reader: string;
  subscribeToLive: (listener: (message: Message) => void) => () => void;
}

/**
 * Tells screen readers, politely, about each message someone else sends to the open room as it
 * arrives. History, catch-up and the reader's own messages are not announced: they are not news.
 */
export function MessageAnnouncer({ room, reader, subscribeToLive }: MessageAnnouncerProps) {
  const [text, setText] = useState('');
  useEffect(
    () =>
      subscribeToLive((message) => {
        if (message.room !== room || message.user === reader) return;
        const body =
          message.message.length > MAX_ANNOUNCED
            ? `${message.message.slice(0, MAX_ANNOUNCED)}…`
            : message.message;
        setText(`${message.user}: ${body}`);
      }),
    [room, reader, subscribeToLive],
  );
  return (
    <div className={controls.visuallyHidden} aria-live="polite" data-testid="announcer">
      {text}
    </div>
  );
}
