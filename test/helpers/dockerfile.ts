/**
 * Reads the parts of a Dockerfile that test/image-steps.test.ts replays: its stages and their
 * instructions, continuation lines joined and comments dropped. Only what Parley's own
 * Dockerfile uses; anything else is an error, so the test cannot silently skip a step.
 */
export interface Instruction {
  op: string;
  /** The text after the keyword, continuation lines joined with a space. */
  args: string;
  /** Options such as `--from=build`. */
  flags: Record<string, string>;
}

export interface Stage {
  /** The image or earlier stage it starts from. */
  from: string;
  name: string;
  instructions: Instruction[];
}

const KNOWN = new Set([
  'FROM',
  'WORKDIR',
  'COPY',
  'RUN',
  'ENV',
  'USER',
  'VOLUME',
  'EXPOSE',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'CMD',
]);

export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const op = keyword.toUpperCase();
    if (!KNOWN.has(op)) throw new Error(`the image test does not know ${op}: teach it first`);
    const flags: Record<string, string> = {};
    while (rest[0]?.startsWith('--') === true) {
      const [name = '', value = ''] = (rest.shift() ?? '').slice(2).split('=');
      flags[name] = value;
    }
    const args = rest.join(' ');
    if (op === 'FROM') {
      const match = /^(\S+)\s+AS\s+(\S+)$/i.exec(args);
      if (match?.[1] === undefined || match[2] === undefined) {
        throw new Error(`every stage needs a name: FROM ${args}`);
      }
      stages.push({ from: match[1], name: match[2], instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) throw new Error(`${op} before FROM`);
    stage.instructions.push({ op, args, flags });
  }
  return stages;
}

/** `ENV A=1 B="two"`: the variables it sets. */
export function parseEnvInstruction(args: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
    const [, name = '', value = ''] = match;
    vars[name] = value.replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

/** The exec form of CMD (and of HEALTHCHECK's CMD): a JSON array of strings. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args.replace(/^CMD\s+/, ''));
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`not an exec-form command: ${args}`);
  }
  return parsed;
}
