import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findProgram } from '../helpers/programs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const UNIT = readFileSync(path.join(ROOT, 'deploy', 'systemd', 'parley.service'), 'utf8');

/** The unit as it would be installed, but pointing at this checkout and this machine's Node. */
function installedCopy(dir: string): string {
  const file = path.join(dir, 'parley.service');
  writeFileSync(
    file,
    UNIT.replaceAll('/usr/bin/node', process.execPath).replaceAll('/opt/parley', ROOT),
  );
  return file;
}

function systemdAnalyze(...args: string[]) {
  const program = findProgram('systemd-analyze');
  assert.ok(program, 'systemd-analyze is installed (npm test installs it)');
  return spawnSync(program, args, { encoding: 'utf8' });
}

describe('the systemd unit (deploy/systemd/parley.service)', () => {
  it('passes systemd-analyze verify without a warning', (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-systemd-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const result = systemdAnalyze('verify', installedCopy(dir));
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /parley\.service/, result.stderr);
  });

  it('restarts, reads its settings file, keeps state in its own folder, and is hardened', (t) => {
    for (const setting of [
      'Restart=always',
      'EnvironmentFile=-/etc/parley/parley.env',
      'StateDirectory=parley',
      'Environment=PARLEY_DATA_DIR=/var/lib/parley',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'KillSignal=SIGTERM',
    ]) {
      assert.match(UNIT, new RegExp(`^${setting.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-systemd-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const security = systemdAnalyze('security', '--offline=true', installedCopy(dir));
    const score = /Overall exposure level for parley\.service: ([\d.]+)/.exec(security.stdout);
    assert.ok(score?.[1] !== undefined, security.stdout + security.stderr);
    // systemd's scale: 0 (locked down) to 10 (exposed); under 2 it calls "OK".
    assert.ok(Number(score[1]) < 2, `exposure ${score[1]}`);
  });
});
