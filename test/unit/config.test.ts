import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig as parseEnv } from '../../lib/server/env';

const parseConfig = (vars: Record<string, string>) => parseEnv({ NODE_ENV: 'test', ...vars });

describe('configuration of storage and fan-out', () => {
  it('uses SQLite and no Redis unless told otherwise', () => {
    const config = parseConfig({});
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.redisPrefix, 'parley:');
  });

  it('takes PostgreSQL and Redis URLs', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://parley@db:5432/parley',
      REDIS_URL: 'rediss://cache:6380',
      PARLEY_REDIS_PREFIX: 'team-a:',
    });
    assert.equal(config.databaseUrl, 'postgres://parley@db:5432/parley');
    assert.equal(config.redisUrl, 'rediss://cache:6380');
    assert.equal(config.redisPrefix, 'team-a:');
  });

  it('refuses URLs of the wrong kind, naming the variable', () => {
    assert.throws(() => parseConfig({ DATABASE_URL: 'mysql://db/parley' }), /DATABASE_URL/);
    assert.throws(
      () => parseConfig({ DATABASE_URL: 'postgres://db/p', REDIS_URL: 'http://cache' }),
      /REDIS_URL/,
    );
  });

  it('refuses Redis without a shared database: nodes on SQLite would each see their own', () => {
    assert.throws(() => parseConfig({ REDIS_URL: 'redis://cache:6379' }), /DATABASE_URL too/);
  });

  it('takes a shared VAPID pair, both halves or neither, and a push contact', () => {
    const publicKey = 'B'.repeat(87);
    const privateKey = 'p'.repeat(43);
    const config = parseConfig({
      PARLEY_VAPID_PUBLIC_KEY: publicKey,
      PARLEY_VAPID_PRIVATE_KEY: privateKey,
      PARLEY_PUSH_CONTACT: 'mailto:ops@example.com',
    });
    assert.deepEqual(config.vapid, { publicKey, privateKey });
    assert.equal(config.pushContact, 'mailto:ops@example.com');
    assert.equal(config.pushAllowPrivate, false);
    assert.equal(parseConfig({}).vapid, undefined);
    assert.throws(() => parseConfig({ PARLEY_VAPID_PUBLIC_KEY: publicKey }), /go together/);
    assert.throws(() => parseConfig({ PARLEY_VAPID_PRIVATE_KEY: 'short' }), /PRIVATE_KEY/);
    assert.throws(() => parseConfig({ PARLEY_PUSH_CONTACT: 'http://example.com' }), /CONTACT/);
    assert.equal(
      parseConfig({ PARLEY_ALLOWED_ORIGINS: 'https://chat.example.com' }).pushContact,
      'https://chat.example.com',
    );
    assert.equal(parseConfig({ PARLEY_PUSH_ALLOW_PRIVATE: '1' }).pushAllowPrivate, true);
  });
});
