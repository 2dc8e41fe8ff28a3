import {
  DEFAULT_ROOM,
  type NotifyLevel,
  type Room,
  type RoomKind,
  type RoomSummary,
} from '../../protocol';
import type { RoomRecord, UserRef } from './types';

/**
 * Unread counts stop here: counting is a scan of the unread rows, and "10000+" says all a
 * sidebar needs to say.
 */
export const UNREAD_COUNT_CAP = 10_000;

/**
 * A DM's key is its members' user ids, sorted and joined by ':': one DM per set of people (a
 * two-person DM's key has always been `smaller:larger`).
 */
export const dmKeyOf = (userIds: readonly number[]) =>
  [...new Set(userIds)].sort((a, b) => a - b).join(':');
const byName = (a: string, b: string) => a.localeCompare(b, 'en');

/** A room as the contract describes it; `private` and `archived` appear only when true. */
export function toRoom(record: RoomRecord): Room {
  return {
    name: record.name,
    kind: record.kind,
    ...(record.memberNames === undefined ? {} : { members: [...record.memberNames] }),
    ...(record.kind === 'channel' && record.isPrivate ? { private: true } : {}),
    ...(record.archived ? { archived: true } : {}),
  };
}

/** A channel's record as its row stores it. */
export function channelRecord(row: {
  name: string;
  isPrivate: boolean;
  archived: boolean;
  createdBy: number | null;
}): RoomRecord {
  return {
    name: row.name,
    kind: 'channel',
    isPrivate: row.isPrivate,
    archived: row.archived,
    ...(row.createdBy === null ? {} : { createdBy: row.createdBy }),
  };
}

export interface DmMember {
  userId: number;
  name: string;
}

export function dmRecord(name: string, members: readonly DmMember[]): RoomRecord {
  // Ids in the order of the sorted names, so each id's name stays findable after a rename.
  const sorted = [...members].sort((a, b) => byName(a.name, b.name));
  return {
    name,
    kind: 'dm',
    isPrivate: true,
    archived: false,
    memberIds: sorted.map((member) => member.userId),
    memberNames: sorted.map((member) => member.name),
  };
}

/** Whether `userId` may read and write `record` without a membership lookup. */
export function isOpenTo(record: RoomRecord, userId: number): boolean | undefined {
  if (record.memberIds !== undefined) return record.memberIds.includes(userId);
  return record.isPrivate ? undefined : true;
}

/** Channels first, #general leading them; then DMs by the other person's name. */
export function sortRoomList(rooms: RoomSummary[], user: UserRef): RoomSummary[] {
  const rank = (name: string, kind: RoomKind) =>
    kind === 'dm' ? 2 : name === DEFAULT_ROOM ? 0 : 1;
  const label = (room: Room) =>
    room.members?.filter((member) => member !== user.name).join(', ') ?? room.name;
  return rooms.sort(
    (a, b) => rank(a.name, a.kind) - rank(b.name, b.kind) || byName(label(a), label(b)),
  );
}

/** Rewrites the cached DM records that name `userId`, after a rename. */
export function renameInRecords(
  records: Map<string, RoomRecord>,
  userId: number,
  name: string,
): void {
  for (const record of records.values()) {
    const { memberIds, memberNames } = record;
    if (memberIds === undefined || memberNames === undefined) continue;
    if (!memberIds.includes(userId)) continue;
    const members = memberIds.map((id, index) => ({
      userId: id,
      name: id === userId ? name : (memberNames[index] ?? ''),
    }));
    records.set(record.name, dmRecord(record.name, members));
  }
}

/** Unread and mention counts as a room's notification level shows them. */
export function countsFor(
  level: NotifyLevel,
  counted: { unread: number; mentions: number } | undefined,
): { unread: number; mentions: number } {
  if (counted === undefined || level === 'none') return { unread: 0, mentions: 0 };
  return level === 'mentions' ? { unread: counted.mentions, mentions: counted.mentions } : counted;
}
