import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginLoadError } from '../errors.js';
import { type AnyStrategy, isStrategy } from './define-strategy.js';

/** Options of {@link loadStrategy}. */
export interface LoadStrategyOptions {
  /** Where relative paths and packages are resolved from. Default: `process.cwd()`. */
  cwd?: string;
}

/**
 * Loads a strategy plugin: a module whose default export was made by `defineStrategy`.
 * `specifier` is a file path (`./strategies/dip-buyer.js`, absolute, or `file:` URL) or a
 * package name (`@acme/tradeloop-grid`), resolved from `cwd` like an `import` from there.
 * TypeScript files load when the process runs under a TypeScript loader (e.g. `tsx`).
 *
 * @throws PluginLoadError when the module cannot be found or imported, or exports no strategy.
 * @example const strategy = await loadStrategy('./my-strategy.js');
 */
export async function loadStrategy(
  specifier: string,
  options: LoadStrategyOptions = {},
): Promise<AnyStrategy> {
  const cwd = options.cwd ?? process.cwd();
  const url = locate(specifier, cwd);
  let module: Record<string, unknown>;
  try {
    module = (await importModule(url)) as Record<string, unknown>;
  } catch (error) {
    throw new PluginLoadError(
      specifier,
      `could not import ${url}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  const exported = module.default;
  if (isStrategy(exported)) return exported;
  // A CommonJS plugin compiled from `export default` arrives as `{ default: { default: strategy } }`.
  const nested = (exported as Record<string, unknown> | undefined)?.default;
  if (isStrategy(nested)) return nested;
  throw new PluginLoadError(
    specifier,
    `expected a default export made by defineStrategy(), received ${exported === undefined ? 'no default export' : `a ${typeof exported}`}`,
  );
}

/** A dynamic import of a URL known only at run time (kept as a native `import()` in both builds). */
function importModule(url: string): Promise<unknown> {
  return import(url);
}

function locate(specifier: string, cwd: string): string {
  if (specifier.startsWith('file:')) return specifier;
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const path = resolve(cwd, specifier);
    if (!existsSync(path)) throw new PluginLoadError(specifier, `expected a file at ${path}, found none`);
    return pathToFileURL(path).href;
  }
  return pathToFileURL(resolvePackage(specifier, cwd)).href;
}

/** Resolves a package name from `cwd`: through `require.resolve`, or through its `exports`/`module`/`main` for ESM-only packages. */
function resolvePackage(name: string, cwd: string): string {
  try {
    return createRequire(join(cwd, 'package.json')).resolve(name);
  } catch {
    // ESM-only packages (an `exports` map with only an `import` condition) do not resolve for require.
  }
  for (let directory = cwd; ; directory = dirname(directory)) {
    const packageDirectory = join(directory, 'node_modules', name);
    const manifestPath = join(packageDirectory, 'package.json');
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
      const entry = entryOf(manifest);
      if (entry === undefined)
        throw new PluginLoadError(name, `${manifestPath} names no entry point (exports, module or main)`);
      return join(packageDirectory, entry);
    }
    if (dirname(directory) === directory) break;
  }
  throw new PluginLoadError(
    name,
    `expected an installed package, found none from ${cwd}; install it or pass a file path`,
  );
}

function entryOf(manifest: Record<string, unknown>): string | undefined {
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (typeof value !== 'object' || value === null) return undefined;
    const conditions = value as Record<string, unknown>;
    for (const key of ['.', 'import', 'node', 'default']) {
      const found = pick(conditions[key]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return (
    pick(manifest.exports) ??
    (manifest.module as string | undefined) ??
    (manifest.main as string | undefined) ??
    'index.js'
  );
}
