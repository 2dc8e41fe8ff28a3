import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { printed, startProgram, type StartedProgram } from './programs';
import { exited, isRunning, startServerProcess, type ServerProcess } from './server-process';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const NGINX_CONFIG_DIR = path.join(ROOT, 'deploy', 'nginx');

/** A port nobody listens on right now (the OS's pick), for servers that cannot take port 0. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A Redis of the test's own, on its own port, keeping nothing on disk (like the machine's). */
export interface TestRedis {
  url: string;
  /** Stops Redis (its data is gone) and starts it again, empty, on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let redis: StartedProgram | undefined;
  const start = async () => {
    redis = await startProgram(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { ready: printed(/Ready to accept connections/) },
    );
  };
  const stop = async () => {
    if (redis === undefined || !isRunning(redis.child)) return;
    redis.child.kill('SIGKILL');
    await exited(redis.child);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await stop();
      await start();
    },
    stop,
  };
}

/**
 * nginx in front of `nodes`, configured with the repository's own proxy files
 * (deploy/nginx/parley-*.conf) and a plain-HTTP server on a free port. Each response names the
 * node that answered in `X-Parley-Upstream`, so a test knows where a session sticks.
 */
export interface TestNginx {
  url: string;
  stop(): Promise<void>;
}

export async function startNginx(
  nodes: number[],
  options: { port?: number } = {},
): Promise<TestNginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-nginx-'));
  mkdirSync(path.join(dir, 'parley'));
  for (const file of readdirSync(NGINX_CONFIG_DIR)) {
    copyFileSync(path.join(NGINX_CONFIG_DIR, file), path.join(dir, 'parley', file));
  }
  const port = options.port ?? (await freePort());
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `
daemon off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  include parley/parley-http.conf;
  upstream parley {
    include parley/parley-upstream.conf;
    ${nodes.map((node) => `server 127.0.0.1:${node} max_fails=1 fail_timeout=10s;`).join('\n    ')}
  }
  server {
    listen 127.0.0.1:${port};
    add_header X-Parley-Upstream $upstream_addr always;
    include parley/parley-proxy.conf;
  }
}
`,
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    const nginx = await startProgram('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], {
      // Ready once it answers (a 404 from a node is an answer).
      ready: async ({ child }) => {
        while (isRunning(child)) {
          try {
            // Bounded: something else on the port may accept and never answer.
            await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
            return;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      },
    });
    return {
      url,
      stop: async () => {
        await nginx.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts one Parley node of a cluster: the shipped server on shared PostgreSQL and Redis. */
export function startNode(env: {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** `PARLEY_S3_*`: the nodes' shared file storage. */
  s3?: Record<string, string>;
  /** Any other variables (a local push service's). */
  extra?: Record<string, string>;
}): Promise<ServerProcess> {
  return startServerProcess({
    ...env.s3,
    ...env.extra,
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    PARLEY_REDIS_PREFIX: env.redisPrefix,
    PARLEY_TRUST_PROXY: '1',
    // Sign-ins come "from other machines" (X-Forwarded-For): the first needs the setup code.
    PARLEY_JOIN_CODE: CLUSTER_SETUP_CODE,
  });
}

/** The cluster's setup code: whichever sign-in comes first makes the admin with it. */
export const CLUSTER_SETUP_CODE = 'cluster setup code';
let forwardedCount = 0;
/**
 * Claims `name` at `url` as if from a machine of its own (X-Forwarded-For, honoured since the
 * nodes trust their proxy), so many sign-ins do not share one address's sign-in budget.
 */
export async function signInAsNewAddress(url: string, name: string): Promise<string> {
  forwardedCount++;
  const response = await fetch(`${url}/api/accounts`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Forwarded-For': `10.9.${Math.floor(forwardedCount / 250)}.${forwardedCount % 250}`,
    },
    body: JSON.stringify({
      name,
      password: `${name} has a long password`,
      invite: CLUSTER_SETUP_CODE,
    }),
  });
  if (response.status !== 201) throw new Error(`sign-in failed: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? '';
}

/** The node port nginx sends this session's requests to (sticky by session cookie). */
export async function stickyNode(nginxUrl: string, cookie: string): Promise<number> {
  const response = await fetch(`${nginxUrl}/api/session`, { headers: { cookie } });
  const upstream = response.headers.get('x-parley-upstream') ?? '';
  return Number(upstream.split(',').at(-1)?.trim().split(':').at(-1));
}
