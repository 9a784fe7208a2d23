import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TradeloopError } from '@tradeloop/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStrategyProject } from './create-project.js';
import { InvalidOptionsError, TargetNotEmptyError } from './errors.js';

const versions = {
  '@tradeloop/strategy-kit': '^1.2.3',
  '@tradeloop/auth': '^1.2.4',
  '@tradeloop/coinbase': '^1.2.6',
  '@tradeloop/simulator': '^1.2.5',
  '@types/node': '^20.19.0',
  tsup: '8.5.1',
  tsx: '4.23.15',
  typescript: '5.9.3',
  vitest: '4.1.12',
};

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'create-tradeloop-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('createStrategyProject', () => {
  it('writes a strategy package named as asked, with the given versions', async () => {
    const directory = join(folder, 'grid');
    const project = await createStrategyProject({ directory, packageName: '@acme/grid', versions });
    expect(project.files).toEqual([
      '.gitignore',
      'README.md',
      'package.json',
      'scripts/run-simulator.ts',
      'src/index.test.ts',
      'src/index.ts',
      'tsconfig.json',
    ]);
    const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('@acme/grid');
    expect(manifest.dependencies).toEqual({ '@tradeloop/strategy-kit': '^1.2.3' });
    expect(manifest.devDependencies.vitest).toBe('4.1.12');
    expect(manifest.scripts).toMatchObject({ test: 'vitest run', start: 'tsx scripts/run-simulator.ts' });
    const strategy = await readFile(join(directory, 'src', 'index.ts'), 'utf8');
    expect(strategy).toContain("name: 'grid',");
    expect(await readFile(join(directory, 'README.md'), 'utf8')).toMatch(/^# @acme\/grid\n/);
  });

  it('writes into an existing empty folder', async () => {
    await expect(
      createStrategyProject({ directory: folder, packageName: 'empty-ok', versions }),
    ).resolves.toMatchObject({
      packageName: 'empty-ok',
    });
  });

  it('refuses a folder that holds anything, and writes nothing', async () => {
    await writeFile(join(folder, 'notes.txt'), 'mine');
    const attempt = createStrategyProject({ directory: folder, packageName: 'taken', versions });
    await expect(attempt).rejects.toThrow(TargetNotEmptyError);
    await expect(attempt).rejects.toThrow(/holds 1 entries \(notes\.txt\)/);
    expect(await readdir(folder)).toEqual(['notes.txt']);
  });

  it('refuses a package name npm would refuse, with a typed error', async () => {
    const attempt = createStrategyProject({
      directory: join(folder, 'x'),
      packageName: 'Bad Name',
      versions,
    });
    await expect(attempt).rejects.toThrow(InvalidOptionsError);
    await expect(attempt).rejects.toSatisfy((error) => TradeloopError.isInstance(error));
  });

  it('refuses to write a dependency it has no version for', async () => {
    const { vitest: _left, ...incomplete } = versions;
    await expect(
      createStrategyProject({ directory: join(folder, 'y'), packageName: 'y', versions: incomplete }),
    ).rejects.toThrow(/expected a version for vitest/);
  });
});
