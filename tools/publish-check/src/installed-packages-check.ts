/**
 * Installs every published package into fresh projects outside the workspace, once with npm and
 * once with pnpm (whose strict layout catches an undeclared dependency), then imports each from
 * ESM and from CommonJS and type-checks code that uses their public types under the two module
 * resolutions users pick (`node16`, `bundler`).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckContext, installSpecifiers, pnpmStoreFlags, toolSpecifier } from './check-context.js';
import { PublishCheckError } from './publish-check-error.js';
import { extractCodeExamples, importedPackages } from './readme-examples.js';
import { report } from './report.js';
import { runCommand } from './run-command.js';

export async function checkInstalledPackages(context: CheckContext, manager: 'npm' | 'pnpm'): Promise<void> {
  report.step(`install every package with ${manager} outside the workspace, import it, type-check it`);
  const directory = join(context.temporaryRoot, `${manager}-project`);
  await mkdir(directory, { recursive: true });
  await writeJson(join(directory, 'package.json'), {
    name: `${manager}-project`,
    private: true,
    type: 'module',
  });
  const specifiers = [
    ...installSpecifiers(context),
    toolSpecifier(context, 'typescript'),
    toolSpecifier(context, '@types/node'),
  ];
  const env = context.userEnvironment;
  if (manager === 'npm') await runCommand('npm', ['install', ...specifiers], { cwd: directory, env });
  else await runCommand('pnpm', ['add', ...pnpmStoreFlags(context), ...specifiers], { cwd: directory, env });

  const names = context.published.map((entry) => entry.name);
  await writeFile(join(directory, 'import-all.mjs'), importScript(names));
  await writeFile(join(directory, 'require-all.cjs'), requireScript(names));
  const esm = await runCommand('node', ['import-all.mjs'], { cwd: directory, env });
  const cjs = await runCommand('node', ['require-all.cjs'], { cwd: directory, env });
  compareExports(JSON.parse(esm.stdout) as ExportNames, JSON.parse(cjs.stdout) as ExportNames);
  report.note(`ESM and CommonJS give the same exports for ${names.length} packages`);

  const typeChecked = await writeTypeCheckFiles(context, directory);
  // Each resolution once (a type-check costs a core for ~10 s): node16 (ESM and CommonJS files)
  // on npm's layout, bundler on pnpm's strict one.
  const resolutions = manager === 'npm' ? (['node16'] as const) : (['bundler'] as const);
  for (const resolution of resolutions) {
    await writeJson(join(directory, `tsconfig.${resolution}.json`), tsconfigFor(resolution, typeChecked));
    await runCommand(
      'node',
      [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${resolution}.json`],
      {
        cwd: directory,
        env,
      },
    );
  }
  report.note(`type-checked ${typeChecked.length} files (moduleResolution ${resolutions.join(' and ')})`);
}

type ExportNames = Record<string, string[]>;

function importScript(names: readonly string[]): string {
  return `const exportsByPackage = {};
for (const name of ${JSON.stringify(names)}) {
  const module = await import(name);
  exportsByPackage[name] = Object.keys(module).filter((key) => key !== 'default').sort();
}
console.log(JSON.stringify(exportsByPackage));
`;
}

function requireScript(names: readonly string[]): string {
  return `'use strict';
const exportsByPackage = {};
for (const name of ${JSON.stringify(names)}) {
  const module = require(name);
  exportsByPackage[name] = Object.keys(module).filter((key) => key !== 'default' && key !== '__esModule').sort();
}
console.log(JSON.stringify(exportsByPackage));
`;
}

function compareExports(esm: ExportNames, cjs: ExportNames): void {
  for (const [name, esmNames] of Object.entries(esm)) {
    const cjsNames = cjs[name] ?? [];
    if (esmNames.length === 0) throw new PublishCheckError(`${name} imported from ESM exports nothing`);
    if (esmNames.join() !== cjsNames.join()) {
      throw new PublishCheckError(
        `${name} exports differ between ESM and CommonJS: only in ESM [${esmNames.filter((key) => !cjsNames.includes(key)).join(', ')}], only in CommonJS [${cjsNames.filter((key) => !esmNames.includes(key)).join(', ')}]`,
      );
    }
  }
}

/**
 * A file per package that imports it whole from ESM and one from CommonJS (`import x = require`),
 * plus every README example of every package whose imports are installed here: the examples are
 * where the public types are used the way users use them.
 */
async function writeTypeCheckFiles(context: CheckContext, directory: string): Promise<string[]> {
  const files: string[] = [];
  const installed = new Set(context.published.map((entry) => entry.name));
  installed.add('node');
  for (const [index, entry] of context.published.entries()) {
    const esmFile = `types/package-${index}.ts`;
    const cjsFile = `types/package-${index}.cts`;
    await mkdir(join(directory, 'types'), { recursive: true });
    await writeFile(
      join(directory, esmFile),
      `import * as published from '${entry.name}';\nexport const exportNames: (keyof typeof published)[] = Object.keys(published) as (keyof typeof published)[];\n`,
    );
    await writeFile(
      join(directory, cjsFile),
      `import published = require('${entry.name}');\nexport const exportNames: (keyof typeof published)[] = Object.keys(published) as (keyof typeof published)[];\n`,
    );
    files.push(esmFile, cjsFile);
    const readme = await readFile(join(entry.workspaceDirectory, 'README.md'), 'utf8').catch(() => '');
    for (const [exampleIndex, example] of extractCodeExamples(readme).entries()) {
      if (!importedPackages(example.code).every((name) => installed.has(name))) continue;
      const folder = `readme/package-${index}/example-${exampleIndex}`;
      const file = `${folder}/${example.fileName ?? 'example.ts'}`;
      await mkdir(join(directory, folder), { recursive: true });
      // `export {}` keeps each example a module, as it is in a user's project of type module.
      await writeFile(join(directory, file), `${example.code}\nexport {};\n`);
      files.push(file);
    }
  }
  return files;
}

function tsconfigFor(resolution: 'node16' | 'bundler', files: readonly string[]): object {
  return {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: resolution === 'node16' ? 'node16' : 'esnext',
      moduleResolution: resolution,
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    },
    // CommonJS files (`.cts`) only make sense under node16; bundler resolution is ESM-only.
    files: resolution === 'node16' ? files : files.filter((file) => !file.endsWith('.cts')),
  };
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
