import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidDecimalError } from '../errors.js';
import { ExactDecimal, formatDecimal, isMultipleOf, quantize, toDecimal } from './decimal.js';

describe('toDecimal', () => {
  it('parses decimal strings exactly', () => {
    expect(formatDecimal(toDecimal('0.00000001', 'size'))).toBe('0.00000001');
    expect(formatDecimal(toDecimal('64321.1200', 'price'))).toBe('64321.12');
    expect(toDecimal('0.1', 'a').plus(toDecimal('0.2', 'b')).toFixed()).toBe('0.3');
  });

  it('refuses JS numbers, NaN, infinity and garbage with a typed error naming the field', () => {
    expect(() => toDecimal(0.1 as never, 'price')).toThrow(InvalidDecimalError);
    expect(() => toDecimal(0.1 as never, 'price')).toThrow(/price: .*received a number/);
    expect(() => toDecimal('abc', 'size')).toThrow(InvalidDecimalError);
    expect(() => toDecimal('', 'size')).toThrow(InvalidDecimalError);
    expect(() => toDecimal('NaN', 'size')).toThrow(InvalidDecimalError);
    expect(() => toDecimal(new ExactDecimal(Number.POSITIVE_INFINITY), 'size')).toThrow(InvalidDecimalError);
  });
});

describe('quantize', () => {
  const cent = new ExactDecimal('0.01');
  it('rounds down, up and to the nearest (half to even)', () => {
    expect(quantize(new ExactDecimal('1.239'), cent, 'down').toFixed()).toBe('1.23');
    expect(quantize(new ExactDecimal('1.231'), cent, 'up').toFixed()).toBe('1.24');
    expect(quantize(new ExactDecimal('1.23'), cent, 'up').toFixed()).toBe('1.23');
    expect(quantize(new ExactDecimal('1.235'), cent, 'nearest').toFixed()).toBe('1.24');
    expect(quantize(new ExactDecimal('1.245'), cent, 'nearest').toFixed()).toBe('1.24');
    expect(quantize(new ExactDecimal('1.2451'), cent, 'nearest').toFixed()).toBe('1.25');
    expect(quantize(new ExactDecimal('0.3'), new ExactDecimal('0.1'), 'down').toFixed()).toBe('0.3');
  });

  it('always lands on the increment, on the promised side, within one increment', () => {
    const increments = fc.constantFrom('0.01', '0.00000001', '0.5', '0.00001', '25', '0.003');
    const values = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 12 }))
      .map(([units, scale]) => new ExactDecimal(`${units}e-${scale}`));
    fc.assert(
      fc.property(
        values,
        increments,
        fc.constantFrom('down', 'up', 'nearest') as fc.Arbitrary<'down' | 'up' | 'nearest'>,
        (value, incrementText, rounding) => {
          const increment = new ExactDecimal(incrementText);
          const result = quantize(value, increment, rounding);
          expect(isMultipleOf(result, increment)).toBe(true);
          expect(result.minus(value).abs().lessThanOrEqualTo(increment)).toBe(true);
          if (rounding === 'down') expect(result.lessThanOrEqualTo(value)).toBe(true);
          if (rounding === 'up') expect(result.greaterThanOrEqualTo(value)).toBe(true);
          if (rounding === 'nearest')
            expect(result.minus(value).abs().times(2).lessThanOrEqualTo(increment)).toBe(true);
        },
      ),
    );
  });
});
