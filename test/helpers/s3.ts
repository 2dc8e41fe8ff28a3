import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Config } from '../../lib/server/env';

export interface TestS3 {
  /** What a node needs to use it, as `PARLEY_S3_*` variables. */
  env: Record<string, string>;
  config: S3Config;
  /** How many objects the bucket holds. */
  objectCount(): number;
  stop(): Promise<void>;
}

const BUCKET = 'parley-files';
// s3rver's own fixed key pair: it checks signatures as S3 does.
const KEY = 'S3RVER';

/** An S3-compatible server (s3rver) on a free port, with an empty bucket, in a temp folder. */
export async function startS3(): Promise<TestS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'parley-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    env: {
      PARLEY_S3_BUCKET: BUCKET,
      PARLEY_S3_ENDPOINT: endpoint,
      PARLEY_S3_ACCESS_KEY_ID: KEY,
      PARLEY_S3_SECRET_ACCESS_KEY: KEY,
    },
    config: {
      bucket: BUCKET,
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: KEY, secretAccessKey: KEY },
      forcePathStyle: true,
    },
    objectCount: () => countObjects(path.join(directory, BUCKET)),
    stop: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

// s3rver keeps each object as `<key>._S3rver_object` beside its metadata files.
function countObjects(bucketDir: string): number {
  try {
    return readdirSync(bucketDir, { recursive: true, encoding: 'utf8' }).filter((name) =>
      name.endsWith('._S3rver_object'),
    ).length;
  } catch {
    return 0;
  }
}
