import { InvalidBookValueError } from '../errors.js';

/** The most decimal places a price key can carry (10^15 still leaves room for prices above 9). */
export const MAX_KEY_DECIMALS = 15;

/** 10^0 … 10^15, exact in a double. */
export const POWERS_OF_TEN: readonly number[] = Array.from(
  { length: MAX_KEY_DECIMALS + 1 },
  (_, power) => 10 ** power,
);

/**
 * The digits of a decimal string as an exact integer plus the number of significant decimal places
 * (trailing zeros dropped): "10101.80000000" → digits 101018, decimals 1. A reusable output object
 * keeps the hot path free of allocation.
 */
export interface ParsedDecimal {
  digits: number;
  decimals: number;
}

const ZERO = 48;
const NINE = 57;
const DOT = 46;

/**
 * Reads a plain non-negative decimal (`"123"`, `"0.5"`, `"10101.80000000"`) without floating
 * point. Returns false for anything else: signs, exponents, spaces, empty strings, a lone dot,
 * or more significant digits than a double holds exactly.
 */
export function parseDecimal(text: string, into: ParsedDecimal): boolean {
  const length = text.length;
  if (length === 0) return false;
  let digits = 0;
  let decimals = 0;
  let pendingZeros = 0;
  let seenDot = false;
  let seenDigit = false;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === DOT) {
      if (seenDot) return false;
      seenDot = true;
      continue;
    }
    if (code < ZERO || code > NINE) return false;
    seenDigit = true;
    if (!seenDot) {
      digits = digits * 10 + (code - ZERO);
    } else if (code === ZERO) {
      // Trailing zeros are not significant; hold them until a non-zero digit proves otherwise.
      pendingZeros += 1;
    } else {
      if (pendingZeros > 0) {
        if (decimals + pendingZeros > MAX_KEY_DECIMALS) return false;
        digits *= POWERS_OF_TEN[pendingZeros] as number;
        decimals += pendingZeros;
        pendingZeros = 0;
      }
      digits = digits * 10 + (code - ZERO);
      decimals += 1;
    }
  }
  if (!seenDigit || digits > Number.MAX_SAFE_INTEGER || decimals > MAX_KEY_DECIMALS) return false;
  into.digits = digits;
  into.decimals = decimals;
  return true;
}

/**
 * True when `text` is a plain decimal equal to zero (`"0"`, `"0.00000000"`); false when it is a
 * plain decimal above zero.
 * @throws {InvalidBookValueError} when it is not a plain non-negative decimal.
 */
export function isZeroSize(text: string): boolean {
  const length = text.length;
  let zero = true;
  let seenDot = false;
  let seenDigit = false;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === DOT) {
      if (seenDot) throw invalidSize(text);
      seenDot = true;
    } else if (code >= ZERO && code <= NINE) {
      seenDigit = true;
      if (code !== ZERO) zero = false;
    } else {
      throw invalidSize(text);
    }
  }
  if (!seenDigit) throw invalidSize(text);
  return zero;
}

function invalidSize(text: string): InvalidBookValueError {
  return new InvalidBookValueError(
    `expected a size as a plain non-negative decimal string, received ${JSON.stringify(text.slice(0, 40))}`,
  );
}

/** The error for a price that {@link parseDecimal} rejects. */
export function invalidPrice(text: unknown): InvalidBookValueError {
  return new InvalidBookValueError(
    `expected a price as a plain non-negative decimal string with at most ${MAX_KEY_DECIMALS} decimals and 15 significant digits, received ${typeof text === 'string' ? JSON.stringify(text.slice(0, 40)) : `a ${typeof text}`}`,
  );
}
