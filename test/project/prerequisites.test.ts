import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { planPrerequisites } from '../../scripts/prerequisites';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('npm test prerequisites', () => {
  it('go ahead when nothing is missing', () => {
    assert.deepEqual(planPrerequisites([], false), { kind: 'ready' });
  });

  it('install what is missing, each package once, when they may (root on Debian)', () => {
    assert.deepEqual(planPrerequisites(['chromium', 'nginx', 'postgres'], true), {
      kind: 'install',
      packages: ['chromium', 'fonts-dejavu-core', 'nginx-light', 'postgresql'],
      startPostgres: true,
    });
  });

  it('otherwise name each missing piece and the command that installs it', () => {
    const plan = planPrerequisites(['chromium', 'nginx'], false);
    if (plan.kind !== 'refuse') assert.fail(`expected a refusal, got ${plan.kind}`);
    assert.match(plan.message, /needs 2 things/);
    assert.match(
      plan.message,
      /Chromium, for the Playwright end-to-end tests: apt-get install chromium/,
    );
    assert.match(plan.message, /npx playwright install chromium/);
    assert.match(plan.message, /nginx, for .*: apt-get install nginx-light/);
    assert.match(
      plan.message,
      /apt-get update && apt-get install chromium fonts-dejavu-core nginx-light/,
    );
    assert.doesNotMatch(plan.message, /redis/);
  });

  it('stop at once, naming PostgreSQL, when the database cannot be reached', () => {
    // Port 1 on loopback refuses at once; --check keeps even root from installing anything.
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/prerequisites.ts', '--check'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          PARLEY_TEST_DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/test',
        },
        timeout: 30_000,
      },
    );
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /needs one thing/);
    assert.match(
      result.stderr,
      /PostgreSQL, for the store and multi-node tests, at postgres:\/\/postgres@127\.0\.0\.1:1\/test: apt-get install postgresql/,
    );
    assert.doesNotMatch(result.stderr, /secret/, 'the password is not printed');
  });
});
