import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { sharedTsupConfig } from '../../tsup.shared.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig(
  sharedTsupConfig(['src/index.ts'], {
    // The User-Agent names the published version.
    define: { __TRADELOOP_REST_VERSION__: JSON.stringify(version) },
  }),
);
