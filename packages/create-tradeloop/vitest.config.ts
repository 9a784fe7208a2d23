import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'create-tradeloop',
    include: ['src/**/*.test.ts', 'template/src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
