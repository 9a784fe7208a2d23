import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: { name: 'publish-check', include: ['src/**/*.test.ts'], testTimeout: 30_000 },
});
