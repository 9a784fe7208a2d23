import { readFileSync } from 'node:fs';
import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineProject({
  resolve: { alias: workspaceAliases },
  // Same substitution as the build, so tests see the User-Agent users will send.
  define: { __TRADELOOP_REST_VERSION__: JSON.stringify(version) },
  test: { name: 'rest', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
