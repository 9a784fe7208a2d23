import { defineConfig } from 'tsup';
import { sharedTsupConfig } from '../../tsup.shared.js';

// shims: the CommonJS build needs `import.meta.url` to find the installed lightweight-charts.
export default defineConfig(sharedTsupConfig(['src/index.ts'], { shims: true }));
