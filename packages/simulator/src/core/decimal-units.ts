/**
 * Exact decimal <-> scaled integer conversion. The simulator keeps every amount as an integer
 * count of some unit (price ticks, base increments, 1e-16 currency atoms) and only turns it into
 * text at the wire, so no float ever touches money.
 */

/** A decimal in standard form, split into its parts (no sign: negative values are kept apart). */
export interface DecimalText {
  negative: boolean;
  /** Integer digits without leading zeros ("0" for zero). */
  integer: string;
  /** Fraction digits without trailing zeros ("" for none). */
  fraction: string;
}

// Coinbase rejects non-standard numeric strings (leading zeros, "+", ".5", "5.", exponents) since 2023-08.
const STANDARD_FORM = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?$/;
const MAX_DIGITS = 40;

/**
 * Parses a request value that may arrive as a JSON string or a JSON number.
 * Returns undefined when it is neither a finite number nor a standard-form decimal string.
 */
export function parseDecimalInput(value: unknown): DecimalText | undefined {
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = numberToPlainText(value);
  } else {
    return undefined;
  }
  if (text.length > MAX_DIGITS) return undefined;
  const match = STANDARD_FORM.exec(text);
  if (match === null) return undefined;
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const integer = match[2] as string;
  const isZero = integer === '0' && fraction === '';
  return { negative: match[1] === '-' && !isZero, integer, fraction };
}

/** A JSON number as plain decimal text (expanding exponents such as 1e-7 to 0.0000001). */
function numberToPlainText(value: number): string {
  const text = String(value);
  const exponentAt = text.indexOf('e');
  if (exponentAt < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, exponentAt);
  const exponent = Number(text.slice(exponentAt + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const pointAt = (dot < 0 ? mantissa.length : dot) + exponent;
  let plain: string;
  if (pointAt <= 0) plain = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) plain = digits + '0'.repeat(pointAt - digits.length);
  else plain = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return (negative ? '-' : '') + plain;
}

/**
 * The decimal scaled by 10^decimals as an exact integer, or undefined when it has more
 * significant fraction digits than `decimals` (Coinbase's "is too accurate").
 */
export function toScaled(value: DecimalText, decimals: number): bigint | undefined {
  if (value.fraction.length > decimals) return undefined;
  const scaled = BigInt(value.integer + value.fraction.padEnd(decimals, '0'));
  return value.negative ? -scaled : scaled;
}

/** Parses a decimal string that is known to be valid (configuration), scaled by 10^decimals. */
export function scaledFromText(text: string, decimals: number): bigint {
  const parsed = parseDecimalInput(text);
  const scaled = parsed === undefined ? undefined : toScaled(parsed, decimals);
  if (scaled === undefined) {
    throw new RangeError(`expected a decimal with at most ${decimals} fraction digits, received "${text}"`);
  }
  return scaled;
}

/** Number of fraction digits a decimal string needs ("0.01000" -> 2, "5" -> 0). */
export function fractionDigits(text: string): number {
  const parsed = parseDecimalInput(text);
  if (parsed === undefined) throw new RangeError(`expected a decimal, received "${text}"`);
  return parsed.fraction.length;
}

/**
 * Formats an integer count of 10^-decimals units as decimal text with exactly `decimals`
 * fraction digits: formatScaled(1234, 2) === "12.34", formatScaled(5n, 8) === "0.00000005".
 */
export function formatScaled(units: number | bigint, decimals: number): string {
  const negative = units < 0;
  let digits = String(negative ? -units : units);
  if (decimals === 0) return negative ? `-${digits}` : digits;
  if (digits.length <= decimals) digits = '0'.repeat(decimals - digits.length + 1) + digits;
  const cut = digits.length - decimals;
  const text = `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return negative ? `-${text}` : text;
}

/** Formats with at least `decimals` digits, padding with zeros to `minimumDecimals` (e.g. 8 for Coinbase sizes). */
export function formatScaledPadded(
  units: number | bigint,
  decimals: number,
  minimumDecimals: number,
): string {
  const text = formatScaled(units, decimals);
  if (decimals >= minimumDecimals) return text;
  return (decimals === 0 ? `${text}.` : text) + '0'.repeat(minimumDecimals - decimals);
}

/** Integer division rounding up, for non-negative operands. */
export function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

/** `scanScaled` codes (all negative, so any result >= 0 is a value). */
export const SCAN_INVALID = -1;
export const SCAN_TOO_ACCURATE = -2;
export const SCAN_NEGATIVE = -3;
export const SCAN_TOO_LARGE = -4;

/**
 * The hot-path parser for order fields: one pass over a string (or a JSON number's text),
 * returning the value scaled by 10^decimals as a safe integer, or a SCAN_* code. Accepts
 * exactly the standard form `parseDecimalInput` accepts, without allocating.
 */
export function scanScaled(value: unknown, decimals: number): number {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = numberToPlainText(value);
  else return SCAN_INVALID;
  const length = text.length;
  if (length === 0 || length > MAX_DIGITS) return SCAN_INVALID;
  let index = 0;
  let negative = false;
  if (text.charCodeAt(0) === 45 /* - */) {
    negative = true;
    index = 1;
  }
  const integerStart = index;
  let scaled = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) break;
    scaled = scaled * 10 + (code - 48);
    index += 1;
  }
  const integerDigits = index - integerStart;
  if (integerDigits === 0) return SCAN_INVALID;
  if (integerDigits > 1 && text.charCodeAt(integerStart) === 48) return SCAN_INVALID; // leading zero
  let fractionDigits = 0;
  let significantFraction = 0;
  if (index < length) {
    if (text.charCodeAt(index) !== 46 /* . */ || index === length - 1) return SCAN_INVALID;
    index += 1;
    for (; index < length; index += 1) {
      const code = text.charCodeAt(index);
      if (code < 48 || code > 57) return SCAN_INVALID;
      fractionDigits += 1;
      if (code !== 48) significantFraction = fractionDigits;
      if (fractionDigits <= decimals) scaled = scaled * 10 + (code - 48);
    }
  }
  if (significantFraction > decimals) return SCAN_TOO_ACCURATE;
  for (let pad = fractionDigits; pad < decimals; pad += 1) scaled *= 10;
  if (negative && scaled !== 0) return SCAN_NEGATIVE;
  if (!Number.isSafeInteger(scaled)) return SCAN_TOO_LARGE;
  return scaled;
}
