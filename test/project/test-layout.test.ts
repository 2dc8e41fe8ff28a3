import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const scripts = z
  .object({ scripts: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))).scripts;

describe('test layout', () => {
  it('runs every test file: each folder of test/ with tests is in a test script', () => {
    const globs = Object.values(scripts).flatMap((script) =>
      [...script.matchAll(/test\/([a-z-]+)\/\*\.test\.ts/g)].map((match) => match[1]),
    );
    const test = path.join(ROOT, 'test');
    assert.deepEqual(
      readdirSync(test).filter((name) => name.endsWith('.test.ts')),
      [],
      'no test files loose in test/: put each in the folder of its kind',
    );
    for (const folder of readdirSync(test, { withFileTypes: true })) {
      if (!folder.isDirectory()) continue;
      const hasTests = readdirSync(path.join(test, folder.name)).some((file) =>
        file.endsWith('.test.ts'),
      );
      if (hasTests)
        assert.ok(globs.includes(folder.name), `test/${folder.name} is run by a script`);
    }
  });
});
