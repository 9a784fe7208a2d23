import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutTypeScriptLoader } from './sweep-runner.js';
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

  it("drops tsx's loader from the threads' Node options and keeps the rest", () => {
    expect(
      withoutTypeScriptLoader([
        '--import',
        'tsx',
        '--max-old-space-size=4096',
        '--require',
        '/repo/node_modules/.pnpm/tsx@4.23.15/node_modules/tsx/dist/preflight.cjs',
        '--import=file:///repo/node_modules/tsx/dist/loader.mjs',
        '--import',
        './my-tsx-free-hook.mjs',
        '--enable-source-maps',
      ]),
    ).toEqual(['--max-old-space-size=4096', '--import', './my-tsx-free-hook.mjs', '--enable-source-maps']);
  });
});
