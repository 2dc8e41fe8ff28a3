import type { Message } from '@/lib/protocol';

/** Which of a message's tools is open. */
export type ToolMode = 'view' | 'edit' | 'confirm-delete' | 'react';

/** What a person can do to a message; stable functions, so rows stay memoized. */
export interface MessageActions {
  onReply: (message: Message) => void;
  onReact: (id: number, emoji: string, on: boolean) => void;
  onEdit: (id: number, text: string) => Promise<string | undefined>;
  onDelete: (id: number) => Promise<string | undefined>;
  onJumpTo: (id: number) => void;
}
