import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';

// The command as users run it: a process, stdin not a terminal (so it must ask nothing).
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [tsx, cli, ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'create-tradeloop-cli-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

it('makes the project without asking anything when stdin is not a terminal', async () => {
  const result = await run(['my-strategy'], folder);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Made my-strategy in my-strategy');
  expect(await readdir(join(folder, 'my-strategy'))).toContain('package.json');
});

it('refuses a non-empty folder with exit status 2 and one clear sentence', async () => {
  await writeFile(join(folder, 'keep.txt'), 'mine');
  const result = await run(['.', '--yes'], folder);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(
    /^create-tradeloop: expected an empty or new folder, but .* holds 1 entries \(keep\.txt\)/,
  );
  expect(await readdir(folder)).toEqual(['keep.txt']);
});

it('refuses an unknown flag with exit status 2 and the usage', async () => {
  const result = await run(['--colour'], folder);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('expected --name, --yes or --help, received --colour');
  expect(result.stderr).toContain('Usage: npm create tradeloop@latest');
});
