import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatScaled,
  formatScaledPadded,
  parseDecimalInput,
  SCAN_INVALID,
  SCAN_NEGATIVE,
  SCAN_TOO_ACCURATE,
  SCAN_TOO_LARGE,
  scanScaled,
  toScaled,
} from './decimal-units.js';

const scaled = (value: unknown, decimals: number) => {
  const parsed = parseDecimalInput(value);
  return parsed === undefined ? 'invalid' : toScaled(parsed, decimals);
};

describe('decimal units', () => {
  it('parses standard-form strings and JSON numbers exactly', () => {
    expect(scaled('64250.12', 2)).toBe(6425012n);
    expect(scaled('0.00000001', 8)).toBe(1n);
    expect(scaled('1.50000000', 2)).toBe(150n);
    expect(scaled(204.93, 2)).toBe(20493n);
    expect(scaled(1e-7, 8)).toBe(10n);
    expect(scaled(1e21, 0)).toBe(10n ** 21n);
    expect(scaled('-3.5', 1)).toBe(-35n);
    expect(scaled('-0.00', 2)).toBe(0n);
  });

  it('rejects non-standard forms as Coinbase does (leading zeros, signs, exponents, bare points)', () => {
    for (const text of ['01.5', '00', '+1', '.5', '5.', '1e5', '1,5', ' 1', '', 'NaN', '0x10', '1_000']) {
      expect(parseDecimalInput(text), text).toBeUndefined();
    }
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, null, true, {}, [], undefined]) {
      expect(parseDecimalInput(value)).toBeUndefined();
    }
  });

  it('reports too-accurate values as undefined', () => {
    expect(scaled('0.001', 2)).toBeUndefined();
    expect(scaled('0.0010', 3)).toBe(1n);
  });

  it('formats scaled integers with exact decimals', () => {
    expect(formatScaled(1234, 2)).toBe('12.34');
    expect(formatScaled(5n, 8)).toBe('0.00000005');
    expect(formatScaled(-5n, 2)).toBe('-0.05');
    expect(formatScaled(7, 0)).toBe('7');
    expect(formatScaledPadded(6425012, 2, 8)).toBe('64250.12000000');
    expect(formatScaledPadded(3, 0, 8)).toBe('3.00000000');
  });

  it('round-trips any integer through text', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 16 }),
        (value, decimals) => {
          expect(scaled(formatScaled(value, decimals), decimals)).toBe(value);
        },
      ),
    );
  });
});

describe('scanScaled (hot-path parser)', () => {
  it('agrees with parseDecimalInput + toScaled on every input', () => {
    const text = fc.oneof(
      fc.stringMatching(/^-?\d{0,12}(\.\d{0,12})?$/),
      fc.constantFrom('01.5', '.5', '5.', '+1', '1e5', '', '-0', '-0.0', '0.000'),
      fc.double({ noNaN: true }).map(String),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 10 }), (input, decimals) => {
        const parsed = parseDecimalInput(input);
        const exact = parsed === undefined ? undefined : toScaled(parsed, decimals);
        const expected =
          parsed === undefined
            ? SCAN_INVALID
            : exact === undefined
              ? SCAN_TOO_ACCURATE
              : exact < 0n
                ? SCAN_NEGATIVE
                : exact > BigInt(Number.MAX_SAFE_INTEGER)
                  ? SCAN_TOO_LARGE
                  : Number(exact);
        expect(scanScaled(input, decimals)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
