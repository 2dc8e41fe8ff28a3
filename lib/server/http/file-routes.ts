import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { create as contentDisposition } from 'content-disposition';
import parseRange from 'range-parser';
import { INLINE_IMAGE_TYPES } from '../../protocol-uploads';
import { thumbnailKey, type FileStorage } from '../files/file-storage';
import { accessibleRoom } from '../socket/room-access';
import type { Stores, StoredUpload } from '../store/types';
import { sendError } from './respond';
import { currentSession } from './session-cookies';

const FILE_PATH = /^\/files\/([A-Za-z0-9_-]{22})\/([^/]+)$/;

/**
 * Headers that keep a file from attacking whoever opens it: never sniffed into something
 * runnable, sandboxed with nothing allowed if a browser renders it anyway, kept in the private
 * cache only (it is someone's file, and access can end). Only the four image types a browser
 * shows inertly are inline; SVG, HTML and everything else is a download.
 */
function fileHeaders(upload: StoredUpload, isThumbnail: boolean): Record<string, string> {
  const type = isThumbnail ? 'image/webp' : upload.type;
  const isInline = INLINE_IMAGE_TYPES.includes(type);
  const name = isThumbnail ? `${upload.name}.webp` : upload.name;
  return {
    'Content-Type': type === 'text/plain' ? 'text/plain; charset=utf-8' : type,
    'Content-Disposition': contentDisposition(name, { type: isInline ? 'inline' : 'attachment' }),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, max-age=86400',
    'Accept-Ranges': 'bytes',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/**
 * `GET /files/<id>/<name>` and `/files/<id>/thumbnail`: a file, to members of its message's
 * room (an unsent one to its uploader). Everyone else, signed in or not, gets the 404 of a file
 * that never existed.
 */
export function createFileRouter(
  deps: { stores: Stores; storage: FileStorage },
  log: (message: string, error: unknown) => void,
) {
  async function visibleUpload(req: IncomingMessage, id: string) {
    const session = await currentSession(deps, req);
    if (session === undefined) return undefined;
    const upload = await deps.stores.uploads.get(id);
    if (upload === undefined) return undefined;
    if (upload.room === undefined) return upload.userId === session.userId ? upload : undefined;
    const room = await accessibleRoom(deps.stores.rooms, upload.room, session.userId);
    return room === undefined ? undefined : upload;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, id: string, name: string) {
    const upload = await visibleUpload(req, id);
    const isThumbnail = name === 'thumbnail' && upload?.thumbnailSize !== undefined;
    if (upload === undefined || (!isThumbnail && name !== upload.name)) {
      return sendError(res, 404, 'not_found', 'No such file');
    }
    const size = isThumbnail ? (upload.thumbnailSize ?? 0) : upload.size;
    for (const [header, value] of Object.entries(fileHeaders(upload, isThumbnail))) {
      res.setHeader(header, value);
    }
    const ranges =
      req.headers.range === undefined ? undefined : parseRange(size, req.headers.range);
    if (ranges === -1) {
      res.setHeader('Content-Range', `bytes */${size}`);
      return sendError(res, 416, 'invalid_payload', 'That range is not in the file');
    }
    // One range is served; several (or a malformed header) get the whole file, as RFC 9110 allows.
    const range = Array.isArray(ranges) && ranges.length === 1 ? ranges[0] : undefined;
    const key = isThumbnail ? thumbnailKey(id) : id;
    const body = await deps.storage.read(key, range);
    if (range === undefined) {
      res.writeHead(200, { 'Content-Length': size });
    } else {
      res.writeHead(206, {
        'Content-Length': range.end - range.start + 1,
        'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
      });
    }
    if (req.method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    await pipeline(body, res);
  }

  return function routeFiles(req: IncomingMessage, res: ServerResponse): boolean {
    const match = FILE_PATH.exec((req.url ?? '/').split('?', 1)[0] ?? '');
    if (match === null) return false;
    const [, id = '', encodedName = ''] = match;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendError(res, 405, 'method_not_allowed', 'Use GET');
      return true;
    }
    let name: string;
    try {
      name = decodeURIComponent(encodedName);
    } catch {
      sendError(res, 404, 'not_found', 'No such file');
      return true;
    }
    serve(req, res, id, name).catch((error: unknown) => {
      // A reader that went away mid-file is not an error of ours.
      if (res.destroyed && !res.writableFinished) return;
      log('file request failed', error);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong on our side');
      else res.destroy();
    });
    return true;
  };
}
