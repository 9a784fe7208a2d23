import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Crossing, MovingAverageCrossover } from './crossover.js';

function feed(crossover: MovingAverageCrossover, closes: string[]): Array<Crossing | undefined> {
  return closes.map((close) => crossover.update(new Decimal(close)));
}

describe('MovingAverageCrossover', () => {
  it('reports nothing until both averages exist and have an order', () => {
    expect(feed(new MovingAverageCrossover(2, 3), ['10', '10', '10', '10'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reports a rise through the slow average, then a fall, once each', () => {
    // fast(2) / slow(3): closes 10 10 9 → 9.5 < 9.67 (below); 12 → 10.5 > 10.33 (above); 13 → still above;
    // 8 → 10.5 < 11 (below).
    expect(feed(new MovingAverageCrossover(2, 3), ['10', '10', '9', '12', '13', '8'])).toEqual([
      undefined,
      undefined,
      undefined,
      'crossed-above',
      undefined,
      'crossed-below',
    ]);
    const crossover = new MovingAverageCrossover(2, 3);
    feed(crossover, ['1', '2', '3.3']);
    expect(crossover.averages.fast?.toFixed()).toBe('2.65');
    expect(crossover.averages.slow?.toFixed()).toBe('2.1');
  });

  it('keeps the previous side through a tie', () => {
    // below, then equal (no report), then above: one crossing.
    expect(feed(new MovingAverageCrossover(1, 2), ['2', '1', '1', '3'])).toEqual([
      undefined,
      undefined,
      undefined,
      'crossed-above',
    ]);
  });

  it('rejects periods that cannot cross', () => {
    expect(() => new MovingAverageCrossover(5, 5)).toThrow(RangeError);
    expect(() => new MovingAverageCrossover(0, 5)).toThrow(RangeError);
    expect(() => new MovingAverageCrossover(1.5, 5)).toThrow(RangeError);
  });

  it('alternates: never two crossings the same way in a row, for any price path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 5 }),
        (cents, fast) => {
          const crossover = new MovingAverageCrossover(fast, fast + 3);
          const crossings = cents
            .map((value) => crossover.update(new Decimal(value).div(100)))
            .filter((crossing) => crossing !== undefined);
          for (let index = 1; index < crossings.length; index += 1) {
            expect(crossings[index]).not.toBe(crossings[index - 1]);
          }
        },
      ),
    );
  });
});
