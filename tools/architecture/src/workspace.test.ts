import { describe, expect, it } from 'vitest';
import { cyclesOf, importSpecifiers, packageNameOf } from './workspace.js';

// The checks are only as good as these two helpers: they must see every kind of import and every cycle.
describe('importSpecifiers', () => {
  it('sees value, type-only, multi-line, re-export, side-effect and dynamic imports', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      'import {',
      '  c,',
      '  type D,',
      "} from '@tradeloop/rest';",
      "export { e } from './e.js';",
      "export type * from './f.js';",
      "import 'side-effect';",
      "const g = await import('./g.js');",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual([
      './a.js',
      './b.js',
      '@tradeloop/rest',
      './e.js',
      './f.js',
      'side-effect',
      './g.js',
    ]);
  });

  it('ignores imports quoted in comments, but not code after a URL in a string', () => {
    const text = [
      '/**',
      " * @example import { x } from '@tradeloop/coinbase';",
      ' */',
      "// import { y } from '@tradeloop/rest';",
      "const url = 'wss://example.test'; import { z } from './z.js';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./z.js']);
  });
});

describe('packageNameOf', () => {
  it('names the package of a bare specifier, nothing for relative or node: ones', () => {
    expect(packageNameOf('@tradeloop/rest')).toBe('@tradeloop/rest');
    expect(packageNameOf('@tradeloop/clock/sub')).toBe('@tradeloop/clock');
    expect(packageNameOf('decimal.js')).toBe('decimal.js');
    expect(packageNameOf('vitest/config')).toBe('vitest');
    expect(packageNameOf('./x.js')).toBeUndefined();
    expect(packageNameOf('node:fs')).toBeUndefined();
  });
});

describe('cyclesOf', () => {
  it('finds a loop through three files and a file importing itself, and nothing in a tree', () => {
    const graph = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(
      cyclesOf(
        new Map([
          ['x', ['y']],
          ['y', []],
        ]),
      ),
    ).toEqual([]);
  });
});
