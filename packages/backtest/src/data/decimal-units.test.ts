import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareDecimalUnits,
  compareUnsignedDecimals,
  decimalPlaces,
  decimalUnits,
} from './decimal-units.js';

/** Plain decimals of every form: short and long, leading and trailing zeros, `.5`, `5.`. */
const plainDecimal = fc
  .tuple(
    fc.oneof(fc.stringMatching(/^\d{0,6}$/), fc.stringMatching(/^0{0,3}\d{0,18}$/)),
    fc.option(fc.oneof(fc.stringMatching(/^\d{0,4}0{0,3}$/), fc.stringMatching(/^\d{0,20}$/)), {
      nil: undefined,
    }),
  )
  .filter(([whole, fraction]) => whole !== '' || (fraction ?? '') !== '')
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));

/** Two values near each other, so that equal and close values are common. */
const pair = fc.oneof(
  fc.tuple(plainDecimal, plainDecimal),
  plainDecimal.chain((value) =>
    fc.tuple(
      fc.constant(value),
      fc.constantFrom(value, `${value}0`, value.includes('.') ? `${value}00` : `${value}.0`, `0${value}`),
    ),
  ),
);

const compare = (left: string, right: string) =>
  compareDecimalUnits(
    left,
    decimalUnits(left),
    decimalPlaces(left),
    right,
    decimalUnits(right),
    decimalPlaces(right),
  );

describe('decimal units', () => {
  it('compare exactly as the text comparison does', () => {
    fc.assert(
      fc.property(pair, ([left, right]) => {
        expect(compare(left, right)).toBe(compareUnsignedDecimals(left, right));
        expect(compare(right, left)).toBe(compareUnsignedDecimals(right, left));
      }),
      { numRuns: 5000 },
    );
  });

  it('read a value of up to 15 digits as the integer of its digits, and refuse a longer one', () => {
    fc.assert(
      fc.property(plainDecimal, (value) => {
        const digits = value.replace('.', '');
        expect(decimalUnits(value)).toBe(digits.length > 15 ? -1 : Number(digits));
        expect(decimalPlaces(value)).toBe(value.includes('.') ? value.length - value.indexOf('.') - 1 : 0);
      }),
    );
    expect(decimalUnits('43012.55')).toBe(4_301_255);
    expect(decimalPlaces('43012.55')).toBe(2);
    expect(decimalUnits('999999999999999')).toBe(999_999_999_999_999);
    expect(decimalUnits('9999999999999999')).toBe(-1);
  });

  it('fall back to the texts where scaling would leave 2^53', () => {
    // 15 digits each, 15 places apart: the scaled count is far past 2^53.
    expect(compare('999999999999999', '0.000000000000001')).toBe(1);
    expect(compare('0.000000000000001', '999999999999999')).toBe(-1);
    expect(compare('9007199254740.993', '9007199254740.993')).toBe(0); // 16 digits: the texts
  });
});

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
