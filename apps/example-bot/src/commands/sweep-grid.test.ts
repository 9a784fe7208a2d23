import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.js';
import { parseSweep, rankCells, sweepCells } from './sweep-grid.js';

describe('parseSweep', () => {
  it('reads ranges (inclusive, exact decimal steps) and lists', () => {
    expect(parseSweep('fast=5..20:5,slow=20..60:10')).toEqual([
      { name: 'fast', values: ['5', '10', '15', '20'] },
      { name: 'slow', values: ['20', '30', '40', '50', '60'] },
    ]);
    expect(parseSweep('spread=0.001..0.003:0.001, mode=a|b')).toEqual([
      { name: 'spread', values: ['0.001', '0.002', '0.003'] },
      { name: 'mode', values: ['a', 'b'] },
    ]);
    expect(parseSweep('fast=3..7')).toEqual([{ name: 'fast', values: ['3', '4', '5', '6', '7'] }]);
  });

  it('refuses what it cannot read, saying why', () => {
    expect(() => parseSweep('fast')).toThrow(ConfigError);
    expect(() => parseSweep('fast=9..3')).toThrow(/smaller bound first/);
    expect(() => parseSweep('fast=1..3:0')).toThrow(/step of fast must be positive/);
    expect(() => parseSweep('fast=1..2,fast=3..4')).toThrow(/swept twice/);
    expect(() => parseSweep('a=1..100,b=1..100,c=1..2')).toThrow(/20000 runs/);
  });
});

it('makes every combination, the first axis slowest', () => {
  expect(sweepCells(parseSweep('fast=1..2,slow=a|b'))).toEqual([
    { fast: '1', slow: 'a' },
    { fast: '1', slow: 'b' },
    { fast: '2', slow: 'a' },
    { fast: '2', slow: 'b' },
  ]);
});

it('ranks by Sharpe, then total return, undefined last, ties in grid order', () => {
  const cell = (name: string, sharpe: string | null, totalReturn: string | null) => ({
    name,
    metrics: { sharpe, totalReturn },
  });
  const ranked = rankCells([
    cell('a', '1.5', '0.1'),
    cell('b', null, '0.9'),
    cell('c', '2', '0.05'),
    cell('d', '1.5', '0.2'),
    cell('e', '1.5', '0.2'),
  ]);
  expect(ranked.map((entry) => entry.name)).toEqual(['c', 'd', 'e', 'a', 'b']);
});
