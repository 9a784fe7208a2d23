import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecimalStringSum } from './decimal-string-sum.js';
import { decimalPlaces, decimalUnits } from './decimal-units.js';

const plainDecimal = fc
  .tuple(
    fc.oneof(fc.stringMatching(/^\d{0,4}$/), fc.stringMatching(/^\d{0,24}$/)),
    fc.option(fc.oneof(fc.stringMatching(/^\d{0,3}$/), fc.stringMatching(/^\d{0,20}$/)), { nil: undefined }),
  )
  .filter(([whole, fraction]) => whole !== '' || (fraction ?? '') !== '')
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));

// decimal.js rounds sums to 20 significant digits by default: the reference needs more.
const Decimal = DecimalJs.clone({ precision: 200 });

describe('DecimalStringSum', () => {
  it('sums exactly what decimal.js sums, however long or many the values', () => {
    fc.assert(
      fc.property(fc.array(plainDecimal, { maxLength: 60 }), (values) => {
        const sum = new DecimalStringSum();
        for (const value of values) sum.add(value);
        const expected = values.reduce((total, value) => total.plus(value), new Decimal(0));
        expect(new Decimal(sum.toString()).equals(expected)).toBe(true);
        expect(sum.toString()).toMatch(/^\d+(\.\d*[1-9])?$/);
      }),
      { numRuns: 500 },
    );
  });

  it('sums the same given each value with its units and places as given its text alone', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(plainDecimal, fc.boolean()), { maxLength: 60 }), (values) => {
        const byText = new DecimalStringSum();
        const byUnits = new DecimalStringSum();
        for (const [value, withUnits] of values) {
          byText.add(value);
          if (withUnits) byUnits.addUnits(value, decimalUnits(value), decimalPlaces(value));
          else byUnits.add(value);
        }
        expect(byUnits.toString()).toBe(byText.toString());
      }),
      { numRuns: 300 },
    );
  });

  it('stays exact past 2^53 units', () => {
    const sum = new DecimalStringSum();
    for (let index = 0; index < 1000; index += 1) sum.add('99999999.99999999');
    sum.add('0.00000001');
    expect(sum.toString()).toBe('99999999999.99999001'); // 1000 × 99,999,999.99999999 + 10^-8
    expect(new DecimalStringSum().toString()).toBe('0');
  });
});
