import { messageSendResultSchema, type Message } from '../protocol';
import type { ChatClientSocket } from './chat-socket-type';
import type { Identity } from './identity';
import type { Outbox, OutboxEntry } from './outbox';

/** A stored-but-unacknowledged answer we cannot read, or a storage fault: try again soon. */
const INTERNAL_RETRY_MS = 2_000;

export interface DeliveryOptions {
  socket: ChatClientSocket;
  outbox: Outbox;
  ackTimeoutMs: number;
  /** The signed-in account, whose current name each send carries. */
  me: Identity;
  /** The server stored one of the user's messages: count it and show it. */
  onStored: (message: Message) => void;
  /** The outbox changed (a message sent, or refused for good). */
  onChange: () => void;
}

/**
 * Sends the outbox, oldest first, one at a time, so the server assigns ids in the order the user
 * wrote. Every send carries its entry's clientId, so a retry after a lost ack returns the stored
 * message instead of storing it twice. Stops when the connection drops; the next connect resumes.
 */
export class Delivery {
  readonly #options: DeliveryOptions;
  #isFlushing = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: DeliveryOptions) {
    this.#options = options;
  }

  async flush(): Promise<void> {
    if (this.#isFlushing) return;
    this.#isFlushing = true;
    try {
      while (this.#options.socket.connected) {
        const entry = this.#options.outbox
          .list()
          .find((candidate) => candidate.failure === undefined);
        if (entry === undefined) return;
        const outcome = await this.#deliver(entry);
        if (outcome === 'wait') return;
      }
    } finally {
      this.#isFlushing = false;
      this.#options.onChange();
    }
  }

  /** Cancels a scheduled retry. */
  stop(): void {
    clearTimeout(this.#retryTimer);
  }

  async #deliver(queued: OutboxEntry): Promise<'next' | 'wait'> {
    const { outbox, socket } = this.#options;
    let entry = queued;
    if (entry.files?.some((file) => file.uploadId === undefined) === true) {
      // Only a message with files loads the upload code, and only once it is sent.
      const { prepareFiles } = await import('./uploads/outbox-files');
      const prepared = await prepareFiles(entry.clientId, outbox, this.#options.onChange);
      if (prepared.kind === 'gone') return 'next';
      if (prepared.kind === 'wait') {
        this.#retryIn(prepared.retryInMs);
        return 'wait';
      }
      if (prepared.kind === 'failed') {
        outbox.markFailed(entry.clientId, prepared.failure);
        this.#options.onChange();
        return 'next';
      }
      entry = prepared.entry;
    }
    const files = entry.files ?? [];
    let raw: unknown;
    try {
      raw = await socket.timeout(this.#options.ackTimeoutMs).emitWithAck('message:send', {
        room: entry.room,
        // The account's name now: it may have changed since the message was queued.
        user: this.#options.me.name,
        message: entry.message,
        clientId: entry.clientId,
        ...(entry.replyTo === undefined ? {} : { replyTo: entry.replyTo }),
        ...(files.length === 0 ? {} : { attachments: files.map((file) => file.uploadId ?? '') }),
      });
    } catch {
      // No ack in time: it may or may not be stored. Sending it again with the same
      // clientId is safe either way.
      return 'next';
    }
    const result = messageSendResultSchema.safeParse(raw);
    if (!result.success) {
      this.#retryIn(INTERNAL_RETRY_MS);
      return 'wait';
    }
    if (result.data.ok) {
      // Acknowledged: the server holds the files, so removing it forgets this browser's copies.
      outbox.remove(entry.clientId);
      this.#options.onStored(result.data.message);
      return 'next';
    }
    const { error } = result.data;
    if (error.code === 'rate_limited' || error.code === 'internal') {
      this.#retryIn(error.retryAfterMs ?? INTERNAL_RETRY_MS);
      return 'wait';
    }
    // The server will never accept this one as it is: keep it visible for retry or discard.
    outbox.markFailed(entry.clientId, error);
    this.#options.onChange();
    return 'next';
  }

  #retryIn(delayMs: number): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.flush(), delayMs);
  }
}
