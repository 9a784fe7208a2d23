import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isShippedSource, publishedPackages, shown } from './workspace.js';

/** House style: a file holds one idea, in about 500 lines. */
const lineBudget = 500;
/** How far down the header may give its reason. */
const headerLines = 15;

describe('file length', () => {
  it(`no shipped source file over ${lineBudget} lines without a reason in its header`, () => {
    const unexplained: string[] = [];
    for (const pkg of publishedPackages()) {
      for (const file of pkg.sourceFiles.filter(isShippedSource)) {
        const lines = readFileSync(file, 'utf8').split('\n');
        if (lines.length <= lineBudget) continue;
        // The reason says why the file stays whole, and names the budget it goes over.
        const header = lines.slice(0, headerLines).join('\n');
        if (!/\b500 lines\b/.test(header)) unexplained.push(`${shown(file)} (${lines.length} lines)`);
      }
    }
    expect(unexplained).toEqual([]);
  });
});
