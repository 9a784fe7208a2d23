import { describe, expect, it } from 'vitest';
import { areaOf, summarize } from './profile-summary.js';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });

describe('areaOf', () => {
  it('names tradeloop packages, the bot, dependencies, Node and V8 buckets', () => {
    expect(areaOf(frame('append', 'file:///repo/packages/strategy-kit/dist/index.js'))).toBe(
      '@tradeloop/strategy-kit',
    );
    expect(areaOf(frame('record', 'file:///repo/apps/example-bot/src/output/console.ts'))).toBe(
      'example-bot',
    );
    expect(
      areaOf(
        frame(
          'P.plus',
          'file:///repo/node_modules/.pnpm/decimal.js@10.6.0/node_modules/decimal.js/decimal.mjs',
        ),
      ),
    ).toBe('decimal.js');
    expect(areaOf(frame('emit', 'node:events'))).toBe('node core');
    expect(areaOf(frame('(garbage collector)', ''))).toBe('(garbage collector)');
    expect(areaOf(frame('fsync', ''))).toBe('(native or V8 builtins)');
  });
});

describe('summarize', () => {
  it('adds each sample’s time to its function, its area and its caller chain', () => {
    const summary = summarize({
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 4] },
        { id: 2, callFrame: frame('append', 'file:///r/packages/strategy-kit/dist/index.js'), children: [3] },
        { id: 3, callFrame: frame('fsync', '') },
        { id: 4, callFrame: frame('(idle)', '') },
      ],
      samples: [3, 3, 2, 4],
      timeDeltas: [100, 300, 50, 1000],
    });
    expect(summary.totalMicroseconds).toBe(1450);
    expect(summary.areas).toEqual([
      ['(idle)', 1000],
      ['(native or V8 builtins)', 400],
      ['@tradeloop/strategy-kit', 50],
    ]);
    expect(summary.functions[1]).toEqual(['fsync', 400]);
    expect(summary.callers.get('fsync')?.[0]?.[0]).toMatch(
      /^append \(packages\/strategy-kit\/dist\/index\.js:1\) ← \(root\)$/,
    );
  });
});
