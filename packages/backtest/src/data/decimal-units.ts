/** 10^0 … 10^15 (exact in a double), for scaling a count of units without `Math.pow`. */
export const POWERS_OF_TEN: readonly number[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/** The most digits a decimal may have for its units to be exact in a double (10^15 < 2^53). */
export const EXACT_DIGITS = 15;

/**
 * A plain non-negative decimal string (`123`, `0.5`, `.5`, `5.`: what `isUnsignedDecimal`
 * accepts, checked by the caller) as the integer of its digits, dot left out: `"43012.55"` is
 * 4301255 (in units of 10^-{@link decimalPlaces}). -1 when it has more than 15 digits (the
 * integer might not be exact in a double): compare such values as strings.
 */
export function decimalUnits(text: string): number {
  let units = 0;
  let digits = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 46) continue;
    units = units * 10 + (code - 48);
    digits += 1;
  }
  return digits > EXACT_DIGITS ? -1 : units;
}

/** How many digits a plain decimal string has after its dot. */
export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Compares two plain non-negative decimals exactly (-1, 0 or 1, as `compareUnsignedDecimals`
 * does), given as their texts and their {@link decimalUnits} and {@link decimalPlaces}: with
 * numbers when both counts are exact and one scales to the other's places exactly (within 2^53),
 * else with the texts. A candle's high and low from each trade's price at the cost of a few
 * number operations.
 */
export function compareDecimalUnits(
  leftText: string,
  leftUnits: number,
  leftPlaces: number,
  rightText: string,
  rightUnits: number,
  rightPlaces: number,
): number {
  if (leftUnits >= 0 && rightUnits >= 0) {
    let left = leftUnits;
    let right = rightUnits;
    // Both have at most 15 digits, so the places differ by at most 15.
    if (leftPlaces < rightPlaces) left *= POWERS_OF_TEN[rightPlaces - leftPlaces] as number;
    else if (rightPlaces < leftPlaces) right *= POWERS_OF_TEN[leftPlaces - rightPlaces] as number;
    // A product of integers that a double rounds stays above 2^53 - 1: only exact ones pass.
    if (left <= Number.MAX_SAFE_INTEGER && right <= Number.MAX_SAFE_INTEGER)
      return left < right ? -1 : left > right ? 1 : 0;
  }
  return compareUnsignedDecimals(leftText, rightText);
}

/**
 * Compares two plain non-negative decimal strings exactly (no floating point, no allocation):
 * -1, 0 or 1. Used for the high/low checks of half a million rows, where a Decimal per value
 * would cost seconds.
 */
export function compareUnsignedDecimals(left: string, right: string): number {
  const leftDot = dotOrEnd(left);
  const rightDot = dotOrEnd(right);
  let leftStart = 0;
  while (leftStart < leftDot && left.charCodeAt(leftStart) === 48) leftStart += 1;
  let rightStart = 0;
  while (rightStart < rightDot && right.charCodeAt(rightStart) === 48) rightStart += 1;
  const leftDigits = leftDot - leftStart;
  const rightDigits = rightDot - rightStart;
  if (leftDigits !== rightDigits) return leftDigits < rightDigits ? -1 : 1;
  for (let offset = 0; offset < leftDigits; offset += 1) {
    const difference = left.charCodeAt(leftStart + offset) - right.charCodeAt(rightStart + offset);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  const width = Math.max(left.length - leftDot, right.length - rightDot);
  for (let offset = 1; offset < width; offset += 1) {
    const a = leftDot + offset < left.length ? left.charCodeAt(leftDot + offset) : 48;
    const b = rightDot + offset < right.length ? right.charCodeAt(rightDot + offset) : 48;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

function dotOrEnd(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? text.length : dot;
}
