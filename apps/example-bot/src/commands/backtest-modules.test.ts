import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The files a module loads before it runs: its static imports, followed transitively (dynamic
 * imports load later, when asked for), with the workspace packages taken from their sources.
 */
async function staticallyLoaded(entry: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    tsconfig: fileURLToPath(new URL('../../test/tsconfig.sources.json', import.meta.url)),
    logLevel: 'silent',
  });
  const loaded = new Set<string>();
  const pending = Object.keys(metafile.inputs).filter((path) => path.endsWith(entry.replace('./', '')));
  while (pending.length > 0) {
    const path = pending.pop() as string;
    if (loaded.has(path)) continue;
    loaded.add(path);
    for (const imported of metafile.inputs[path]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
  }
  return [...loaded].map((path) => relative(repository, path));
}

describe('what a backtest loads at start', () => {
  it('none of the live trading packages: a backtest (and each sweep) starts without them', async () => {
    const loaded = await staticallyLoaded('./backtest.ts');
    // The check would pass on an empty list: the backtest's own packages must be there.
    expect(loaded).toContainEqual(expect.stringMatching(/^packages\/backtest\/src\//));
    expect(loaded).toContainEqual(expect.stringMatching(/^apps\/example-bot\/src\/strategies\//));
    const live = loaded.filter((path) => /^packages\/(?:coinbase|rest|websocket|auth)\//.test(path));
    expect(live).toEqual([]);
  });
});
