import { CURRENCY_DECIMALS } from '../../accounts/account.js';
import {
  ceilDiv,
  formatScaledPadded,
  fractionDigits,
  SCAN_INVALID,
  SCAN_NEGATIVE,
  SCAN_TOO_ACCURATE,
  SCAN_TOO_LARGE,
  scaledFromText,
  scanScaled,
} from '../../core/decimal-units.js';
import type {
  OrderTypeWire,
  PlaceOrderRequestWire,
  Result,
  SelfTradePreventionWire,
  SideWire,
  TimeInForceWire,
} from '../contract.js';
import type { Product } from '../products.js';
import { wireSize } from '../wire/wire-format.js';

/** How long a GTT order lives, by `cancel_after`. */
export const CANCEL_AFTER_MS = { min: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type CancelAfter = keyof typeof CANCEL_AFTER_MS;

/** A validated `POST /orders` body in integer units. */
export interface OrderCommand {
  product: Product;
  side: SideWire;
  /** As requested: `limit`, `market`, or legacy `stop`. */
  type: OrderTypeWire;
  /** Market execution (a market order, or a stop without a limit price). */
  isMarket: boolean;
  /** Limit price in ticks; 0 when the order has none. */
  priceTicks: number;
  size: number | undefined;
  /** Requested funds in quote atoms. */
  funds: bigint | undefined;
  timeInForce: TimeInForceWire;
  cancelAfter: CancelAfter | undefined;
  postOnly: boolean;
  stp: SelfTradePreventionWire;
  clientOid: string | undefined;
  stop: { kind: 'loss' | 'entry'; priceTicks: number } | undefined;
}

// Orders this large are refused so every size sum stays far below 2^53.
const MAX_UNITS = 1e15;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const TIMES_IN_FORCE: readonly string[] = ['GTC', 'GTT', 'IOC', 'FOK'];
const STP_MODES: readonly string[] = ['dc', 'co', 'cn', 'cb'];

const fail = (message: string): { ok: false; error: { status: 400; message: string } } => ({
  ok: false,
  error: { status: 400, message },
});

/** A product id filter as given (`BTC-USD`, or ccxt's `BTC/USD`); undefined when absent or empty. */
export function normalizeProductId(productId: string | undefined): string | undefined {
  if (productId === undefined || productId === '') return undefined;
  return productId.replace('/', '-');
}

/** A client_oid as a lookup key: lowercase, dashes removed (Coinbase accepts UUIDs with or without dashes). */
export function clientOidKey(clientOid: string): string {
  return clientOid.toLowerCase().replaceAll('-', '');
}

/**
 * An order id in its canonical form (lowercase, dashed), or undefined when the text is not a
 * UUID. One pass, no allocation when the id is already canonical (the usual case).
 */
export function canonicalUuid(text: string): string | undefined {
  const length = text.length;
  if (length !== 36 && length !== 32) return undefined;
  const dashed = length === 36;
  let canonical = true;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (dashed && (index === 8 || index === 13 || index === 18 || index === 23)) {
      if (code !== 45) return undefined;
    } else if ((code >= 48 && code <= 57) || (code >= 97 && code <= 102)) {
      // lowercase hex digit
    } else if (code >= 65 && code <= 70) {
      canonical = false;
    } else {
      return undefined;
    }
  }
  if (canonical && dashed) return text;
  const lower = text.toLowerCase();
  if (dashed) return lower;
  return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${lower.slice(16, 20)}-${lower.slice(20)}`;
}

/** True when the text is a UUID (with or without dashes). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * A request value as Coinbase echoes it in a message ("Invalid side buY"). Never throws: JSON can
 * carry objects whose `toString` is not a function (`{"toString": false}`).
 */
function echo(value: unknown): string {
  if (typeof value === 'string') return value.length > 64 ? `${value.slice(0, 64)}...` : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return (JSON.stringify(value) ?? typeof value).slice(0, 64);
  } catch {
    return typeof value;
  }
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Validates a `POST /orders` body the way Coinbase does, with its 400 messages
 * (`Requires size`, `Invalid side buY`, `price is too accurate. Smallest unit is 0.01000000`, ...).
 * Numeric fields may be JSON strings or numbers; non-standard numeric strings are refused.
 */
export function parseOrderRequest(
  request: PlaceOrderRequestWire,
  findProduct: (productId: string) => Product | undefined,
): Result<OrderCommand> {
  const side = request.side;
  if (!present(side)) return fail('Requires side');
  if (side !== 'buy' && side !== 'sell') return fail(`Invalid side ${echo(side)}`);

  const productId = request.product_id;
  if (!present(productId)) return fail('Requires product_id');
  const product = typeof productId === 'string' ? findProduct(productId) : undefined;
  if (product === undefined) return fail('Product not found');

  const type = request.type ?? 'limit';
  if (type !== 'limit' && type !== 'market' && type !== 'stop')
    return fail(`Invalid order_type ${echo(type)}`);

  let clientOid: string | undefined;
  if (present(request.client_oid)) {
    if (typeof request.client_oid !== 'string' || !UUID.test(request.client_oid))
      return fail('Invalid client_oid');
    clientOid = request.client_oid;
  }

  const timeInForce = request.time_in_force ?? 'GTC';
  if (typeof timeInForce !== 'string' || !TIMES_IN_FORCE.includes(timeInForce)) {
    return fail(`Invalid time_in_force ${echo(timeInForce)}`);
  }

  const stp = request.stp ?? 'dc';
  if (typeof stp !== 'string' || !STP_MODES.includes(stp)) return fail(`Invalid stp ${echo(stp)}`);

  const postOnly = parseBoolean(request.post_only);
  if (postOnly === undefined) return fail(`Invalid post_only ${echo(request.post_only)}`);

  let cancelAfter: CancelAfter | undefined;
  if (timeInForce === 'GTT') {
    const value = request.cancel_after;
    if (!present(value)) return fail('Requires cancel_after');
    if (value !== 'min' && value !== 'hour' && value !== 'day')
      return fail(`Invalid cancel_after ${echo(value)}`);
    cancelAfter = value;
  }

  // Stops: `stop` + `stop_price`; a bare `stop_price` (as ccxt sends it) stops a sell on loss and a buy on entry.
  let stop: OrderCommand['stop'];
  if (present(request.stop) || present(request.stop_price) || type === 'stop') {
    const kind = request.stop ?? (side === 'sell' ? 'loss' : 'entry');
    if (kind !== 'loss' && kind !== 'entry') return fail(`Invalid stop ${echo(kind)}`);
    if (!present(request.stop_price)) return fail('Requires stop_price');
    const stopPrice = parsePrice(request.stop_price, 'stop_price', product);
    if (!stopPrice.ok) return stopPrice;
    stop = { kind, priceTicks: stopPrice.value };
  }

  const isMarket = type === 'market' || (type === 'stop' && !present(request.price));
  const hasSize = present(request.size);
  const hasFunds = present(request.funds);

  let priceTicks = 0;
  if (!isMarket) {
    if (!present(request.price)) return fail('Requires price');
    const price = parsePrice(request.price, 'price', product);
    if (!price.ok) return price;
    priceTicks = price.value;
    if (!hasSize) return fail('Requires size');
  } else {
    if (hasSize && hasFunds) return fail('Market orders must specify either size or funds, not both');
    if (!hasSize && !hasFunds) return fail('Requires size or funds');
    if (postOnly) return fail('Post only mode');
  }

  if (postOnly && (timeInForce === 'IOC' || timeInForce === 'FOK')) {
    return fail(`Invalid post_only with time_in_force ${timeInForce}`);
  }

  let size: number | undefined;
  if (hasSize) {
    const parsed = parseSize(request.size, product);
    if (!parsed.ok) return parsed;
    size = parsed.value;
    if (!isMarket) {
      // The notional minimum (min_market_funds) shown as the smallest size at this price.
      const minimumUnits = ceilDiv(product.minMarketFundsAtoms, product.notional(priceTicks, 1));
      if (BigInt(size) < minimumUnits) {
        return fail(`size is too small. Minimum size is ${wireSize(product, Number(minimumUnits))}`);
      }
    }
  }

  let funds: bigint | undefined;
  if (hasFunds && isMarket) {
    const parsed = parseFunds(request.funds, product);
    if (!parsed.ok) return parsed;
    funds = parsed.value;
  }

  return {
    ok: true,
    value: {
      product,
      side,
      type,
      isMarket,
      priceTicks,
      size,
      funds,
      timeInForce: timeInForce as TimeInForceWire,
      cancelAfter,
      postOnly,
      stp: stp as SelfTradePreventionWire,
      clientOid,
      stop,
    },
  };
}

function parseBoolean(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  return undefined;
}

/** Price in ticks; Coinbase prints the smallest unit with 8 decimals. */
function parsePrice(value: unknown, field: string, product: Product): Result<number> {
  const scaled = scanScaled(value, product.priceDecimals);
  if (scaled === SCAN_INVALID) return fail(`${field} must be a number`);
  if (scaled === SCAN_TOO_ACCURATE || (scaled > 0 && scaled % product.priceStep !== 0)) {
    return fail(`${field} is too accurate. Smallest unit is ${wirePriceUnit(product)}`);
  }
  if (scaled === SCAN_NEGATIVE || scaled === 0) {
    return fail(`${field} is too small. Minimum ${field} is ${wirePriceUnit(product)}`);
  }
  const ticks = scaled === SCAN_TOO_LARGE ? Number.POSITIVE_INFINITY : scaled / product.priceStep;
  if (ticks > MAX_UNITS) return fail(`${field} is too large`);
  return { ok: true, value: ticks };
}

function parseSize(value: unknown, product: Product): Result<number> {
  const scaled = scanScaled(value, product.sizeDecimals);
  if (scaled === SCAN_INVALID) return fail('size must be a number');
  if (scaled === SCAN_TOO_ACCURATE || (scaled > 0 && scaled % product.sizeStep !== 0)) {
    return fail(`size is too accurate. Smallest unit is ${wireSize(product, 1)}`);
  }
  if (scaled === SCAN_NEGATIVE || scaled === 0)
    return fail(`size is too small. Minimum size is ${wireSize(product, 1)}`);
  const units = scaled === SCAN_TOO_LARGE ? Number.POSITIVE_INFINITY : scaled / product.sizeStep;
  if (units > MAX_UNITS) return fail(`size is too large. Maximum size is ${wireSize(product, MAX_UNITS)}`);
  return { ok: true, value: units };
}

/** Funds in quote atoms (a multiple of the quote increment, at least min_market_funds). */
function parseFunds(value: unknown, product: Product): Result<bigint> {
  const scaled = scanScaled(value, product.priceDecimals);
  if (scaled === SCAN_INVALID) return fail('funds must be a number');
  if (scaled === SCAN_TOO_ACCURATE || (scaled > 0 && scaled % product.priceStep !== 0)) {
    return fail(`funds is too accurate. Smallest unit is ${wirePriceUnit(product)}`);
  }
  if (scaled === SCAN_TOO_LARGE) return fail('funds is too large');
  const atoms =
    scaled === SCAN_NEGATIVE
      ? -1n
      : BigInt(scaled) * 10n ** BigInt(CURRENCY_DECIMALS - product.priceDecimals);
  if (atoms < product.minMarketFundsAtoms || atoms <= 0n) {
    const decimals = fractionDigits(product.minMarketFunds);
    const minimum = formatScaledPadded(scaledFromText(product.minMarketFunds, decimals), decimals, 8);
    return fail(`funds is too small. Minimum size is ${minimum}`);
  }
  return { ok: true, value: atoms };
}

function wirePriceUnit(product: Product): string {
  return formatScaledPadded(product.priceStep, product.priceDecimals, 8);
}
