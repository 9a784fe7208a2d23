/**
 * Every TypeScript example in every package's and app's README, taken from the README itself:
 * all are type-checked together against the packages' sources, and each one that can run here is
 * run and its `console.log(...) // value` comments compared with what it printed. An example that
 * needs Coinbase says so in a visible comment and is only type-checked.
 */

import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CodeExample, expectedConsoleOutput, extractCodeExamples } from './readme-examples.js';
import { findPublicPackages, findWorkspaceProjects } from './workspace-packages.js';

const root = resolve(import.meta.dirname, '../../..');
const EXAMPLES_FOLDER = '.readme-examples';
const typeCheckFolder = join(import.meta.dirname, '..', EXAMPLES_FOLDER);

/** Guides whose examples form one project that `pnpm test:publish` runs end to end (a bot until Ctrl-C, a vitest file). */
const RUN_BY_PUBLISH_CHECK: Record<string, string> = { '@tradeloop/strategy-kit': 'Ten minutes' };

interface WrittenExample {
  packageName: string;
  example: CodeExample;
  path: string;
}

/** Every package's and app's README (tools have none meant for users). */
const packages = findWorkspaceProjects(root).filter(
  (project) =>
    !project.relativeDirectory.startsWith('tools/') && existsSync(join(project.directory, 'README.md')),
);
const publicPackages = findPublicPackages(root);
const written: WrittenExample[] = packages.flatMap((project) =>
  extractCodeExamples(readFileSync(join(project.directory, 'README.md'), 'utf8')).map((example) => ({
    packageName: project.name,
    example,
    path: join(project.directory, EXAMPLES_FOLDER, example.fileName ?? `example-line-${example.line}.ts`),
  })),
);

beforeAll(async () => {
  for (const project of packages)
    await rm(join(project.directory, EXAMPLES_FOLDER), { recursive: true, force: true });
  for (const { path, example } of written) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, example.code);
  }
});

afterAll(async () => {
  for (const project of packages)
    await rm(join(project.directory, EXAMPLES_FOLDER), { recursive: true, force: true });
  await rm(typeCheckFolder, { recursive: true, force: true });
});

it('type-checks every README example against the packages it imports', async () => {
  expect(written.length).toBeGreaterThan(0);
  await mkdir(typeCheckFolder, { recursive: true });
  const paths = Object.fromEntries(
    publicPackages.map((project) => [
      project.name,
      [relative(typeCheckFolder, join(project.directory, 'src', 'index.ts'))],
    ]),
  );
  await writeFile(
    join(typeCheckFolder, 'tsconfig.json'),
    JSON.stringify({
      extends: relative(typeCheckFolder, join(root, 'tsconfig.base.json')),
      compilerOptions: { noEmit: true, paths },
      files: written.map((entry) => relative(typeCheckFolder, entry.path)),
    }),
  );
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', typeCheckFolder]).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
  );
  expect(result.stdout.replaceAll(`${root}/`, '')).toBe('');
}, 120_000);

describe.each([...new Set(written.map((entry) => entry.packageName))])('%s README', (packageName) => {
  for (const { example, path } of written.filter((entry) => entry.packageName === packageName)) {
    const guide = RUN_BY_PUBLISH_CHECK[packageName];
    const skipReason =
      example.notRunReason ??
      (guide && example.headings.some((heading) => heading.startsWith(guide))
        ? `part of the "${guide}" guide, run end to end by pnpm test:publish`
        : undefined);
    if (skipReason) {
      it.skip(`line ${example.line}: not run here (${skipReason})`, () => {});
      continue;
    }
    it(`line ${example.line}: runs and prints what its comments say`, async () => {
      const printed = await runCapturingConsole(path);
      const expected = expectedConsoleOutput(example.code);
      expect(printed.length, 'console.log calls').toBeGreaterThanOrEqual(expected.length);
      expected.forEach((comment, index) => {
        const value = parseExpected(comment);
        if (value.known) expect(printed[index], `// ${comment}`).toEqual(value.value);
      });
    }, 60_000);
  }
});

/** Imports the example (running it) and returns the first argument of each `console.log`. */
async function runCapturingConsole(path: string): Promise<unknown[]> {
  const printed: unknown[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((value: unknown) => {
    printed.push(value);
  });
  const restoreEnvironment = withExampleEnvironment();
  try {
    await import(/* @vite-ignore */ pathToFileURL(path).href);
  } finally {
    spy.mockRestore();
    restoreEnvironment();
  }
  return printed;
}

/** A comment that is JSON (`"quote_rejected"`, `["a", "b"]`) is the exact value; `{ a: 1, ... }` only illustrates. */
function parseExpected(comment: string): { known: boolean; value?: unknown } {
  try {
    return { known: true, value: JSON.parse(comment) };
  } catch {
    return { known: false };
  }
}

/**
 * What a reader has set before running an example: Coinbase Advanced Trade (CDP) credentials,
 * here a real P-256 key made on the spot (signing needs no network).
 */
function withExampleEnvironment(): () => void {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const values: Record<string, string> = {
    COINBASE_CDP_KEY_NAME: 'organizations/readme-test/apiKeys/readme-test',
    COINBASE_CDP_PRIVATE_KEY: privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
  };
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
