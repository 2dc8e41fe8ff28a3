import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseEnv } from 'node:util';
import { CONFIG_VARIABLES, parseConfig } from '../../lib/server/env';
import { applyEnvFile } from '../../lib/server/env-file';
import { startServerProcess } from '../helpers/server-process';

function folderWithEnvFile(content: string | undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-env-'));
  if (content !== undefined) writeFileSync(path.join(dir, '.env'), content);
  return dir;
}

describe('.env', () => {
  it('fills settings from the working directory, and the environment wins', (t) => {
    const dir = folderWithEnvFile(
      '# a comment\nPARLEY_JOIN_CODE="open sesame"\nPORT=4000\nexport PARLEY_LOG_LEVEL=debug\n',
    );
    t.after(() => rmSync(dir, { recursive: true }));
    const env: NodeJS.Dict<string> = { PORT: '5000' };
    applyEnvFile(env, dir);
    assert.deepEqual(env, {
      PORT: '5000',
      PARLEY_JOIN_CODE: 'open sesame',
      PARLEY_LOG_LEVEL: 'debug',
    });
  });

  it('is optional', (t) => {
    const dir = folderWithEnvFile(undefined);
    t.after(() => rmSync(dir, { recursive: true }));
    const env: NodeJS.Dict<string> = { PORT: '5000' };
    applyEnvFile(env, dir);
    assert.deepEqual(env, { PORT: '5000' });
  });

  it('is read by the server before its configuration is checked', async (t) => {
    const dir = folderWithEnvFile('PARLEY_LOG_LEVEL=shouting\n');
    t.after(() => rmSync(dir, { recursive: true }));
    await assert.rejects(
      startServerProcess({ PARLEY_DATA_DIR: path.join(dir, 'data') }, { cwd: dir }),
      /server exited \(1\)[^]*Invalid configuration[^]*PARLEY_LOG_LEVEL/,
    );
  });
});

describe('.env.example', () => {
  const example = readFileSync(path.join(import.meta.dirname, '..', '..', '.env.example'), 'utf8');
  const listed = [...example.matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);

  it('lists every variable the server reads, and no other', () => {
    assert.deepEqual([...listed].sort(), [...CONFIG_VARIABLES].sort());
  });

  it('changes nothing when copied as it is, and its defaults are valid when uncommented', () => {
    assert.deepEqual(parseEnv(example), {});
    const uncommented = parseEnv(example.replace(/^# ([A-Z][A-Z0-9_]*=)/gm, '$1'));
    assert.deepEqual(parseConfig(uncommented), parseConfig({}));
  });
});
