import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Runs the project's dependency rules over a small tree of `files`, as `npm run lint` does. */
function cruise(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-architecture-'));
  try {
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      '{"compilerOptions":{"moduleResolution":"bundler"}}',
    );
    for (const [file, source] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), source);
    }
    const folders = [...new Set(Object.keys(files).map((file) => file.split('/')[0] ?? ''))];
    const result = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'depcruise'),
      ['--config', path.join(ROOT, '.dependency-cruiser.mjs'), '--output-type', 'err', ...folders],
      { cwd: dir, encoding: 'utf8' },
    );
    return `${result.status}\n${result.stdout}${result.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('architecture rules (npm run lint)', () => {
  it('pass a tree that keeps them', () => {
    const output = cruise({
      'lib/protocol.ts': "import { z } from 'zod';\nexport const name = z.string();\n",
      'lib/server/env.ts': "import { name } from '../protocol';\nexport const env = name;\n",
      'lib/client/chat.ts': "import { name } from '../protocol';\nexport const chat = name;\n",
    });
    assert.match(output, /^0\n/, output);
  });

  it('fail on an import cycle', () => {
    const output = cruise({
      'components/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'components/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    assert.match(output, /error no-import-cycles: components\/a\.ts/);
  });

  it('fail when browser code imports the server', () => {
    const output = cruise({
      'lib/server/env.ts': 'export const secret = 1;\n',
      'lib/hooks/use-thing.ts':
        "import { secret } from '../server/env';\nexport const x = secret;\n",
      'components/view.tsx':
        "import { secret } from '../lib/server/env';\nexport const y = secret;\n",
    });
    assert.match(
      output,
      /error browser-never-imports-server: lib\/hooks\/use-thing\.ts → lib\/server\/env\.ts/,
    );
    assert.match(
      output,
      /error browser-never-imports-server: components\/view\.tsx → lib\/server\/env\.ts/,
    );
  });

  it('fail when the protocol imports anything but zod', () => {
    const output = cruise({
      'lib/protocol.ts':
        "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nimport { x } from './util';\nexport const name = [z, readFileSync, x];\n",
      'lib/util.ts': 'export const x = 1;\n',
    });
    assert.match(output, /error protocol-imports-only-zod: lib\/protocol\.ts → fs/);
    assert.match(output, /error protocol-imports-only-zod: lib\/protocol\.ts → lib\/util\.ts/);
    assert.doesNotMatch(output, /→ node_modules\/zod/);
  });
});
