/**
 * Writes a new strategy package from the template: the strategy, its test against the simulator,
 * a run script, the build, a README. Refuses a folder that holds anything, before writing a byte.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidOptionsError, TargetNotEmptyError } from './errors.js';
import { packageNameProblem } from './options.js';
import type { DependencyVersions } from './template-versions.js';

export interface CreateProjectOptions {
  /** The folder to create (relative paths from `process.cwd()`). */
  directory: string;
  packageName: string;
  /** Version ranges of the packages the project uses (`@tradeloop/strategy-kit`, `vitest`, …). */
  versions: DependencyVersions;
}

export interface CreatedProject {
  directory: string;
  packageName: string;
  /** The files written, relative to `directory`. */
  files: string[];
}

const TEMPLATE_DIRECTORY = fileURLToPath(new URL('../template/', import.meta.url));
/** npm never publishes a file named `.gitignore`, so the template keeps it as `gitignore`. */
const RENAMED_ON_COPY: Record<string, string> = { gitignore: '.gitignore' };

const DEPENDENCIES = ['@tradeloop/strategy-kit'];
const DEV_DEPENDENCIES = [
  '@tradeloop/auth',
  '@tradeloop/coinbase',
  '@tradeloop/simulator',
  '@types/node',
  'tsup',
  'tsx',
  'typescript',
  'vitest',
];

/**
 * @throws {InvalidOptionsError} a package name npm would refuse, or a version missing for a dependency.
 * @throws {TargetNotEmptyError} the folder exists and holds anything.
 */
export async function createStrategyProject(options: CreateProjectOptions): Promise<CreatedProject> {
  const directory = resolve(options.directory);
  const problem = packageNameProblem(options.packageName);
  if (problem)
    throw new InvalidOptionsError(
      `expected a package name of ${problem}, received ${JSON.stringify(options.packageName)}`,
    );
  if (existsSync(directory)) {
    const entries = readdirSync(directory);
    if (entries.length > 0) throw new TargetNotEmptyError(directory, entries);
  }
  const strategyName = options.packageName.replace(/^@[^/]+\//, '');
  const substitute = (text: string) =>
    text.replaceAll('{{packageName}}', options.packageName).replaceAll('{{strategyName}}', strategyName);

  const files: string[] = [];
  for (const templateFile of listFiles(TEMPLATE_DIRECTORY)) {
    const name = RENAMED_ON_COPY[basename(templateFile)] ?? basename(templateFile);
    const target = join(dirname(templateFile), name);
    await mkdir(dirname(join(directory, target)), { recursive: true });
    await writeFile(
      join(directory, target),
      substitute(await readFile(join(TEMPLATE_DIRECTORY, templateFile), 'utf8')),
    );
    files.push(target);
  }
  await writeFile(join(directory, 'package.json'), `${JSON.stringify(manifest(options), null, 2)}\n`);
  files.push('package.json');
  return { directory, packageName: options.packageName, files: files.sort() };
}

function manifest(options: CreateProjectOptions): object {
  const pick = (names: readonly string[]) =>
    Object.fromEntries(
      names.map((name) => {
        const version = options.versions[name];
        if (version === undefined)
          throw new InvalidOptionsError(`expected a version for ${name}, received none`);
        return [name, version];
      }),
    );
  return {
    name: options.packageName,
    version: '0.1.0',
    description: 'A tradeloop strategy plugin',
    type: 'module',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist'],
    keywords: ['tradeloop', 'tradeloop-strategy'],
    engines: { node: '>=20' },
    scripts: {
      build: 'tsup src/index.ts --format esm --dts --clean',
      test: 'vitest run',
      typecheck: 'tsc --noEmit',
      start: 'tsx scripts/run-simulator.ts',
      prepublishOnly: 'npm run typecheck && npm test && npm run build',
    },
    dependencies: pick(DEPENDENCIES),
    devDependencies: pick(DEV_DEPENDENCIES),
  };
}

function listFiles(root: string, folder = ''): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
    return entry.isDirectory() ? listFiles(root, path) : [relative('', path)];
  });
}
