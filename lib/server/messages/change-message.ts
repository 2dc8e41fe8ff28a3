import { MAX_REACTIONS_PER_MESSAGE, type Message } from '../../protocol';
import { ChatError } from '../chat-error';
import type { UploadSweeper } from '../files/upload-sweeper';
import type { Logger } from '../logger';
import type { RateLimiter } from '../rate-limiter';
import type { AccountStore } from '../store/account-types';
import type { MessageStore, RoomStore, StoredMessage, UserRef } from '../store/types';
import { accessibleRoom } from '../socket/room-access';

export interface ChangeMessageDeps {
  rooms: RoomStore;
  messages: MessageStore;
  /** To check, at the moment of a delete, whether its author is an admin. */
  accounts: AccountStore;
  sendLimiter: RateLimiter;
  /** Deletes a deleted message's files before the delete is answered. */
  sweeper: Pick<UploadSweeper, 'removeMarked'>;
  log: Logger;
}

/** Makes the refusal when the rate limiter says no (a socket also holds its reading). */
export type TooFast = (retryAfterMs: number) => Error;

/**
 * Edits, deletes and reactions, for `message:edit`/`delete`/`react` and the HTTP API alike: the
 * same checks, the same rate budget. The caller broadcasts what changed.
 */
export function createMessageChanges(deps: ChangeMessageDeps) {
  const { rooms, messages, sendLimiter, log } = deps;

  const spend = async (user: UserRef, tooFast: TooFast) => {
    const decision = await sendLimiter.take(user.key);
    if (!decision.ok) throw tooFast(decision.retryAfterMs);
  };

  /**
   * A live message in a room the user can read: a message of a room they may not read gets the
   * very answer of an id nobody has. With `isChange`, its room must not be archived.
   */
  const readable = async (user: UserRef, id: number, isChange: boolean): Promise<StoredMessage> => {
    const stored = await messages.get(id);
    const room =
      stored === undefined || stored.isDeleted
        ? undefined
        : await accessibleRoom(rooms, stored.message.room, user.id);
    if (stored === undefined || room === undefined) {
      throw new ChatError('not_found', 'That message does not exist');
    }
    if (isChange && room.archived) {
      throw new ChatError('forbidden', `#${room.name} is archived: it is read-only`);
    }
    return stored;
  };

  return {
    /** Only the author may edit a message. */
    edit: async (user: UserRef, id: number, text: string, tooFast: TooFast): Promise<Message> => {
      const stored = await readable(user, id, true);
      if (stored.userId !== user.id) {
        throw new ChatError('forbidden', 'You can only change your own messages');
      }
      await spend(user, tooFast);
      return messages.edit(id, text);
    },

    /** The author, or an admin, deletes it (also in an archived room: a leak must go). */
    remove: async (user: UserRef, id: number): Promise<Message> => {
      const stored = await readable(user, id, false);
      if (stored.userId !== user.id) {
        // Admins moderate: they delete anyone's message, as its author could.
        const account = await deps.accounts.get(user.id);
        if (account?.role !== 'admin') {
          throw new ChatError('forbidden', 'You can only delete your own messages');
        }
      }
      await messages.remove(id);
      // Its files are marked removed with it; their bytes go before the delete is answered.
      // Storage that fails now leaves them marked, for the sweeper to finish.
      if (stored.message.attachments.length > 0) {
        await deps.sweeper.removeMarked().catch((error: unknown) => {
          log.warn({ err: error }, 'deleting a message’s files failed; the sweeper retries');
        });
      }
      return stored.message;
    },

    /** Adds or takes back the user's `emoji`; a message takes a bounded set of emoji. */
    react: async (
      user: UserRef,
      id: number,
      emoji: string,
      on: boolean,
      tooFast: TooFast,
    ): Promise<Message> => {
      const { message: current } = await readable(user, id, true);
      const isNewEmoji = on && !current.reactions.some((r) => r.emoji === emoji);
      if (isNewEmoji && current.reactions.length >= MAX_REACTIONS_PER_MESSAGE) {
        throw new ChatError(
          'invalid_payload',
          `A message takes at most ${MAX_REACTIONS_PER_MESSAGE} different reactions`,
        );
      }
      await spend(user, tooFast);
      return messages.react(id, emoji, user, on);
    },
  };
}

export type MessageChanges = ReturnType<typeof createMessageChanges>;
