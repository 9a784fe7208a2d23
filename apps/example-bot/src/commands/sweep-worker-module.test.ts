import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { threadNodeOptions } from './sweep-runner.js';
import { compileSweepWorker } from './sweep-worker-module.js';

describe('the compiled sweep worker module', () => {
  it('holds the TypeScript sources as JavaScript and imports every JavaScript file by its absolute URL', async () => {
    // The packages from their sources, as the end-to-end tests run them (no build needed).
    const compiled = await compileSweepWorker(
      fileURLToPath(new URL('../../test/tsconfig.sources.json', import.meta.url)),
    );
    const file = fileURLToPath(compiled.url);
    try {
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('export {');
      expect(text).toMatch(/src\/strategies\/trend-follower\.ts/);
      expect(text).toMatch(/packages\/backtest\/src\/run\/run-backtest\.ts/);
      const specifiers = [...text.matchAll(/^import .*? from "([^"]+)";$/gms)].map(
        (match) => match[1] as string,
      );
      expect(specifiers.length).toBeGreaterThan(0);
      for (const specifier of specifiers) {
        if (isBuiltin(specifier)) continue;
        expect(specifier).toMatch(/^file:\/\/.*\.(?:js|mjs|cjs)$/);
        expect(existsSync(fileURLToPath(specifier))).toBe(true);
      }
    } finally {
      await compiled.remove();
    }
    expect(existsSync(file)).toBe(false);
  });

  it("starts a thread with the process's options it can take: not tsx's loader, not V8's flags", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'thread-options-'));
    const hook = join(directory, 'my-tsx-free-hook.mjs');
    writeFileSync(hook, 'globalThis.hookRan = true;\n');
    // What a thread can take, after what it cannot: tsx's loader, V8's flags, options of the process.
    const kept = ['--import', hook, '--enable-source-maps', '--conditions=development', '-C', 'custom'];
    const options = threadNodeOptions([
      '--import',
      'tsx',
      '--max-old-space-size=4096',
      '--stack-trace-limit=50',
      '--title=backtest',
      '--require',
      '/repo/node_modules/.pnpm/tsx@4.23.15/node_modules/tsx/dist/preflight.cjs',
      '--import=file:///repo/node_modules/tsx/dist/loader.mjs',
      ...kept,
    ]);
    expect(options).toEqual(kept);
    // Node refuses to start a thread given an option it does not take (V8's flags among them).
    const threadFile = join(directory, 'thread.mjs');
    writeFileSync(
      threadFile,
      "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage([globalThis.hookRan, process.execArgv]);\n",
    );
    const thread = new Worker(threadFile, { execArgv: options });
    try {
      const [hookRan, execArgv] = await new Promise<[boolean, string[]]>((resolve, reject) => {
        thread.once('message', resolve);
        thread.once('error', reject);
      });
      expect(hookRan).toBe(true);
      expect(execArgv).toEqual(options);
    } finally {
      await thread.terminate();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
