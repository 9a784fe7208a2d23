import { decimalPlaces, decimalUnits, POWERS_OF_TEN } from './decimal-units.js';

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * An exact running sum of plain non-negative decimal strings (`123`, `0.5`, `.5`, `5.`, as
 * `isUnsignedDecimal` accepts), with no Decimal or BigInt per value: each value is read into an
 * integer count of the sum's smallest unit (10^-places) as a double while that stays exact (up to
 * 2^53), and the running total moves to a BigInt only before it would stop being exact. A
 * minute's trade sizes or a day's candle volumes cost a few character reads each.
 */
export class DecimalStringSum {
  /** Fraction digits of the unit the sum counts in (the most any value had). */
  #places = 0;
  /** The exact part of the total a double can hold. */
  #small = 0;
  /** The rest of the total, in the same unit. */
  #large = 0n;

  /** Adds one value (a plain non-negative decimal string: checked by the caller). */
  add(text: string): void {
    this.addUnits(text, decimalUnits(text), decimalPlaces(text));
  }

  /**
   * Adds one value given with its `decimalUnits` and `decimalPlaces` (already read, e.g. by the
   * recording's line shortcut): the same sum as {@link add} of the text, without reading it again.
   */
  addUnits(text: string, valueUnits: number, places: number): void {
    if (places > this.#places) this.#rescale(places);
    const scale = this.#places - places;
    // -1 units (more than 15 digits) gives no safe integer; a scaled count within 2^53 is exact.
    const units =
      scale === 0
        ? valueUnits
        : valueUnits * (scale < POWERS_OF_TEN.length ? (POWERS_OF_TEN[scale] as number) : 10 ** scale);
    if (valueUnits < 0 || !Number.isSafeInteger(units)) {
      const dot = text.indexOf('.');
      const whole = dot < 0 ? text : text.slice(0, dot);
      const fraction = dot < 0 ? '' : text.slice(dot + 1);
      this.#large += BigInt(`${whole === '' ? '0' : whole}${fraction.padEnd(this.#places, '0')}`);
      return;
    }
    if (this.#small > SAFE - units) {
      this.#large += BigInt(this.#small);
      this.#small = 0;
    }
    this.#small += units;
  }

  /** The sum, written as the values were (no exponent, no trailing zeros after the dot). */
  toString(): string {
    const total = this.#large + BigInt(this.#small);
    const places = this.#places;
    const digits = total.toString().padStart(places + 1, '0');
    if (places === 0) return digits;
    const whole = digits.slice(0, digits.length - places);
    const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
    return fraction === '' ? whole : `${whole}.${fraction}`;
  }

  /** Counts in a finer unit from now on (the total so far moves to the BigInt: exact). */
  #rescale(places: number): void {
    const factor = 10n ** BigInt(places - this.#places);
    this.#large = (this.#large + BigInt(this.#small)) * factor;
    this.#small = 0;
    this.#places = places;
  }
}
