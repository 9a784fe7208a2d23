import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PluginLoadError } from '../errors.js';
import { loadStrategy } from './plugin-loader.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/plugins/', import.meta.url));
const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

describe('loadStrategy', () => {
  it('loads a plugin by file path, relative to cwd', async () => {
    const strategy = await loadStrategy('./good-plugin.mjs', { cwd: fixtures });
    expect(strategy.name).toBe('fixture-good');
    expect(strategy.params?.defaults).toEqual({ spread: '0.01' });
  });

  it('loads a plugin by package name, also an ESM-only package built against another copy of the kit', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tradeloop-plugin-'));
    cleanups.push(() => rmSync(project, { recursive: true, force: true }));
    const packageDirectory = join(project, 'node_modules', '@acme', 'esm-only-strategy');
    mkdirSync(packageDirectory, { recursive: true });
    writeFileSync(
      join(packageDirectory, 'package.json'),
      JSON.stringify({
        name: '@acme/esm-only-strategy',
        type: 'module',
        exports: { '.': { import: './index.js' } },
      }),
    );
    // What defineStrategy() of any copy of the kit produces: the shared marker symbol.
    writeFileSync(
      join(packageDirectory, 'index.js'),
      "export default { name: 'fixture-package', [Symbol.for('@tradeloop/strategy')]: true };\n",
    );
    const strategy = await loadStrategy('@acme/esm-only-strategy', { cwd: project });
    expect(strategy.name).toBe('fixture-package');
  });

  it('explains what is wrong: missing file, missing package, no strategy exported', async () => {
    await expect(loadStrategy('./missing.mjs', { cwd: fixtures })).rejects.toThrow(
      /expected a file at .*missing\.mjs, found none/,
    );
    await expect(loadStrategy('@acme/not-installed', { cwd: fixtures })).rejects.toThrow(
      /expected an installed package/,
    );
    const error = await loadStrategy('./no-default.mjs', { cwd: fixtures }).catch(
      (caught: unknown) => caught,
    );
    expect(PluginLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'strategy plugin ./no-default.mjs: expected a default export made by defineStrategy(), received no default export',
    );
  });
});
