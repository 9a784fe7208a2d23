import { defineConfig } from 'tsup';
import { sharedTsupConfig } from '../../tsup.shared.js';

// `cli` is the `create-tradeloop` command (bin: dist/cli.js, keeps its shebang); `index` the API.
// `shims`: the CommonJS build gets `import.meta.url`, which finds the template beside `dist/`.
export default defineConfig(sharedTsupConfig({ index: 'src/index.ts', cli: 'src/cli.ts' }, { shims: true }));
