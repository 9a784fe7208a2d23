import { describeValue } from '@tradeloop/errors';
import type { Decimal } from 'decimal.js';
import { InvalidProductError } from '../errors.js';
import { type DecimalInput, quantize, type Rounding, toDecimal, ZERO } from './decimal.js';
import { type ProductId, productId } from './ids.js';

/** A product's trading status as `/products` reports it. */
export type ProductStatus = 'online' | 'offline' | 'internal' | 'delisted';

/** Buy or sell. */
export type Side = 'buy' | 'sell';

/** The three order types Coinbase Exchange accepts. */
export type OrderType = 'limit' | 'market' | 'stop';

/** Everything the runtime enforces about a product before an order is sent. */
export interface ProductRules {
  readonly id: ProductId;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  /** Size step (`base_increment`). */
  readonly baseIncrement: Decimal;
  /** Price and funds step (`quote_increment`). */
  readonly quoteIncrement: Decimal;
  /** Minimum notional of a limit order and minimum funds of a market order (`min_market_funds`). */
  readonly minMarketFunds: Decimal;
  readonly status: ProductStatus;
  readonly postOnly: boolean;
  readonly limitOnly: boolean;
  readonly cancelOnly: boolean;
  readonly tradingDisabled: boolean;
  readonly auctionMode: boolean;
}

const statuses: ReadonlySet<string> = new Set(['online', 'offline', 'internal', 'delisted']);

/**
 * Reads one object of `GET /products` (or of the `status` channel) into {@link ProductRules}.
 * Booleans missing from older shapes count as `false`.
 *
 * @throws InvalidProductError when a required field is missing or malformed.
 * @example productRulesFromWire(await client.getProduct('BTC-USD'))
 */
export function productRulesFromWire(wire: unknown): ProductRules {
  if (typeof wire !== 'object' || wire === null)
    throw new InvalidProductError(`expected a product object, received ${describeValue(wire)}`);
  const record = wire as Record<string, unknown>;
  const id = text(record, 'id');
  const field = (name: string): Decimal => {
    const value = text(record, name, id);
    try {
      return toDecimal(value, name);
    } catch (error) {
      throw new InvalidProductError(
        `${id}.${name}: expected a decimal string, received ${JSON.stringify(value)}`,
        { cause: error },
      );
    }
  };
  const baseIncrement = field('base_increment');
  const quoteIncrement = field('quote_increment');
  for (const [name, value] of [
    ['base_increment', baseIncrement],
    ['quote_increment', quoteIncrement],
  ] as const) {
    if (!value.isPositive() || value.isZero())
      throw new InvalidProductError(
        `${id}.${name}: expected a positive increment, received ${value.toFixed()}`,
      );
  }
  const status = text(record, 'status', id);
  if (!statuses.has(status))
    throw new InvalidProductError(
      `${id}.status: expected online, offline, internal or delisted, received ${JSON.stringify(status)}`,
    );
  let parsedId: ProductId;
  try {
    parsedId = productId(id);
  } catch {
    throw new InvalidProductError(`id: expected BASE-QUOTE, received ${JSON.stringify(id)}`);
  }
  return {
    id: parsedId,
    baseCurrency: text(record, 'base_currency', id),
    quoteCurrency: text(record, 'quote_currency', id),
    baseIncrement,
    quoteIncrement,
    minMarketFunds:
      record.min_market_funds === undefined || record.min_market_funds === null
        ? ZERO
        : field('min_market_funds'),
    status: status as ProductStatus,
    postOnly: flag(record, 'post_only'),
    limitOnly: flag(record, 'limit_only'),
    cancelOnly: flag(record, 'cancel_only'),
    tradingDisabled: flag(record, 'trading_disabled'),
    auctionMode: flag(record, 'auction_mode'),
  };
}

function text(record: Record<string, unknown>, name: string, owner?: string): string {
  const value = record[name];
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidProductError(
      `${owner ? `${owner}.` : ''}${name}: expected a non-empty string, received ${describeValue(value)}`,
    );
  return value;
}

function flag(record: Record<string, unknown>, name: string): boolean {
  return record[name] === true;
}

/** What an order looks like to the tradability check. */
export interface OrderIntent {
  type: OrderType;
  /** Only meaningful for limit orders. */
  postOnly?: boolean;
}

/**
 * Why a product refuses an order of this kind now, or `undefined` when it accepts it.
 * Reasons: `status <status>`, `trading_disabled`, `cancel_only`, `limit_only`, `post_only`, `auction_mode`.
 */
export function untradableReason(rules: ProductRules, intent: OrderIntent): string | undefined {
  if (rules.status !== 'online') return `status ${rules.status}`;
  if (rules.tradingDisabled) return 'trading_disabled';
  if (rules.cancelOnly) return 'cancel_only';
  if (rules.postOnly && !(intent.type === 'limit' && intent.postOnly === true)) return 'post_only';
  if (rules.limitOnly && intent.type === 'market') return 'limit_only';
  if (rules.auctionMode && intent.type !== 'limit') return 'auction_mode';
  return undefined;
}

/** The default price rounding for a side: a buy rounds down, a sell rounds up (never pay more, never sell for less). */
export function priceRoundingFor(side: Side): Rounding {
  return side === 'buy' ? 'down' : 'up';
}

/** A price on the product's tick: by side (buy down, sell up) unless `rounding` says otherwise. */
export function quantizePrice(
  rules: ProductRules,
  price: DecimalInput,
  side: Side,
  rounding?: Rounding,
): Decimal {
  return quantize(toDecimal(price, 'price'), rules.quoteIncrement, rounding ?? priceRoundingFor(side));
}

/** A size rounded down to `base_increment`. */
export function quantizeSize(rules: ProductRules, size: DecimalInput): Decimal {
  return quantize(toDecimal(size, 'size'), rules.baseIncrement, 'down');
}

/** Funds (a quote amount) rounded down to `quote_increment`. */
export function quantizeFunds(rules: ProductRules, funds: DecimalInput): Decimal {
  return quantize(toDecimal(funds, 'funds'), rules.quoteIncrement, 'down');
}
