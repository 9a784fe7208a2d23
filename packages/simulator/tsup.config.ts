import { defineConfig } from 'tsup';

export default defineConfig({
  // The library (ESM + CJS + types) and the `tradeloop-sim` bin (dist/cli.js keeps its shebang).
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  clean: true,
  target: 'node20',
});
