import { Decimal } from 'decimal.js';
import { InvalidArgumentError, InvalidDecimalError } from '../errors.js';

/**
 * The Decimal constructor every value in this package is made with: 64 significant digits (a
 * price × size × fee rate never gets close), and no exponent notation in `toString()`, so
 * `0.00000001` prints as such and not as `1e-8`.
 */
export const ExactDecimal = Decimal.clone({
  precision: 64,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -64,
  toExpPos: 64,
});

/** The type of the values {@link ExactDecimal} makes (a decimal.js `Decimal`), usable as `ExactDecimal`. */
export type ExactDecimal = Decimal;

/** A money value as accepted from callers: a decimal string (`"64321.12"`) or a `Decimal`. Never a JS number. */
export type DecimalInput = string | Decimal;

/** How to bring a value onto an increment. */
export type Rounding = 'down' | 'up' | 'nearest';

const decimalPattern = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** 0 as an {@link ExactDecimal}. */
export const ZERO: Decimal = new ExactDecimal(0);
/** 1 as an {@link ExactDecimal}. */
export const ONE: Decimal = new ExactDecimal(1);

/**
 * Turns a decimal string or a `Decimal` into a finite `Decimal`.
 *
 * @param field names the value in the error message (`price`, `size`).
 * @throws InvalidDecimalError for a JS number, NaN, infinity, or a string that is not a decimal.
 * @example toDecimal('64321.12', 'price')
 */
export function toDecimal(value: DecimalInput, field: string): Decimal {
  if (typeof value === 'string') {
    if (!decimalPattern.test(value)) throw new InvalidDecimalError(field, JSON.stringify(value.slice(0, 40)));
    return new ExactDecimal(value);
  }
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) throw new InvalidDecimalError(field, value.toString());
    return value instanceof ExactDecimal ? value : new ExactDecimal(value);
  }
  throw new InvalidDecimalError(field, `a ${typeof value}`);
}

/** Like {@link toDecimal}, and requires the value to be strictly positive. */
export function toPositiveDecimal(value: DecimalInput, field: string): Decimal {
  const decimal = toDecimal(value, field);
  if (!decimal.isPositive() || decimal.isZero())
    throw new InvalidArgumentError(field, `expected a positive value, received ${decimal.toFixed()}`);
  return decimal;
}

/** Like {@link toDecimal}, and requires the value to be zero or more. */
export function toNonNegativeDecimal(value: DecimalInput, field: string): Decimal {
  const decimal = toDecimal(value, field);
  if (decimal.isNegative() && !decimal.isZero())
    throw new InvalidArgumentError(field, `expected zero or more, received ${decimal.toFixed()}`);
  return decimal;
}

/**
 * Brings a non-negative value onto a multiple of `increment`. Exact: uses integer division, not
 * floating point, so `0.3 / 0.1` is 3 and never 2.9999.
 *
 * `nearest` rounds a value exactly half-way to the even multiple.
 *
 * @example quantize(new ExactDecimal('1.23456'), new ExactDecimal('0.01'), 'down') // 1.23
 */
export function quantize(value: Decimal, increment: Decimal, rounding: Rounding): Decimal {
  // Fast path for the usual increments (0.01, 0.00000001): a value with no more decimals is
  // already on the grid, and rounding is to a number of decimal places.
  const places = decimalPlacesOfPowerOfTen(increment);
  if (places !== undefined) {
    if (value.decimalPlaces() <= places) return value;
    return value.toDecimalPlaces(places, roundingModes[rounding]);
  }
  const steps = value.divToInt(increment);
  const floor = steps.times(increment);
  const remainder = value.minus(floor);
  if (remainder.isZero() || rounding === 'down') return floor;
  if (rounding === 'up') return floor.plus(increment);
  const twice = remainder.times(2);
  const comparison = twice.comparedTo(increment);
  if (comparison < 0) return floor;
  if (comparison > 0) return floor.plus(increment);
  return steps.mod(2).isZero() ? floor : floor.plus(increment);
}

const roundingModes = {
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
  nearest: Decimal.ROUND_HALF_EVEN,
} as const satisfies Record<Rounding, Decimal.Rounding>;

/** Increments are few and long-lived (they belong to product rules): remember which are 10^-k. */
const powerOfTenPlaces = new WeakMap<Decimal, number | null>();

/** k when `increment` is 10^-k (k ≥ 0), else undefined. */
function decimalPlacesOfPowerOfTen(increment: Decimal): number | undefined {
  let places = powerOfTenPlaces.get(increment);
  if (places === undefined) {
    const digits = increment.toFixed();
    places = /^(?:1|0\.0*1)$/.test(digits) ? Math.max(0, digits.length - 2) : null;
    powerOfTenPlaces.set(increment, places);
  }
  return places ?? undefined;
}

/** True when `value` is an exact multiple of `increment`. */
export function isMultipleOf(value: Decimal, increment: Decimal): boolean {
  return value.mod(increment).isZero();
}

/** The wire form of a decimal: plain digits, no exponent, no trailing zeros beyond the value. */
export function formatDecimal(value: Decimal): string {
  return value.toFixed();
}
