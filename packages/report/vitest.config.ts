import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  // The fixtures simulate whole backtests in exact decimals; on a loaded machine that takes seconds.
  test: { name: 'report', include: ['src/**/*.test.ts'], testTimeout: 30_000 },
});
