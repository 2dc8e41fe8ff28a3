import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { NGINX_CONFIG_DIR } from './helpers/cluster';
import { findProgram } from './helpers/programs';

describe('the shipped nginx site (deploy/nginx/parley.conf)', () => {
  it('is valid nginx, TLS included, once given a certificate', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-nginx-tls-'));
    try {
      mkdirSync(path.join(dir, 'parley'));
      for (const file of readdirSync(NGINX_CONFIG_DIR)) {
        copyFileSync(path.join(NGINX_CONFIG_DIR, file), path.join(dir, 'parley', file));
      }
      const cert = path.join(dir, 'cert.pem');
      const key = path.join(dir, 'key.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          key,
          '-out',
          cert,
        ],
        { stdio: 'ignore' },
      );
      // The example's certificate paths, pointed at the test's own certificate.
      const site = path.join(dir, 'parley', 'parley.conf');
      const original = readFileSync(site, 'utf8');
      const patched = original
        .replace(/ssl_certificate \S+;/, `ssl_certificate ${cert};`)
        .replace(/ssl_certificate_key \S+;/, `ssl_certificate_key ${key};`);
      assert.notEqual(patched, original, 'the site names a certificate to replace');
      writeFileSync(site, patched);
      writeFileSync(
        path.join(dir, 'nginx.conf'),
        `pid ${path.join(dir, 'nginx.pid')};\nerror_log ${path.join(dir, 'error.log')};\n` +
          'events {}\nhttp { include parley/parley.conf; }\n',
      );
      const nginx = findProgram('nginx');
      assert.ok(nginx, 'nginx is installed (npm test installs it)');
      const result = spawnSync(nginx, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], {
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /test is successful/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
