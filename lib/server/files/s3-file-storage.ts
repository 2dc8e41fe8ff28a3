import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { S3Config } from '../env';
import type { FileStorage } from './file-storage';

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Garage…), shared by every node. Each object
 * is written once from a finished local file with its length known, so one PUT suffices.
 */
export async function createS3FileStorage(
  config: S3Config,
): Promise<FileStorage & { close(): void }> {
  // Loaded only when used: the AWS SDK is large, and a server on its own disk never needs it
  // (a static import would load it at every start, even bundled).
  const { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } =
    await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
    forcePathStyle: config.forcePathStyle,
    // Checksums only where S3 requires them: the SDK's default sends bodies in aws-chunked
    // encoding with a trailing checksum, which MinIO before 2025, Garage and s3rver store as if
    // it were the file. Integrity is TLS's job here, and each file is written once, whole.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const { bucket } = config;
  return {
    kind: 's3',
    put: async (key, sourcePath, type) => {
      try {
        const { size } = await stat(sourcePath);
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: createReadStream(sourcePath),
            ContentLength: size,
            ContentType: type,
          }),
        );
      } finally {
        await rm(sourcePath, { force: true });
      }
    },
    read: async (key, range) => {
      const { Body } = await client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
      if (!(Body instanceof Readable)) throw new Error(`no body for ${key}`);
      return Body;
    },
    remove: async (key) => {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    close: () => client.destroy(),
  };
}
