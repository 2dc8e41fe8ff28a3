/**
 * The Dockerfile, replayed without Docker (these machines have no engine and no registry): each
 * stage's COPY and RUN steps run as plain commands in folders standing for the stages' /app, from
 * a clean copy of the repository, and the runtime stage's CMD is started with its ENV. The server
 * it starts must answer /readyz and render the page, pass the image's own HEALTHCHECK, and stop
 * cleanly on the image's STOPSIGNAL. What only an engine does (base images, users, volumes) is
 * checked as text.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { execForm, parseDockerfile, parseEnvInstruction, type Stage } from '../helpers/dockerfile';
import { own } from '../helpers/owned-processes';
import { exited, listeningPort } from '../helpers/server-process';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const APP = '/app';

/** What `COPY . .` sees: the repository's files, less what .dockerignore leaves out. */
function cleanCopy(into: string): void {
  const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const isIgnored = (file: string) =>
    ignored.some((pattern) =>
      pattern.startsWith('*.')
        ? file.endsWith(pattern.slice(1))
        : file === pattern || file.startsWith(`${pattern}/`),
    );
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((file) => file !== '' && !isIgnored(file));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    // A file deleted in the work tree but still in the index is not part of the copy.
    cpSync(path.join(ROOT, file), path.join(into, file), { force: true, errorOnExist: false });
  }
}

function stage(stages: Stage[], name: string): Stage {
  const found = stages.find((candidate) => candidate.name === name);
  assert.ok(found, `the Dockerfile has a stage ${name}`);
  return found;
}

describe('the container image (Dockerfile)', () => {
  it(
    'builds and starts as its steps say, as a user, serving /readyz',
    { timeout: 12 * 60_000 },
    async (t) => {
      const work = mkdtempSync(path.join(tmpdir(), 'parley-image-'));
      t.after(() => rmSync(work, { recursive: true, force: true }));
      const context = path.join(work, 'context');
      cleanCopy(context);
      const stages = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));

      // Each stage's /app is a folder; a stage built FROM an earlier one carries on in its folder.
      const folders = new Map<string, string>();
      const envs = new Map<string, Record<string, string>>();
      const inContainer = (stageName: string, file: string) => {
        const folder = folders.get(stageName);
        assert.ok(folder, `stage ${stageName} came before`);
        assert.ok(file.startsWith(`${APP}/`), `${file} is under ${APP}`);
        return path.join(folder, file.slice(APP.length + 1));
      };
      for (const { name, from, instructions } of stages) {
        const base = folders.get(from);
        folders.set(name, base ?? path.join(work, name));
        envs.set(name, { ...(envs.get(from) ?? {}) });
        const folder = folders.get(name) ?? '';
        const env = envs.get(name) ?? {};
        mkdirSync(folder, { recursive: true });
        for (const { op, args, flags } of instructions) {
          if (op === 'WORKDIR') assert.equal(args, APP, 'the image works in /app');
          else if (op === 'ENV') Object.assign(env, parseEnvInstruction(args));
          else if (op === 'COPY') {
            const parts = args.split(' ');
            const target = path.join(folder, parts.pop() ?? '.');
            for (const source of parts) {
              const from =
                flags.from === undefined
                  ? path.join(context, source)
                  : inContainer(flags.from, source);
              const into =
                parts.length > 1 || source === '.'
                  ? path.join(target, source === '.' ? '' : path.basename(source))
                  : target;
              cpSync(from, into, { recursive: true });
            }
          } else if (op === 'RUN' && name !== 'runtime') {
            const result = spawnSync('sh', ['-c', args], {
              cwd: folder,
              env: { ...process.env, NODE_TEST_CONTEXT: undefined, ...env },
              encoding: 'utf8',
            });
            assert.equal(result.status, 0, `RUN ${args}\n${result.stdout}\n${result.stderr}`);
          }
        }
      }

      // What the engine does for the runtime stage, as the Dockerfile says it.
      const runtime = stage(stages, 'runtime');
      const runtimeEnv = envs.get('runtime') ?? {};
      const one = (op: string) => {
        const found = runtime.instructions.filter((instruction) => instruction.op === op);
        assert.equal(found.length, 1, `one ${op} in the runtime stage`);
        return found[0]?.args ?? '';
      };
      assert.match(stage(stages, 'runtime').from, /^node:20-[a-z]+-slim$/);
      const user = one('USER');
      assert.notEqual(user, 'root');
      const volume = one('VOLUME');
      assert.equal(runtimeEnv.PARLEY_DATA_DIR, volume, 'the data dir is the volume');
      // Its one RUN step makes the volume's folder the user's (the engine's part: not run here).
      assert.equal(one('RUN'), `mkdir -p ${volume} && chown ${user}:${user} ${volume}`);
      assert.equal(one('STOPSIGNAL'), 'SIGTERM');
      const healthcheck = execForm(one('HEALTHCHECK'));

      // Started as the image starts it, on a free port and a data folder of the test's own.
      const [command = '', ...commandArgs] = execForm(one('CMD'));
      assert.equal(command, 'node');
      const dataDir = path.join(work, 'data');
      const appFolder = folders.get('runtime') ?? '';
      const serverEnv = {
        ...process.env,
        NODE_TEST_CONTEXT: undefined,
        ...runtimeEnv,
        PORT: '0',
        HOSTNAME: '127.0.0.1',
        PARLEY_DATA_DIR: dataDir,
      };
      const server = own(
        spawn(process.execPath, commandArgs, {
          cwd: appFolder,
          env: serverEnv,
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      const output: string[] = [];
      createInterface({ input: server.stderr }).on('line', (line) => output.push(line));
      const port = await new Promise<number>((resolve, reject) => {
        server.once('exit', (code) =>
          reject(new Error(`the image's server exited (${code}):\n${output.join('\n')}`)),
        );
        createInterface({ input: server.stdout }).on('line', (line) => {
          output.push(line);
          const found = listeningPort(line);
          if (found !== undefined) resolve(found);
        });
      });
      const url = `http://127.0.0.1:${port}`;
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200, output.join('\n'));
      assert.deepEqual(await ready.json(), { status: 'ready' });
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200, 'the build in the image renders the page');
      assert.match(await page.text(), /<title>[^<]*Parley/);

      const [checker = '', ...checkArgs] = healthcheck;
      assert.equal(checker, 'node');
      const check = spawnSync(process.execPath, checkArgs, {
        env: { ...serverEnv, PORT: String(port) },
        timeout: 10_000,
      });
      assert.equal(check.status, 0, 'the HEALTHCHECK passes');

      server.kill('SIGTERM');
      assert.equal(await exited(server), 0, 'SIGTERM stops it cleanly');
    },
  );
});
