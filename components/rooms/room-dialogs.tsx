'use client';

import type { OnlineUsers } from '@/lib/client/chat-snapshot';
import type { ChatClient } from '@/lib/client/chat-client';
import { roomRequests } from '@/lib/client/room-requests';
import type { RoomSummary } from '@/lib/protocol';
import GroupMessageDialog from './group-message-dialog';
import NewChannelDialog from './new-channel-dialog';
import RoomSettingsDialog from './room-settings-dialog';

export type RoomDialogKind = 'new-channel' | 'group-message' | 'room-settings';

interface RoomDialogsProps {
  kind: RoomDialogKind;
  /** The room on screen (for its settings). */
  room: RoomSummary | undefined;
  rooms: readonly RoomSummary[];
  presence: Readonly<Record<string, OnlineUsers>>;
  currentUser: string;
  client: ChatClient;
  onClose: () => void;
}

/** Whom to suggest: everyone online anywhere the user is, and the people of their DMs. */
function knownPeople({ rooms, presence, currentUser }: RoomDialogsProps): string[] {
  const names = new Set(Object.values(presence).flatMap((online) => online.users));
  for (const room of rooms) for (const member of room.members ?? []) names.add(member);
  names.delete(currentUser);
  return [...names].sort((a, b) => a.localeCompare(b, 'en'));
}

/**
 * The room dialogs, one module the page loads the first time any of them opens: a new channel,
 * a new group message, and the room on screen's settings.
 */
export default function RoomDialogs(props: RoomDialogsProps) {
  const { kind, room, currentUser, client, onClose } = props;
  const requests = () => Promise.resolve(roomRequests(client));
  if (kind === 'new-channel') return <NewChannelDialog requests={requests} onClose={onClose} />;
  const people = knownPeople(props);
  if (kind === 'group-message') {
    return <GroupMessageDialog requests={requests} people={people} onClose={onClose} />;
  }
  if (room === undefined) return null;
  return (
    <RoomSettingsDialog
      room={room}
      currentUser={currentUser}
      people={people}
      requests={requests}
      onClose={onClose}
    />
  );
}
