import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('README', () => {
  it('quotes no benchmark figure that the generated docs/benchmarks.md does not show', () => {
    const benchmarks = read('docs/benchmarks.md').replaceAll(',', '');
    const figures = [...read('README.md').matchAll(/\b\d[\d,.]*\s?(?:msg\/s|µs|kB)/g)].map(
      (match) => match[0],
    );
    for (const figure of figures) {
      const [number = '', unit = ''] = figure.replaceAll(',', '').split(/\s?(?=msg|µs|kB)/);
      assert.ok(
        new RegExp(`\\b${number.replace('.', '\\.')} ?${unit}`).test(benchmarks),
        `README quotes ${figure}, which docs/benchmarks.md does not show`,
      );
    }
  });

  it('runs the same test command as CI', () => {
    assert.match(read('README.md'), /```sh\nnpm install\nnpm test\n```/);
    assert.match(read('.ci/run'), /^npm test$/m);
  });
});
