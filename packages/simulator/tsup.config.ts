import { defineConfig } from 'tsup';
import { sharedTsupConfig } from '../../tsup.shared.js';

// The library (ESM + CJS + types) and the `tradeloop-sim` bin (dist/cli.js keeps its shebang).
export default defineConfig(
  sharedTsupConfig(
    { index: 'src/index.ts', cli: 'src/cli.ts' },
    { dts: { entry: { index: 'src/index.ts' } } },
  ),
);
