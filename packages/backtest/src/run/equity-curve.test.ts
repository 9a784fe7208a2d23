import { ExactDecimal } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { EquityCurve } from './equity-curve.js';

const decimal = (text: string) => new ExactDecimal(text);

/** A curve over BTC-USD and ETH-USD with the marks log it reads. */
function curveOf() {
  const marks = new Map<string, Array<Decimal | string | undefined>>([
    ['BTC-USD', []],
    ['ETH-USD', []],
  ]);
  const curve = new EquityCurve(['BTC-USD', 'ETH-USD'], marks);
  const log = (btc: Decimal | string | undefined, eth: Decimal | string | undefined) => {
    marks.get('BTC-USD')?.push(btc);
    marks.get('ETH-USD')?.push(eth);
  };
  return { curve, log };
}

describe('EquityCurve', () => {
  it('values each sample as quote + Σ base × mark, exactly, when read', () => {
    const { curve, log } = curveOf();
    const quote = decimal('1000.5');
    const btc = decimal('0.002');
    const eth = decimal('0.1');
    curve.capture(0, quote, [btc, eth]);
    log('43000.12', decimal('2500.7'));
    curve.capture(60_000, quote, [btc, eth]);
    log('43010.01', undefined);
    expect(curve.valueAt(0).toFixed()).toBe('1336.57024'); // 1000.5 + 86.00024 + 250.07
    expect(curve.valueAt(1).toFixed()).toBe('1086.52002'); // no ETH mark: ETH left out
    expect([...curve.times.subarray(0, curve.length)]).toEqual([0, 60_000]);
  });

  it('tells which samples hold the very object of the sample before (a flat stretch)', () => {
    const { curve, log } = curveOf();
    const zero = decimal('0');
    const quote = decimal('1000');
    const btc = decimal('0.5');
    curve.capture(0, quote, [zero, zero]);
    log('100', '10');
    curve.repeat(1);
    log('101', '10');
    curve.capture(2, quote, [zero, zero]); // valued anew, but no base: the quote total itself
    log('102', '10');
    curve.capture(3, decimal('1000'), [zero, zero]); // an equal total, another object
    log('102', '10');
    curve.capture(4, quote, [btc, zero]);
    log('102', '10');
    curve.capture(5, quote, [btc, zero]); // a base valued anew: a new object, even at the same mark
    log('102', '10');
    curve.repeat(6);
    log('103', '10');
    expect([0, 1, 2, 3, 4, 5, 6].map((index) => curve.sameAsPrevious(index))).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
      true,
    ]);
    expect(curve.valueAt(2)).toBe(quote);
    // A repeated sample is the value of the sample it repeats, at that sample's marks.
    expect(curve.valueAt(6).toFixed()).toBe('1051');
  });

  it('holds a base without a mark at the quote total itself', () => {
    const { curve, log } = curveOf();
    const quote = decimal('500');
    curve.capture(0, quote, [decimal('1'), decimal('0')]);
    log(undefined, undefined);
    curve.capture(1, quote, [decimal('1'), decimal('0')]);
    log(undefined, undefined);
    expect(curve.valueAt(1)).toBe(quote);
    expect(curve.sameAsPrevious(1)).toBe(true);
  });

  it('grows past its first capacity', () => {
    const { curve, log } = curveOf();
    const zero = decimal('0');
    for (let index = 0; index < 3000; index += 1) {
      curve.capture(index, decimal(String(index)), [zero, zero]);
      log('1', '1');
    }
    expect(curve.length).toBe(3000);
    expect(curve.valueAt(2999).toFixed()).toBe('2999');
    expect(curve.times[2999]).toBe(2999);
  });
});
