import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cyclesOf, importSpecifiers, publishedPackages, resolveRelative, shown } from './workspace.js';

describe('import cycles', () => {
  it('no two files under packages/*/src import each other, directly or around a loop, type-only included', () => {
    const graph = new Map<string, string[]>();
    for (const pkg of publishedPackages()) {
      for (const file of pkg.sourceFiles) {
        const targets = importSpecifiers(readFileSync(file, 'utf8'))
          .map((specifier) => resolveRelative(file, specifier))
          .filter((target): target is string => target !== undefined);
        graph.set(file, [...new Set(targets)]);
      }
    }
    expect(graph.size).toBeGreaterThan(100);
    expect(cyclesOf(graph).map((cycle) => cycle.map(shown))).toEqual([]);
  });
});
