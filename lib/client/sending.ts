import { messageTextSchema } from '../protocol';
import type { Identity } from './identity';
import type { Outbox, OutboxEntry, OutboxFile } from './outbox';

// What the outbox does with files: loaded with the first message that has some.
const outboxFiles = () => import('./uploads/outbox-files');

/** The browser outbox's `releaseFiles`: forgets the kept bytes of a settled message's files. */
export const releaseKeptFiles = (files: OutboxFile[]): void => {
  void outboxFiles().then((m) => m.forgetFiles(files.map((file) => file.key)));
};

export interface SendingOptions {
  outbox: Outbox;
  me: Identity;
  /** The room on screen, which a new message goes to. */
  room: () => string;
  newClientId?: (() => string) | undefined;
  /** An entry was queued: the typing signal ends, the list shows it, delivery starts. */
  onQueued: () => void;
  /** The outbox changed otherwise (retried, discarded, a file taken out). */
  onChange: (shouldDeliver: boolean) => void;
}

/**
 * What the composer and the pending rows do to the outbox: queue a message (with files, whose
 * bytes wait in IndexedDB), retry or discard a refused one, take a file out of an unsent one.
 * Delivery (delivery.ts) sends what is queued.
 */
export function createSending(options: SendingOptions) {
  const { outbox } = options;

  const queue = (
    entry: Pick<OutboxEntry, 'message' | 'replyTo' | 'files'> & { room?: string },
  ): void => {
    outbox.add({
      clientId: options.newClientId?.() ?? crypto.randomUUID(),
      room: options.room(),
      user: options.me.name,
      ...entry,
    });
    options.onQueued();
  };

  return {
    /** Queues `text` for sending; returns a reason when it is not a valid message. */
    send: (text: string, replyTo?: number): string | undefined => {
      const parsed = messageTextSchema.safeParse(text);
      if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid message';
      queue({ message: parsed.data, ...(replyTo === undefined ? {} : { replyTo }) });
      return undefined;
    },

    /**
     * Queues `files` with `text` (which may be empty): their bytes are kept in IndexedDB until
     * the message is acknowledged, so a reload or a lost connection loses none of them.
     */
    sendFiles: async (
      text: string,
      files: readonly File[],
      replyTo?: number,
    ): Promise<string | undefined> => {
      const room = options.room();
      const prepared = await (await outboxFiles()).prepareSend(text, files);
      if ('error' in prepared) return prepared.error;
      queue({ room, ...prepared, ...(replyTo === undefined ? {} : { replyTo }) });
      return undefined;
    },

    retry: (clientId: string): void => {
      outbox.retry(clientId);
      options.onChange(true);
    },

    discard: (clientId: string): void => {
      outbox.remove(clientId);
      options.onChange(false);
    },

    /** Takes one file out of an unsent message (stopping its upload). */
    cancelFile: (clientId: string, key: string): void => {
      void outboxFiles()
        .then(({ cancelFile }) => cancelFile(outbox, clientId, key))
        .then(() => options.onChange(true));
    },
  };
}
export type Sending = ReturnType<typeof createSending>;
