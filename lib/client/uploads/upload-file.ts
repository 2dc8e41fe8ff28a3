import { uploadResponseSchema, UPLOAD_FIELD, type Upload } from '../../protocol-uploads';
import { httpErrorSchema } from '../../protocol-http-errors';

export type UploadOutcome =
  | { ok: true; upload: Upload }
  /** `status` 0: the network failed or the upload was cancelled. */
  | { ok: false; status: number; message: string; retryAfterMs?: number };

/**
 * POSTs one file to `/api/uploads`, reporting progress (fetch cannot report an upload's
 * progress; XMLHttpRequest can). `signal` cancels it.
 */
export function uploadFile(
  blob: Blob,
  name: string,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    const form = new FormData();
    form.append(UPLOAD_FIELD, blob, name);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    const lost = (message: string) => resolve({ ok: false, status: 0, message });
    request.onerror = () => lost('The upload was interrupted');
    request.onabort = () => lost('Cancelled');
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      const stored = uploadResponseSchema.safeParse(body);
      if (request.status === 201 && stored.success) {
        resolve({ ok: true, upload: stored.data.upload });
        return;
      }
      const failure = httpErrorSchema.safeParse(body);
      const retryAfter = Number(request.getResponseHeader('Retry-After'));
      resolve({
        ok: false,
        status: request.status,
        message: failure.success
          ? failure.data.error.message
          : `The server answered ${request.status}`,
        ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      });
    };
    signal.addEventListener('abort', () => request.abort(), { once: true });
    request.open('POST', '/api/uploads');
    request.send(form);
  });
}
