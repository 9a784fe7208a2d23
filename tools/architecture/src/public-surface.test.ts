import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, workspaceRoot } from './workspace.js';

/** Where a package pins its public surface (`Object.keys` of its index): `index.test.ts` by default. */
const snapshotFiles = ['src/index.test.ts', 'src/public-api.test.ts'];

describe('public surface', () => {
  it('every published package has an export-snapshot test of its src/index.ts', () => {
    const missing = publishedPackages()
      .filter(
        (pkg) => !snapshotFiles.some((file) => existsSync(join(workspaceRoot, 'packages', pkg.folder, file))),
      )
      .map((pkg) => pkg.name);
    expect(missing).toEqual([]);
  });
});
