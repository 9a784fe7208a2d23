import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumDecimalStrings } from './candle-series.js';

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
