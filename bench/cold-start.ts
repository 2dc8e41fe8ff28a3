/** Cold start: from spawning a server to its first healthy answer, message and page. */
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_ROOM } from '../lib/protocol';
import { signIn } from './load';
import { clientIdFor, RawClient } from './raw-client';
import { startServer, type ServerKind } from './servers';

export interface ColdStartMetrics {
  healthyMs: number;
  firstMessageMs: number;
  /** Parley's first page after that message (Next.js loads at the first page request). */
  firstPageMs: number | null;
}

/** Time from spawning the process to its first healthy answer, and to its first accepted message. */
export async function coldStart(kind: ServerKind): Promise<ColdStartMetrics> {
  const server = await startServer(kind);
  let healthyAt = 0;
  while (healthyAt === 0) {
    const response = await fetch(`${server.url}/healthz`).catch(() => undefined);
    if (response?.status === 200) healthyAt = performance.now();
    else await sleep(5);
  }
  const user = 'first';
  const cookie = kind === 'parley' ? await signIn(server.url, user, 7_000) : undefined;
  const client = await RawClient.connect({ url: server.url, cookie });
  const ack = await client.emitWithAck('message:send', {
    room: DEFAULT_ROOM,
    user,
    message: 'hello',
    clientId: clientIdFor(0),
  });
  const acceptedAt = performance.now();
  if (typeof ack !== 'object' || ack === null || !('ok' in ack) || ack.ok !== true) {
    throw new Error(`first message refused: ${JSON.stringify(ack)}`);
  }
  client.close();
  let firstPageMs: number | null = null;
  if (kind === 'parley') {
    const page = await fetch(server.url);
    if (page.status !== 200) throw new Error(`first page: ${page.status}`);
    await page.text();
    firstPageMs = performance.now() - server.spawnedAt;
  }
  await server.stop();
  // Spawn-to-healthy is the whole start of the process (Node, the bundle, storage); Next.js is
  // loaded at the first page request (see the report's note).
  return {
    healthyMs: healthyAt - server.spawnedAt,
    firstMessageMs: acceptedAt - server.spawnedAt,
    firstPageMs,
  };
}
