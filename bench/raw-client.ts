/**
 * A lean Socket.IO client for load: Engine.IO v4 framing straight over `ws`, no socket.io-client.
 * Receivers never turn a frame into a string: they scan the bytes for the message's sequence
 * number, so the load generator stays cheap next to the server it measures.
 */
import WebSocket from 'ws';

const PING = 0x32; // '2'
const FOUR = 0x34; // '4'
const TWO = 0x32; // '2' (EVENT)
const THREE = 0x33; // '3' (ACK)
const SEQ_MARKER = Buffer.from('"clientId":"bench-');

/** Reads the bench sequence number out of a `message:new` frame, or -1. */
export function sequenceOf(frame: Buffer): number {
  const at = frame.indexOf(SEQ_MARKER);
  if (at === -1) return -1;
  let value = 0;
  for (let i = at + SEQ_MARKER.length; i < frame.length; i++) {
    const byte = frame[i] ?? 0;
    if (byte < 0x30 || byte > 0x39) break;
    value = value * 10 + (byte - 0x30);
  }
  return value;
}

export function clientIdFor(sequence: number): string {
  return `bench-${sequence}-x`;
}

export interface RawClientOptions {
  url: string;
  cookie?: string;
  /** The local address to connect from (the benchmark spreads clients over 127.1.x.y). */
  localAddress?: string;
  /** Called with each server event frame (`42[...]`), as raw bytes. */
  onEvent?: (frame: Buffer) => void;
}

export class RawClient {
  private nextAckId = 0;
  private readonly pendingAcks = new Map<number, (result: unknown) => void>();

  private constructor(private readonly ws: WebSocket) {}

  /** Opens the WebSocket and the Socket.IO session; rejects on a refused handshake. */
  static connect(options: RawClientOptions): Promise<RawClient> {
    const wsUrl = `${options.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(wsUrl, {
      headers: options.cookie === undefined ? {} : { cookie: options.cookie },
      perMessageDeflate: false,
      localAddress: options.localAddress,
    });
    const client = new RawClient(ws);
    return new Promise((resolve, reject) => {
      let isConnected = false;
      ws.on('error', reject);
      ws.on('close', () => {
        if (!isConnected) reject(new Error('closed during handshake'));
      });
      ws.on('message', (data: Buffer) => {
        const first = data[0];
        if (first === PING && data.length === 1) {
          ws.send('3');
        } else if (first === FOUR && data[1] === TWO) {
          options.onEvent?.(data);
        } else if (first === FOUR && data[1] === THREE) {
          client.settleAck(data);
        } else if (first === 0x30) {
          ws.send('40'); // Engine.IO open: connect to the main namespace.
        } else if (first === FOUR && data[1] === 0x30) {
          isConnected = true;
          resolve(client);
        } else if (first === FOUR && data[1] === FOUR) {
          reject(new Error(`refused: ${data.toString()}`));
          ws.close();
        }
      });
    });
  }

  /** Emits an event with an ack and resolves with the ack's argument. */
  emitWithAck(event: string, payload: unknown): Promise<unknown> {
    const id = this.nextAckId++;
    return new Promise((resolve) => {
      this.pendingAcks.set(id, resolve);
      this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  close(): void {
    this.ws.terminate();
  }

  private settleAck(data: Buffer): void {
    const text = data.toString();
    const bracket = text.indexOf('[');
    const id = Number(text.slice(2, bracket));
    const resolve = this.pendingAcks.get(id);
    if (resolve === undefined) return;
    this.pendingAcks.delete(id);
    const [result] = JSON.parse(text.slice(bracket)) as unknown[];
    resolve(result);
  }
}
