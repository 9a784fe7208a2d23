import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidBookValueError } from '../errors.js';
import { isZeroSize, type ParsedDecimal, parseDecimal } from './decimal-text.js';

function parsed(text: string): ParsedDecimal | undefined {
  const into = { digits: -1, decimals: -1 };
  return parseDecimal(text, into) ? into : undefined;
}

describe('parseDecimal', () => {
  it('reads digits and significant decimals without floats', () => {
    expect(parsed('10101.80000000')).toEqual({ digits: 101018, decimals: 1 });
    expect(parsed('64321.12')).toEqual({ digits: 6432112, decimals: 2 });
    expect(parsed('100')).toEqual({ digits: 100, decimals: 0 });
    expect(parsed('0.00000001')).toEqual({ digits: 1, decimals: 8 });
    expect(parsed('1.000500')).toEqual({ digits: 10005, decimals: 4 });
    expect(parsed('.5')).toEqual({ digits: 5, decimals: 1 });
    expect(parsed('7.')).toEqual({ digits: 7, decimals: 0 });
  });

  it('rejects anything that is not a plain non-negative decimal', () => {
    for (const text of ['', '.', '-1', '+1', '1e5', '1.2.3', ' 1', '1 ', 'NaN', '0x10', '１']) {
      expect(parsed(text), text).toBeUndefined();
    }
  });

  it('rejects values a double cannot key exactly', () => {
    expect(parsed('9007199254740993')).toBeUndefined();
    expect(parsed('0.0000000000000001')).toBeUndefined(); // 16 decimals
    expect(parsed('123.000000000000000000000')).toEqual({ digits: 123, decimals: 0 }); // zeros are free
  });

  it('agrees with exact decimal arithmetic on random decimals', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 6 }),
        (units, decimals, extraZeros) => {
          const digits = units.toString().padStart(decimals + 1, '0');
          const text =
            decimals === 0
              ? digits + (extraZeros > 0 ? `.${'0'.repeat(extraZeros)}` : '')
              : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}${'0'.repeat(extraZeros)}`;
          const result = parsed(text);
          expect(result).toBeDefined();
          // digits / 10^decimals must equal units / 10^decimals exactly (compare as scaled BigInts).
          const scale = 10n ** BigInt(decimals);
          const resultScale = 10n ** BigInt(result?.decimals ?? 0);
          expect(BigInt(result?.digits ?? 0) * scale).toBe(units * resultScale);
        },
      ),
    );
  });
});

describe('isZeroSize', () => {
  it('tells zero from non-zero', () => {
    expect(isZeroSize('0')).toBe(true);
    expect(isZeroSize('0.00000000')).toBe(true);
    expect(isZeroSize('0.00000001')).toBe(false);
    expect(isZeroSize('12')).toBe(false);
  });

  it('throws a typed error for malformed sizes', () => {
    for (const text of ['', '.', '-0', '1e3', 'abc', '0..1']) {
      expect(() => isZeroSize(text), text).toThrow(InvalidBookValueError);
    }
  });
});
