import { UNAUTHORIZED } from '../protocol';
import type { ChatClientSocket } from './chat-socket-type';
import type { ChatSnapshot } from './chat-snapshot';
import type { Timers } from './typing-tracker';

/** A refused handshake (too many connections, a storage fault) is retried after 3–5 s. */
const HANDSHAKE_RETRY_MS = 3_000;
const HANDSHAKE_RETRY_JITTER_MS = 2_000;

export interface ConnectionOptions {
  socket: ChatClientSocket;
  timers: Timers;
  isOnline: () => boolean;
  /** The connection's state changed, or the session turned out to be over. */
  onChange: (patch: Partial<Pick<ChatSnapshot, 'connection' | 'isSignedOut'>>) => void;
  /** Connected (again): time to catch up. */
  onConnect: () => void;
  /** The socket dropped: what the server said about others (presence, typing) is void. */
  onDisconnect: () => void;
}

/**
 * The socket's life: connecting, reconnecting after a drop, following the browser's online
 * state, and retrying a handshake the server refused, until the session is found to be over
 * (`unauthorized`), when it stops for good.
 */
export class Connection {
  readonly #options: ConnectionOptions;
  #isSignedOut = false;
  #handshakeTimer: unknown;

  constructor(options: ConnectionOptions) {
    this.#options = options;
  }

  start(): void {
    const { socket } = this.#options;
    socket.on('connect', this.#onConnect);
    socket.on('disconnect', this.#onDisconnect);
    socket.on('connect_error', this.#onConnectError);
    socket.connect();
  }

  stop(): void {
    const { socket, timers } = this.#options;
    socket.off('connect', this.#onConnect);
    socket.off('disconnect', this.#onDisconnect);
    socket.off('connect_error', this.#onConnectError);
    socket.disconnect();
    timers.clearTimeout(this.#handshakeTimer);
  }

  /** The browser's online state changed. */
  networkChanged(): void {
    const { socket, isOnline } = this.#options;
    if (socket.connected) return;
    this.#options.onChange({ connection: this.#lostState() });
    if (isOnline() && !this.#isSignedOut) socket.connect();
  }

  readonly #onConnect = () => {
    this.#options.onChange({ connection: 'connected' });
    this.#options.onConnect();
  };

  readonly #onDisconnect = (reason: string) => {
    this.#options.onChange({ connection: this.#lostState() });
    this.#options.onDisconnect();
    // The server closed this socket on purpose (a sign-out, perhaps): Socket.IO will not
    // reconnect by itself, so try once; the handshake then says whether the session still holds.
    if (reason === 'io server disconnect') this.#options.socket.connect();
  };

  readonly #onConnectError = (error: Error) => {
    const { socket, timers, onChange } = this.#options;
    if (error.message === UNAUTHORIZED) {
      this.#isSignedOut = true;
      onChange({ isSignedOut: true, connection: 'offline' });
      return;
    }
    onChange({ connection: this.#lostState() });
    // A handshake the server refused (too_many_connections, internal) is not retried by
    // Socket.IO itself; a network failure is (the socket stays active).
    if (socket.active) return;
    timers.clearTimeout(this.#handshakeTimer);
    this.#handshakeTimer = timers.setTimeout(
      () => socket.connect(),
      HANDSHAKE_RETRY_MS + Math.random() * HANDSHAKE_RETRY_JITTER_MS,
    );
  };

  #lostState(): 'reconnecting' | 'offline' {
    return this.#options.isOnline() ? 'reconnecting' : 'offline';
  }
}
