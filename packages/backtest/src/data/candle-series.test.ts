import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareUnsignedDecimals, sumDecimalStrings } from './candle-series.js';

describe('compareUnsignedDecimals', () => {
  it('orders like Decimal, whatever the leading and trailing zeros', () => {
    const decimalText = fc
      .tuple(fc.stringMatching(/^\d{1,6}$/), fc.option(fc.stringMatching(/^\d{0,6}$/)))
      .map(([integer, fraction]) => (fraction === null ? integer : `${integer}.${fraction}`));
    fc.assert(
      fc.property(decimalText, decimalText, (left, right) => {
        expect(compareUnsignedDecimals(left, right)).toBe(new Decimal(left).comparedTo(new Decimal(right)));
      }),
    );
    expect(compareUnsignedDecimals('.5', '0.50')).toBe(0);
    expect(compareUnsignedDecimals('10', '9.999')).toBe(1);
  });
});

describe('sumDecimalStrings', () => {
  it('sums exactly like Decimal', () => {
    const decimalText = fc
      .tuple(fc.stringMatching(/^\d{1,9}$/), fc.stringMatching(/^\d{0,9}$/))
      .map(([integer, fraction]) => (fraction === '' ? integer : `${integer}.${fraction}`));
    fc.assert(
      fc.property(fc.array(decimalText, { minLength: 1, maxLength: 8 }), (texts) => {
        const exact = texts.reduce((total, text) => total.plus(text), new Decimal(0));
        expect(sumDecimalStrings(texts, 0, texts.length)).toBe(exact.toFixed());
      }),
    );
  });
});
