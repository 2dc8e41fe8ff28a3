import { createHash } from 'node:crypto';
import { DM_PREFIX, mentionsName, type Message } from '../../protocol';
import { pushBody, pushTitle, type PushPayload } from '../../protocol-push';
import type { Logger } from '../logger';
import type { PushTarget } from '../store/push-types';
import type { Stores } from '../store/types';
import type { PushNote } from './push-queue';

export interface PushNotifierDeps {
  stores: Pick<Stores, 'push'>;
  /** Of these people, those with a visible Parley tab on any device, on any node. */
  visibleUsers: (userIds: readonly number[]) => Promise<Set<number>>;
  /** Hands a note to the queue. */
  add: (note: PushNote<PushTarget> & { room: string }) => void;
  log: Logger;
  now?: () => Date;
}

/** Whether `target`'s owner wants a push for this message, by the room's kind and their level. */
export function wantsPush(target: PushTarget, message: Message, isDm: boolean): boolean {
  if (target.notify === 'none') return false;
  const isMention = mentionsName(message.message, target.name);
  return isMention || (isDm && target.notify === 'all');
}

/** A topic of the push service's alphabet (≤ 32 base64url characters), one per room. */
export function roomTopic(room: string): string {
  return createHash('sha256').update(room).digest('base64url').slice(0, 32);
}

/**
 * Decides who a stored message pushes to, after it is acknowledged and broadcast: DMs, and
 * mentions, to members with no visible Parley tab on any device, not in do-not-disturb, as each
 * one's level for the room allows. Plain channel messages never push.
 */
export function createPushNotifier(deps: PushNotifierDeps) {
  const { stores, visibleUsers, add, log, now = () => new Date() } = deps;

  const notify = async (message: Message, authorId: number) => {
    // A DM's name says it is one (channels cannot take the prefix), and a channel message
    // without '@' mentions nobody: the common message costs no query at all.
    const isDm = message.room.startsWith(DM_PREFIX);
    if (!isDm && !message.message.includes('@')) return;
    const targets = (await stores.push.targets(message.room, authorId, now())).filter((target) =>
      wantsPush(target, message, isDm),
    );
    if (targets.length === 0) return;
    const visible = await visibleUsers([...new Set(targets.map((target) => target.userId))]);
    const payload = (count: number): string => {
      const push: PushPayload = {
        room: message.room,
        title: pushTitle(message.user, message.room, isDm),
        body: pushBody(
          message.message,
          message.attachments.map((file) => file.name),
        ),
        count,
        messageId: message.id,
        url: `/c/${encodeURIComponent(message.room)}`,
      };
      return JSON.stringify(push);
    };
    for (const target of targets) {
      if (visible.has(target.userId)) continue;
      add({ key: `${target.endpoint} ${message.room}`, room: message.room, target, payload });
    }
  };

  return {
    /** Called once a new message is stored and broadcast; never throws, never waits. */
    messagePosted: (message: Message, authorId: number): void => {
      notify(message, authorId).catch((error: unknown) =>
        log.warn({ err: error, room: message.room }, 'deciding pushes failed'),
      );
    },
  };
}

export type PushNotifier = ReturnType<typeof createPushNotifier>;
