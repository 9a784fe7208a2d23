/**
 * The sweep's worker module compiled to one JavaScript file before the threads start, so a thread
 * imports plain JavaScript instead of registering tsx and transpiling the bot's sources itself
 * (which took most of a thread's start). esbuild compiles what tsx would (TypeScript files,
 * resolved as tsx resolves them, with the tsconfig tsx uses); every JavaScript file — the built
 * packages, decimal.js — stays an import of that file, loaded by Node as usual. (In the compiled
 * sources `import.meta.url` names the temporary file: none of them reads it.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** A compiled worker module: its file URL, and how to remove it once the threads are done. */
export interface CompiledWorkerModule {
  readonly url: string;
  remove(): Promise<void>;
}

const typeScript = /\.(?:[cm]?ts|tsx)$/;

/** Leaves every JavaScript file as an import of its absolute URL; compiles TypeScript files in. */
const javaScriptStaysExternal: Plugin = {
  name: 'javascript-stays-external',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === 'resolving') return undefined;
      if (isBuiltin(args.path)) return { path: args.path, external: true };
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0 || resolved.external || typeScript.test(resolved.path)) return resolved;
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

/**
 * Compiles `sweep-worker.ts` into a fresh temporary directory.
 * @param tsconfig the tsconfig tsx uses (its `paths` resolve as they do for tsx); default
 *   `TSX_TSCONFIG_PATH`, else esbuild finds the nearest tsconfig.json.
 * @throws whatever esbuild reports (the caller then lets the threads use tsx).
 */
export async function compileSweepWorker(
  tsconfig = process.env.TSX_TSCONFIG_PATH,
): Promise<CompiledWorkerModule> {
  const directory = await mkdtemp(join(tmpdir(), 'tradeloop-sweep-'));
  const remove = () => rm(directory, { recursive: true, force: true });
  try {
    const outfile = join(directory, 'sweep-worker.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./sweep-worker.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Node's own resolution: no `module` condition or field.
      conditions: [],
      mainFields: ['main'],
      ...(tsconfig === undefined || tsconfig === '' ? {} : { tsconfig: resolve(tsconfig) }),
      plugins: [javaScriptStaysExternal],
      logLevel: 'silent',
    });
    return { url: pathToFileURL(outfile).href, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
