import { io } from 'socket.io-client';
import { ChatClient, type ChatClientSocket, type ChatSnapshot } from '../../lib/client/chat-client';
import { createOutbox } from '../../lib/client/outbox';
import type { Message } from '../../lib/protocol';
import { memoryStorage, noKeptFiles } from './memory-storage';
import { accountOf, connectClient, emitRaw, signIn } from './test-server';

export interface Writer {
  client: ChatClient;
  socket: ChatClientSocket;
  name: string;
}

/**
 * A browser's chat client in Node: the real ChatClient, outbox and reconnecting socket, in
 * #general. `cookie` is a session taken elsewhere (any node), else one is claimed at `url`.
 */
export async function startWriter(url: string, name: string, cookie?: string): Promise<Writer> {
  const session = cookie ?? (await signIn(url, name));
  const socket: ChatClientSocket = io(url, {
    autoConnect: false,
    transports: ['websocket'],
    extraHeaders: { cookie: session },
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    timeout: 2000,
  });
  const client = new ChatClient({
    socket,
    outbox: createOutbox(memoryStorage(), name.toLowerCase(), noKeptFiles),
    user: await accountOf(url, session),
    room: 'general',
    ackTimeoutMs: 2000,
  });
  client.start();
  return { client, socket, name };
}

/** Resolves once the client's snapshot passes `isDone` (at once if it already does). */
export function until(client: ChatClient, isDone: (s: ChatSnapshot) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!isDone(client.getSnapshot())) return;
      unsubscribe();
      resolve();
    };
    const unsubscribe = client.subscribe(check);
    check();
  });
}

/** Every message of #general, read through the API with catch-up, as a client would. */
export async function readAll(url: string, cookie?: string): Promise<Message[]> {
  const session = cookie ?? (await signIn(url, `Auditor ${Date.now()}`));
  const reader = await connectClient(url, { cookie: session });
  const all: Message[] = [];
  let afterId = 0;
  for (;;) {
    const page = (await emitRaw(reader, 'room:join', { room: 'general', after: afterId })) as {
      messages: Message[];
      hasMore: boolean;
    };
    all.push(...page.messages);
    afterId = page.messages.at(-1)?.id ?? afterId;
    if (!page.hasMore) break;
  }
  reader.close();
  return all;
}
