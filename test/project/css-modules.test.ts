import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import postcss, { AtRule, type Rule } from 'postcss';

// Each component has its own stylesheet; a few shared controls live in one more. These checks
// keep it that way: a stylesheet is named for its component, nothing is defined twice, and every
// class a component asks for exists (a misspelt class would silently style nothing).

const COMPONENTS = path.resolve(import.meta.dirname, '..', '..', 'components', 'chat');
const SHARED = 'controls.module.css';
const files = readdirSync(COMPONENTS);
const stylesheets = files.filter((file) => file.endsWith('.module.css'));

/** Where a rule applies: the chain of at-rules (media queries) around it. */
function contextOf(rule: Rule): string {
  const chain: string[] = [];
  for (let parent = rule.parent; parent instanceof AtRule; parent = parent.parent) {
    chain.unshift(`@${parent.name} ${parent.params}`);
  }
  return chain.join(' ');
}

interface Stylesheet {
  /** Each selector with its context, as many times as it is defined. */
  selectors: string[];
  classes: Set<string>;
  /** Classes that compose this one from another stylesheet: `class` → `file`. */
  composedFrom: { name: string; file: string }[];
  /** Classes that other classes of the same stylesheet compose. */
  composedWithin: Set<string>;
}

function readStylesheet(file: string): Stylesheet {
  const root = postcss.parse(readFileSync(path.join(COMPONENTS, file), 'utf8'), { from: file });
  const sheet: Stylesheet = {
    selectors: [],
    classes: new Set(),
    composedFrom: [],
    composedWithin: new Set(),
  };
  root.walkRules((rule) => {
    for (const selector of rule.selectors) {
      sheet.selectors.push(`${contextOf(rule)} ${selector}`.trim());
      for (const match of selector.matchAll(/\.([A-Za-z_][\w-]*)/g))
        sheet.classes.add(match[1] ?? '');
    }
    rule.walkDecls('composes', (declaration) => {
      const from = /^([\w\s]+?)(?:\s+from\s+'([^']+)')?$/.exec(declaration.value);
      const file = from?.[2];
      for (const name of (from?.[1] ?? '').split(/\s+/)) {
        if (file === undefined) sheet.composedWithin.add(name);
        else sheet.composedFrom.push({ name, file });
      }
    });
  });
  return sheet;
}

const sheets = new Map(stylesheets.map((file) => [file, readStylesheet(file)]));

/** `import styles from './x.module.css'` in a component: the identifier, the file. */
function stylesheetImports(source: string): { id: string; file: string }[] {
  return [...source.matchAll(/^import (\w+) from '\.\/([\w-]+\.module\.css)';$/gm)].map(
    (match) => ({ id: match[1] ?? '', file: match[2] ?? '' }),
  );
}

const components = files
  .filter((file) => file.endsWith('.tsx'))
  .map((file) => ({ file, source: readFileSync(path.join(COMPONENTS, file), 'utf8') }));

describe('CSS modules', () => {
  it('gives each stylesheet the name of its component, or is the shared controls', () => {
    assert.ok(stylesheets.length > 1, 'one stylesheet per component');
    for (const file of stylesheets) {
      if (file === SHARED) continue;
      const component = file.replace('.module.css', '.tsx');
      assert.ok(files.includes(component), `${file} belongs to ${component}`);
      const own = components.find((entry) => entry.file === component);
      assert.ok(
        own && stylesheetImports(own.source).some((entry) => entry.file === file),
        `${component} uses ${file}`,
      );
    }
  });

  it('defines each selector once in each stylesheet', () => {
    for (const [file, sheet] of sheets) {
      const seen = new Set<string>();
      for (const selector of sheet.selectors) {
        assert.ok(!seen.has(selector), `${file} defines ${selector} twice`);
        seen.add(selector);
      }
    }
  });

  it('styles with classes that exist, and leaves none unused', () => {
    const used = new Map(stylesheets.map((file) => [file, new Set<string>()]));
    for (const { file, source } of components) {
      for (const sheetImport of stylesheetImports(source)) {
        const sheet = sheets.get(sheetImport.file);
        assert.ok(sheet, `${file} imports ${sheetImport.file}, which exists`);
        const pattern = new RegExp(`\\b${sheetImport.id}\\.(\\w+)`, 'g');
        const code = source.replace(/^import .*$/gm, '');
        for (const match of code.matchAll(pattern)) {
          const name = match[1] ?? '';
          assert.ok(sheet.classes.has(name), `${file}: ${sheetImport.file} has no .${name}`);
          used.get(sheetImport.file)?.add(name);
        }
      }
    }
    for (const [file, sheet] of sheets) {
      for (const { name, file: from } of sheet.composedFrom) {
        const source = sheets.get(path.basename(from));
        assert.ok(source?.classes.has(name), `${file} composes .${name} from ${from}`);
        used.get(path.basename(from))?.add(name);
      }
    }
    for (const [file, sheet] of sheets) {
      for (const name of sheet.classes) {
        const isUsed = used.get(file)?.has(name) === true || sheet.composedWithin.has(name);
        assert.ok(isUsed, `${file}: .${name} is never used`);
      }
    }
  });
});
