import type { Options } from 'tsup';

/**
 * The build every published package shares: ESM + CJS + type declarations for node20, from
 * `tsconfig.build.json`, with source maps (kept out of the tarball by each package's `files`).
 * Each package's `tsup.config.ts` calls this with its entries and adds what only it needs.
 *
 * @param entry - the bundles to emit, e.g. `['src/index.ts']` or `{ index: 'src/index.ts', cli: 'src/cli.ts' }`.
 * @param overrides - options only one package needs (e.g. a `define`, or types for fewer entries).
 */
export function sharedTsupConfig(entry: Options['entry'], overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    tsconfig: 'tsconfig.build.json',
    sourcemap: true,
    clean: true,
    target: 'node20',
    ...overrides,
  };
}
