import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { UPLOAD_FIELD } from '../../protocol-uploads';
import { HttpError } from '../http/route-kit';
import { safeFileName } from './file-name';

export interface ReceivedFile {
  /** The bytes, in the incoming directory; the caller moves or deletes it. */
  path: string;
  name: string;
  size: number;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export const tooLarge = (maxBytes: number) =>
  new HttpError(413, 'too_large', `Files are at most ${megabytes(maxBytes)}`);

/**
 * Streams the one `file` part of a multipart body to a new file in `dir`, as it arrives: memory
 * holds a chunk at a time, whatever the size. Past `maxBytes` it stops writing, deletes what it
 * wrote and rejects with `413 too_large` at once, without reading the rest.
 */
export function receiveUpload(
  req: IncomingMessage,
  { dir, maxBytes }: { dir: string; maxBytes: number },
): Promise<ReceivedFile> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // busboy calls reaching its limit exceeding it: one byte more lets a file of exactly maxBytes in.
      limits: { files: 1, fileSize: maxBytes + 1, fields: 0, parts: 4, headerPairs: 20 },
      // Browsers send names as UTF-8; busboy's default would read them as Latin-1.
      defParamCharset: 'utf8',
    });
  } catch {
    return Promise.reject(
      new HttpError(400, 'invalid_payload', 'Send the file as multipart/form-data'),
    );
  }
  const target = path.join(dir, randomBytes(12).toString('base64url'));
  return new Promise<ReceivedFile>((resolve, reject) => {
    let isSettled = false;
    let received: ReceivedFile | undefined;
    let isParsed = false;
    let isWriting = false;

    const fail = (error: HttpError) => {
      if (isSettled) return;
      isSettled = true;
      req.unpipe(parser);
      void rm(target, { force: true }).finally(() => reject(error));
    };
    const finish = () => {
      if (isSettled || !isParsed || isWriting) return;
      if (received === undefined) {
        fail(
          new HttpError(400, 'invalid_payload', `Send the file in a part named “${UPLOAD_FIELD}”`),
        );
        return;
      }
      isSettled = true;
      resolve(received);
    };

    parser.on('file', (field, file, info) => {
      if (field !== UPLOAD_FIELD || isWriting || received !== undefined) {
        file.resume();
        return;
      }
      isWriting = true;
      let size = 0;
      file.on('data', (chunk: Buffer) => (size += chunk.length));
      file.on('limit', () => fail(tooLarge(maxBytes)));
      pipeline(file, createWriteStream(target, { flags: 'wx' })).then(
        () => {
          isWriting = false;
          received = { path: target, name: safeFileName(info.filename), size };
          finish();
        },
        () => fail(new HttpError(400, 'invalid_payload', 'The upload was cut short')),
      );
    });
    parser.on('close', () => {
      isParsed = true;
      finish();
    });
    parser.on('error', () =>
      fail(new HttpError(400, 'invalid_payload', 'The upload is not valid multipart/form-data')),
    );
    req.on('aborted', () =>
      fail(new HttpError(400, 'invalid_payload', 'The upload was cut short')),
    );
    req.pipe(parser);
  });
}
