/**
 * The Lightweight Charts standalone production build (it defines `window.LightweightCharts`), read
 * once from the installed package so the report inlines exactly the version pinned in the catalog.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const STANDALONE_BUILD = 'dist/lightweight-charts.standalone.production.js';

let cached: string | undefined;

/** The script's text, licence header included (the Apache-2.0 notice must stay with it). */
export function lightweightChartsSource(): string {
  if (cached === undefined) {
    // The package's exports map does not expose the standalone file; its package.json it does.
    const packageJson = createRequire(import.meta.url).resolve('lightweight-charts/package.json');
    cached = readFileSync(join(dirname(packageJson), STANDALONE_BUILD), 'utf8');
  }
  return cached;
}
