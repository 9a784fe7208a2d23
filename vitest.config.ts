import { defineConfig } from 'vitest/config';

// One root config; every package and app is a project with its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'apps/*',
      'tools/compat',
      'tools/benchmarks',
      'tools/publish-check',
      'tools/architecture',
    ],
  },
});
