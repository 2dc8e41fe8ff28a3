import type * as z from 'zod/mini';
import type { Ack, ClientToServerEvents } from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { ChatSocket } from './types';

type Ackable = (result: Ack<object>) => void;

/**
 * A listener shared by every socket: Socket.IO calls it with the socket as `this`. One function
 * per event for the whole server, instead of closures per socket, keeps an idle connection small.
 */
export type SocketHandler = (this: ChatSocket, payload: unknown, ack: unknown) => void;

/**
 * The server's answer to every client event, one handler each. Typed over the contract's
 * `ClientToServerEvents`, so an event added there without a handler does not compile.
 */
export type HandlerTable = { readonly [Event in keyof ClientToServerEvents]: SocketHandler };

/**
 * Wraps a handler in the contract every acknowledged event keeps: the payload is validated
 * by `schema`, the ack always receives `{ok: true, ...}` or `{ok: false, error}`, and
 * nothing the handler throws escapes to Socket.IO (which would crash or hang the socket).
 * A call without a function ack is ignored (there is nobody to answer), unless the event makes
 * its ack optional (fire-and-forget events such as `typing`).
 */
export function defineHandler<Schema extends z.ZodMiniType, Result extends object>(
  schema: Schema,
  run: (
    socket: ChatSocket,
    payload: z.output<Schema>,
    afterAck: (task: () => void) => void,
  ) => Promise<Result> | Result,
  log: Logger,
  { isAckOptional = false }: { isAckOptional?: boolean } = {},
): SocketHandler {
  return function handle(this: ChatSocket, payload: unknown, ack: unknown): void {
    if (typeof ack !== 'function' && !isAckOptional) return;
    const reply: Ackable = typeof ack === 'function' ? (ack as Ackable) : () => undefined;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where =
        first === undefined || first.path.length === 0 ? '' : `${first.path.join('.')}: `;
      reply({
        ok: false,
        error: { code: 'invalid_payload', message: `${where}${first?.message ?? 'invalid'}` },
      });
      return;
    }
    // Work that must follow the answer (a broadcast) waits for it: the sender hears first.
    const deferred: (() => void)[] = [];
    // An async wrapper turns a synchronous throw in `run` into a rejection, handled below.
    const pending = (async () => run(this, parsed.data, (task) => deferred.push(task)))();
    pending
      .then(
        (result) => {
          reply({ ok: true, ...result });
          for (const task of deferred) task();
        },
        (error: unknown) => {
          if (error instanceof ChatError) return reply({ ok: false, error: error.toAckError() });
          log.error({ err: error, socket: this.id, user: this.data.user.id }, 'handler failed');
          reply({
            ok: false,
            error: { code: 'internal', message: 'Something went wrong on our side' },
          });
        },
      )
      // Nothing may escape as an unhandled rejection (Node would end the process for it).
      .catch((error: unknown) =>
        log.error({ err: error, socket: this.id }, 'ack or broadcast failed'),
      );
  };
}
