import { CURRENCY_DECIMALS } from '../../accounts/account.js';
import { formatScaled, formatScaledPadded } from '../../core/decimal-units.js';
import type { Product } from '../products.js';

/** Coinbase prints sizes (and order prices) with at least 8 decimals: "0.01000000". */
export const WIRE_MIN_DECIMALS = 8;

/** A price as market data shows it, with the quote increment's decimals: "64250.12". */
export function marketPrice(product: Product, priceTicks: number): string {
  return formatScaled(priceTicks * product.priceStep, product.priceDecimals);
}

/** A price as orders and fills show it, padded to 8 decimals: "64250.12000000". */
export function orderPrice(product: Product, priceTicks: number): string {
  return formatScaledPadded(priceTicks * product.priceStep, product.priceDecimals, WIRE_MIN_DECIMALS);
}

/** A size in base increments as Coinbase prints it: "0.01000000". */
export function wireSize(product: Product, units: number): string {
  if (units === 0)
    return product.sizeDecimals <= WIRE_MIN_DECIMALS ? ZERO_SIZE : formatScaled(0, product.sizeDecimals);
  return formatScaledPadded(units * product.sizeStep, product.sizeDecimals, WIRE_MIN_DECIMALS);
}

const ZERO_SIZE = formatScaled(0, WIRE_MIN_DECIMALS);
const ZERO_AMOUNT = formatScaled(0n, CURRENCY_DECIMALS);

/** A currency amount in atoms with Coinbase's 16 decimals: "12.5000000000000000". */
export function wireAmount(atoms: bigint): string {
  return atoms === 0n ? ZERO_AMOUNT : formatScaled(atoms, CURRENCY_DECIMALS);
}

/** A size as a JSON number (candles). Exact for sizes below 2^53 increments. */
export function sizeNumber(product: Product, units: number): number {
  return Number(formatScaled(units * product.sizeStep, product.sizeDecimals));
}

/** A price as a JSON number (candles). */
export function priceNumber(product: Product, priceTicks: number): number {
  return Number(marketPrice(product, priceTicks));
}

let cachedMs = Number.NaN;
let cachedIso = '';

/** ISO-8601 UTC with microseconds, as Coinbase writes times: "2024-01-01T00:00:00.123000Z". */
export function isoTime(ms: number): string {
  if (ms !== cachedMs) {
    cachedMs = ms;
    const whole = Math.floor(ms);
    const micros = Math.round((ms - whole) * 1000);
    cachedIso = `${new Date(whole).toISOString().slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
  }
  return cachedIso;
}
