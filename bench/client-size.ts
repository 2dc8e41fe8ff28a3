import { gzipSync } from 'node:zlib';

/**
 * Sums the gzipped size of every script a modern browser loads for the chat page on first visit,
 * in bytes. `noModule` scripts (legacy polyfills) are left out: browsers with ES modules skip them.
 */
export async function firstLoadJsBytes(
  url: string,
): Promise<{ scripts: number; gzipBytes: number }> {
  const html = await (await fetch(url)).text();
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  const sources = new Set(
    tags
      .filter((tag) => !/\snoModule\b/i.test(tag))
      .map((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1])
      .filter((source): source is string => source !== undefined),
  );
  let gzipBytes = 0;
  for (const source of sources) {
    const body = Buffer.from(await (await fetch(new URL(source, url))).arrayBuffer());
    gzipBytes += gzipSync(body).length;
  }
  return { scripts: sources.size, gzipBytes };
}
