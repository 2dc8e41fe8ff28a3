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
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort, NGINX_CONFIG_DIR } from '../helpers/cluster';
import { findProgram, startProgram } from '../helpers/programs';
import { startTestServer } from '../helpers/test-server';

/** The shipped site in a folder of its own, with a fresh self-signed certificate in place. */
function prepareSite(dir: string): string {
  mkdirSync(path.join(dir, 'parley'));
  for (const file of readdirSync(NGINX_CONFIG_DIR)) {
    copyFileSync(path.join(NGINX_CONFIG_DIR, file), path.join(dir, 'parley', file));
  }
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
      ...['-keyout', key, '-out', cert],
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
  return site;
}

function nginxConf(dir: string): string {
  const file = path.join(dir, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${path.join(dir, name)};`)
    .join('\n  ');
  writeFileSync(
    file,
    `daemon off;\npid ${path.join(dir, 'nginx.pid')};\nerror_log ${path.join(dir, 'error.log')};\n` +
      `events {}\nhttp {\n  access_log off;\n  ${temp}\n  include parley/parley.conf;\n}\n`,
  );
  return file;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
}

/** One HTTPS GET that accepts the test's self-signed certificate, from a chosen local address. */
function get(url: string, localAddress = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, localAddress, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('the shipped nginx site (deploy/nginx/parley.conf)', () => {
  it('is valid nginx, TLS included, once given a certificate', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-nginx-tls-'));
    try {
      prepareSite(dir);
      const nginx = findProgram('nginx');
      assert.ok(nginx, 'nginx is installed (npm test installs it)');
      const conf = nginxConf(dir);
      const result = spawnSync(nginx, ['-t', '-p', dir, '-c', conf], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /test is successful/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends HSTS once over HTTPS and keeps /metrics from everyone but its allowed address', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-nginx-live-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const node = await startTestServer({ trustProxy: true });
    t.after(() => node.stop({ removeData: true }));
    const [httpPort, httpsPort] = [await freePort(), await freePort()];

    // The site as shipped, but on free loopback ports and with the test's node behind it.
    const site = prepareSite(dir);
    let upstreams = 0;
    const local = readFileSync(site, 'utf8')
      .replace(/server \d+\.\d+\.\d+\.\d+:3000[^;]*;/g, () =>
        upstreams++ === 0 ? `server ${new URL(node.url).host};` : '',
      )
      .replace(/listen \[::\]:\d+[^;]*;/g, '')
      .replace(/listen 80;/, `listen 127.0.0.1:${httpPort};`)
      .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${httpsPort} ssl http2;`);
    writeFileSync(site, local);
    const base = `https://127.0.0.1:${httpsPort}`;
    const nginx = await startProgram('nginx', ['-p', dir, '-c', nginxConf(dir)], {
      ready: async ({ child }) => {
        while (child.exitCode === null) {
          try {
            await get(`${base}/healthz`);
            return;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      },
    });
    t.after(() => nginx.stop());

    const health = await get(`${base}/healthz`);
    assert.equal(health.status, 200);
    // One header, nginx's: the node's own (it knows the request was HTTPS) is hidden.
    assert.equal(health.headers['strict-transport-security'], 'max-age=31536000');

    assert.equal((await get(`${base}/metrics`, '127.0.0.1')).status, 200);
    const outsider = await get(`${base}/metrics`, '127.0.0.2');
    assert.equal(outsider.status, 403);
    assert.equal(outsider.headers['strict-transport-security'], 'max-age=31536000');
    assert.equal((await get(`${base}/healthz`, '127.0.0.2')).status, 200, 'only /metrics');
  });
});
