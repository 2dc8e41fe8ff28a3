import * as z from 'zod/mini';
import { SESSION_COOKIE } from '../../protocol';
import { webhookEventSchema, webhookReplySchema } from '../../protocol-bots';
import type { Route } from './route-kit';

type JsonObject = Record<string, unknown>;

/** The path's parameter named for the segment before it: `/rooms/{room}`, `/reactions/{emoji}`. */
function parameterName(previous: string, isAdmin: boolean): string {
  if (previous === 'rooms') return 'room';
  if (previous === 'reactions') return 'emoji';
  if (previous === 'hooks' && !isAdmin) return 'secret';
  return 'id';
}

/** A route's pattern (`^\/api\/rooms\/([^/]+)\/messages$`) as an OpenAPI path and its parameters. */
export function templateOf(pattern: RegExp): { path: string; parameters: string[] } {
  // Each capture group is one whole segment; the routes' groups hold no parentheses.
  const source = pattern.source
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\([^)]*\)/g, '\u0000')
    .replace(/\\([/.])/g, '$1');
  const parameters: string[] = [];
  const segments = source.split('/').map((segment, index, all) => {
    if (segment !== '\u0000') return segment;
    const name = parameterName(all[index - 1] ?? '', all.includes('admin'));
    parameters.push(name);
    return `{${name}}`;
  });
  return { path: segments.join('/'), parameters };
}

const security = (path: string): JsonObject[] | undefined => {
  if (path === '/api/openapi.json' || path === '/api/push/key' || path.startsWith('/api/hooks/')) {
    return [];
  }
  if (path === '/api/accounts' || path === '/api/session/passkey/options') return [];
  return undefined;
};

/**
 * The OpenAPI 3.1 document of every route the API serves, made from the route table itself and
 * the zod schemas the handlers parse bodies with (zod's JSON Schema output): it cannot list a
 * route the server lacks, miss one it has, or describe a body other than the one it checks.
 */
export function openApiDocument(routes: readonly Route[], version: string): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const { path, parameters } = templateOf(route.path);
    const operation: JsonObject = {
      operationId: `${route.method.toLowerCase()}${path
        .replace(/[{}]/g, '')
        .replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())
        .replace(/[^A-Za-z0-9]/g, '')}`,
      ...(parameters.length === 0
        ? {}
        : {
            parameters: parameters.map((name) => ({
              name,
              in: 'path',
              required: true,
              schema: { type: 'string' },
            })),
          }),
      ...(route.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }),
                },
              },
            },
          }),
      responses: {
        default: {
          description: 'The answer; failures are `{error: {code, message}}`',
          content: { 'application/json': { schema: {} } },
        },
      },
    };
    const open = security(path);
    if (open !== undefined) operation.security = open;
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley HTTP API',
      version,
      description:
        'Parley’s HTTP routes. Bots send `Authorization: Bearer <token>`; browsers send the session cookie. The README’s “Wire contract” section explains each route and the Socket.IO events.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { bot: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        bot: { type: 'http', scheme: 'bearer', description: 'A bot token, `parley_bot_…`' },
      },
    },
    paths,
    // What Parley POSTs to a bot's webhookUrl (README: “Outgoing webhooks”).
    webhooks: {
      botEvent: {
        post: {
          summary: 'A bot was mentioned, or sent a DM',
          parameters: [
            { name: 'X-Parley-Delivery', in: 'header', required: true, schema: { type: 'string' } },
            {
              name: 'X-Parley-Signature',
              in: 'header',
              required: true,
              description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`',
              schema: { type: 'string' },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(webhookEventSchema) } },
          },
          responses: {
            '2XX': {
              description: 'Delivered; a `{message}` body is posted in the room as the bot',
              content: { 'application/json': { schema: z.toJSONSchema(webhookReplySchema) } },
            },
            default: { description: 'Tried again later, with the same deliveryId' },
          },
        },
      },
    },
  };
}
