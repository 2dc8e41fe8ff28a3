import { randomUUID } from 'node:crypto';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export type { Logger };

/**
 * Levels: `info` records what an operator follows (start, shutdown, HTTP requests), `error` what
 * went wrong, `debug` every socket's arrival and departure. No level ever logs message text or
 * search queries: logs leave the chat's privacy boundary.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/**
 * One JSON object per line on stdout (level as a word, ISO time), so logs stay
 * machine-readable. `destination` is for tests that read what was logged.
 */
export function createLogger(level: Level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // process.stdout, not pino's own file descriptor writer: its error handler below keeps a
    // closed pipe from taking the server down (losing a log line beats losing the process).
    destination ?? process.stdout,
  );
}

process.stdout.on('error', () => undefined);

export const silentLogger: Logger = pino({ level: 'silent' });

/** Paths polled by machines (probes, scrapers, static assets) are not worth a line each. */
const QUIET_PATHS = /^\/(healthz|readyz|metrics)$|^\/_next\/static\//;
/** An incoming webhook's URL is its secret: logs name the route, never the secret. */
const secretPath = (path: string) => path.replace(/^\/api\/hooks\/[^/]+/, '/api/hooks/…');

/**
 * Logs each HTTP request once it is answered, with an id that is also sent back as
 * `X-Request-Id`: method, path (never the query string), status and time, nothing else
 * (no cookies, no bodies).
 */
export function createRequestLogger(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId: (_req, res) => {
      const id = randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url?.split('?', 1)[0] ?? '') },
    customLogLevel: (_req, res, error) =>
      error !== undefined || res.statusCode >= 500 ? 'error' : 'info',
    quietReqLogger: true,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: secretPath(req.url.split('?', 1)[0] ?? ''),
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
