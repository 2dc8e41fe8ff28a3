import type { RateLimiter } from '../rate-limiter';
import type { FileStorage } from '../files/file-storage';
import { receiveUpload, tooLarge } from '../files/receive-upload';
import { storeUpload } from '../files/store-upload';
import type { UploadStore } from '../store/types';
import type { AuthDeps } from './auth-deps';
import { sendJson } from './respond';
import { HttpError, spend, type Route } from './route-kit';
import { requireSession } from './session-cookies';

export interface UploadDeps {
  uploads: UploadStore;
  storage: FileStorage;
  incomingDir: string;
  maxUploadBytes: number;
  /** Uploads per person. */
  uploadLimiter: RateLimiter;
}

// A multipart body's boundaries and part headers, beyond the file's own bytes.
const MULTIPART_SLACK_BYTES = 16 * 1024;

/** `POST /api/uploads`: one file, streamed to disk, sniffed, stored; sent later by a message. */
export function uploadRoutes(deps: AuthDeps & UploadDeps): Route[] {
  return [
    {
      method: 'POST',
      path: /^\/api\/uploads$/,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        await spend(
          deps.uploadLimiter,
          `user:${session.userId}`,
          'You are uploading too fast, try again soon',
          deps.onRateLimited,
        );
        try {
          // A declared length over the limit is refused before a byte of the body is read.
          const declared = Number(req.headers['content-length'] ?? 0);
          if (declared > deps.maxUploadBytes + MULTIPART_SLACK_BYTES) {
            throw tooLarge(deps.maxUploadBytes);
          }
          const received = await receiveUpload(req, {
            dir: deps.incomingDir,
            maxBytes: deps.maxUploadBytes,
          });
          const upload = await storeUpload(received, session.userId, deps);
          sendJson(res, 201, { upload });
        } catch (error) {
          // The rest of an oversized body is not read: the connection closes after the answer.
          if (error instanceof HttpError && error.status === 413) {
            res.setHeader('Connection', 'close');
          }
          throw error;
        }
      },
    },
  ];
}
