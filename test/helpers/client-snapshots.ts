import type { ChatClient, ChatSnapshot } from '../../lib/client/chat-client';

/** Resolves with the first snapshot that satisfies `isDone`; rejects at once on one that `isWrong`. */
export function until(
  client: ChatClient,
  isDone: (snapshot: ChatSnapshot) => boolean,
  isWrong: (snapshot: ChatSnapshot) => boolean = () => false,
): Promise<ChatSnapshot> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const snapshot = client.getSnapshot();
      if (isWrong(snapshot))
        reject(new Error(`unexpected state: ${JSON.stringify(snapshot.pending)}`));
      else if (isDone(snapshot)) resolve(snapshot);
      else return;
      unsubscribe();
    };
    const unsubscribe = client.subscribe(check);
    check();
  });
}
