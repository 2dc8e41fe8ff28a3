import { DEFAULT_ROOM, type Room, type RoomKind, type RoomSummary } from '../../protocol';
import type { RoomRecord, UserRef } from './types';

/**
 * Unread counts stop here: counting is a scan of the unread rows, and "10000+" says all a
 * sidebar needs to say.
 */
export const UNREAD_COUNT_CAP = 10_000;

/** A DM's key is its two user ids, sorted: one DM per pair of people. */
export const dmKeyOf = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
const byName = (a: string, b: string) => a.localeCompare(b, 'en');

export function toRoom(record: RoomRecord): Room {
  return record.memberNames === undefined
    ? { name: record.name, kind: record.kind }
    : { name: record.name, kind: record.kind, members: [...record.memberNames] };
}

export function dmRecord(
  name: string,
  a: { userId: number; name: string },
  b: { userId: number; name: string },
): RoomRecord {
  // Ids in the order of the sorted names, so each id's name stays findable after a rename.
  const [first, second] = byName(a.name, b.name) <= 0 ? [a, b] : [b, a];
  return {
    name,
    kind: 'dm',
    memberIds: [first.userId, second.userId],
    memberNames: [first.name, second.name],
  };
}

/** Channels first, #general leading them; then DMs by the other person's name. */
export function sortRoomList(rooms: RoomSummary[], user: UserRef): RoomSummary[] {
  const rank = (name: string, kind: RoomKind) =>
    kind === 'dm' ? 2 : name === DEFAULT_ROOM ? 0 : 1;
  const label = (room: Room) => room.members?.find((member) => member !== user.name) ?? room.name;
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
    const [a, b] = memberIds;
    if (a !== userId && b !== userId) continue;
    records.set(
      record.name,
      dmRecord(
        record.name,
        { userId: a, name: a === userId ? name : memberNames[0] },
        { userId: b, name: b === userId ? name : memberNames[1] },
      ),
    );
  }
}
