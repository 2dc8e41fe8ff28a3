/**
 * The first step of `npm test` (and so of `.ci/run`): checks for everything the tests drive
 * besides Node and npm. As root on Debian it installs and starts what is missing; anywhere else
 * it stops within seconds with one message naming each missing piece and how to get it.
 * `--check` only checks, even as root.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import pg from 'pg';
import { SYSTEM_CHROMIUM } from '../e2e/chromium-launch';
import { findProgram } from '../test/helpers/programs';
import { ADMIN_DATABASE_URL } from '../test/helpers/postgres';

export interface Requirement {
  name: string;
  /** What the tests use it for, for the message. */
  usedFor: string;
  /** Debian packages that bring it. */
  packages: readonly string[];
  /** How to get it without Debian's packages, when that differs. */
  otherwise?: string;
}

export const REQUIREMENTS = {
  chromium: {
    name: 'Chromium',
    usedFor: 'the Playwright end-to-end tests',
    packages: ['chromium', 'fonts-dejavu-core'],
    otherwise: 'npx playwright install chromium',
  },
  nginx: {
    name: 'nginx',
    usedFor: 'the multi-node and nginx configuration tests',
    packages: ['nginx-light'],
  },
  redis: {
    name: 'redis-server',
    usedFor: 'the multi-node tests (they start their own Redis)',
    packages: ['redis-server'],
  },
  openssl: { name: 'openssl', usedFor: "the nginx TLS site's test", packages: ['openssl'] },
  systemd: {
    name: 'systemd-analyze',
    usedFor: 'the systemd unit test',
    packages: ['systemd'],
  },
  postgres: {
    name: 'PostgreSQL',
    usedFor: `the store and multi-node tests, at ${redact(ADMIN_DATABASE_URL)}`,
    packages: ['postgresql'],
    otherwise:
      'start PostgreSQL with a database you may create databases from, and set PARLEY_TEST_DATABASE_URL to it',
  },
} as const satisfies Record<string, Requirement>;
export type RequirementId = keyof typeof REQUIREMENTS;

export type Plan =
  | { kind: 'ready' }
  | { kind: 'install'; packages: string[]; startPostgres: boolean }
  | { kind: 'refuse'; message: string };

/** What to do about what is missing: nothing, install it (root on Debian), or say how. */
export function planPrerequisites(missing: readonly RequirementId[], canInstall: boolean): Plan {
  if (missing.length === 0) return { kind: 'ready' };
  const packages = [...new Set(missing.flatMap((id) => REQUIREMENTS[id].packages))];
  if (canInstall) {
    return { kind: 'install', packages, startPostgres: missing.includes('postgres') };
  }
  return { kind: 'refuse', message: describeMissing(missing) };
}

/** One message naming each missing piece, what needs it, and the command that brings it. */
export function describeMissing(missing: readonly RequirementId[]): string {
  const packages = [...new Set(missing.flatMap((id) => REQUIREMENTS[id].packages))];
  const lines = missing.map((id) => {
    const requirement: Requirement = REQUIREMENTS[id];
    const other = requirement.otherwise === undefined ? '' : `; or ${requirement.otherwise}`;
    return `  - ${requirement.name}, for ${requirement.usedFor}: apt-get install ${requirement.packages.join(' ')}${other}`;
  });
  return [
    `npm test needs ${missing.length === 1 ? 'one thing' : `${missing.length} things`} this machine lacks:`,
    ...lines,
    `On Debian, as root: apt-get update && apt-get install ${packages.join(' ')}`,
    '(or run `npm test` as root on Debian, which installs and starts them itself).',
  ].join('\n');
}

function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** Playwright's own Chromium (where it could download one), else Debian's. */
function hasChromium(): boolean {
  return existsSync(SYSTEM_CHROMIUM) || existsSync(chromium.executablePath());
}

async function canReachPostgres(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: ADMIN_DATABASE_URL,
    connectionTimeoutMillis: 3_000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findMissing(): Promise<RequirementId[]> {
  const checks: [RequirementId, boolean][] = [
    ['chromium', hasChromium()],
    ['nginx', findProgram('nginx') !== undefined],
    ['redis', findProgram('redis-server') !== undefined],
    ['openssl', findProgram('openssl') !== undefined],
    ['systemd', findProgram('systemd-analyze') !== undefined],
    ['postgres', await canReachPostgres()],
  ];
  return checks.filter(([, isPresent]) => !isPresent).map(([id]) => id);
}

function run(command: string, args: readonly string[]): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status ?? result.signal})`);
}

/**
 * Starts the machine's PostgreSQL clusters. A cluster this script just installed also gets what
 * the tests expect of the development machines: `postgres` may connect over TCP from this
 * machine without a password, and a database `test` exists.
 */
async function startPostgres(isFresh: boolean): Promise<void> {
  const clusters = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).stdout;
  for (const line of clusters.split('\n').filter((row) => row.trim() !== '')) {
    const [version, name] = line.trim().split(/\s+/);
    if (version === undefined || name === undefined) continue;
    if (isFresh) {
      const hba = path.join('/etc/postgresql', version, name, 'pg_hba.conf');
      const trust = 'host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n';
      writeFileSync(hba, trust + readFileSync(hba, 'utf8'));
    }
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'restart']);
  }
  if (isFresh) run('runuser', ['-u', 'postgres', '--', 'createdb', 'test']);
  for (let attempt = 0; attempt < 30 && !(await canReachPostgres()); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function main(): Promise<number> {
  const checkOnly = process.argv.includes('--check');
  const isRoot = process.getuid?.() === 0;
  const canInstall = !checkOnly && isRoot && findProgram('apt-get') !== undefined;
  const missing = await findMissing();
  const plan = planPrerequisites(missing, canInstall);
  if (plan.kind === 'ready') return 0;
  if (plan.kind === 'refuse') {
    console.error(plan.message);
    return 1;
  }
  console.log(`Installing what the tests need: ${plan.packages.join(' ')}`);
  const hadPostgres = findProgram('pg_ctlcluster') !== undefined;
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages]);
  if (plan.startPostgres) await startPostgres(!hadPostgres);
  const stillMissing = await findMissing();
  if (stillMissing.length > 0) {
    console.error(describeMissing(stillMissing));
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
