import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { templateOf } from '../../lib/server/http/openapi';
import { startTestServer, type TestServer } from '../helpers/test-server';

interface Document {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content: Record<
            string,
            { schema: { properties?: Record<string, unknown>; required?: string[] } }
          >;
        };
      }
    >
  >;
  webhooks?: Record<string, { post?: { requestBody?: unknown } }>;
}

describe('GET /api/openapi.json', () => {
  let t: TestServer;
  let document: Document;
  let raw: Record<string, unknown>;
  before(async () => {
    t = await startTestServer();
    // Public: no session.
    const response = await fetch(`${t.url}/api/openapi.json`);
    assert.equal(response.status, 200);
    const text = await response.text();
    raw = JSON.parse(text) as Record<string, unknown>;
    document = JSON.parse(text) as Document;
  });
  after(async () => {
    await t.stop({ removeData: true });
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    assert.equal(document.openapi, '3.1.0');
    const result = await new Validator().validate(raw);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    // What Parley posts to a bot is described beside the routes, from the schema it is made by.
    assert.match(JSON.stringify(document.webhooks?.botEvent?.post?.requestBody), /"deliveryId"/);
  });

  it('lists the routes the server serves, and none it does not', async () => {
    const listed = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const expected of [
      'POST /api/rooms/{room}/messages',
      'GET /api/rooms/{room}/messages',
      'PATCH /api/messages/{id}',
      'PUT /api/messages/{id}/reactions/{emoji}',
      'POST /api/admin/bots',
      'POST /api/admin/bots/{id}/token',
      'POST /api/hooks/{secret}',
      'POST /api/push/subscriptions',
      'POST /api/session',
      'POST /api/uploads',
      'GET /api/openapi.json',
    ]) {
      assert.ok(listed.includes(expected), expected);
    }
    // Each listed route answers something other than "no such API route" (404 not_found with
    // that message) or "wrong method" (405): the server serves it.
    for (const route of listed) {
      const [method = 'GET', path = ''] = route.split(' ');
      const url = path
        .replace('{room}', 'general')
        .replace('{emoji}', '%F0%9F%91%8D')
        .replace('{secret}', 'A'.repeat(43))
        .replace(
          '{id}',
          path.includes('passkeys') ? 'abc' : path.includes('sessions') ? '0123456789abcdef' : '1',
        );
      const response = await fetch(`${t.url}${url}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      const text = await response.text();
      assert.notEqual(response.status, 405, route);
      assert.ok(!text.includes('No such API route'), route);
    }
  });

  it('shows each body as the schema the server parses it with', () => {
    const post =
      document.paths['/api/rooms/{room}/messages']?.post?.requestBody?.content['application/json']
        ?.schema;
    assert.deepEqual(Object.keys(post?.properties ?? {}).sort(), [
      'attachments',
      'clientId',
      'message',
      'replyTo',
    ]);
    assert.deepEqual(post?.required?.sort(), ['clientId', 'message']);
  });

  it('turns route patterns into OpenAPI paths', () => {
    assert.deepEqual(templateOf(/^\/api\/rooms\/([^/]+)\/messages$/), {
      path: '/api/rooms/{room}/messages',
      parameters: ['room'],
    });
    assert.deepEqual(templateOf(/^\/api\/admin\/hooks\/(\d{1,15})$/), {
      path: '/api/admin/hooks/{id}',
      parameters: ['id'],
    });
    assert.deepEqual(templateOf(/^\/api\/openapi\.json$/), {
      path: '/api/openapi.json',
      parameters: [],
    });
  });
});
