import type { Decimal } from 'decimal.js';

/**
 * How orders fill on candles (candle mode). Pure functions of one order and one candle, so every
 * rule is tested on its own. The rules, all conservative:
 *
 * - **Path.** A candle is walked as four prices: open → first extreme → second extreme → close.
 *   The extreme nearer the open comes first (low first when both are as near): a candle that
 *   opens near its low is taken to have gone down first.
 * - **Arrival.** An order is eligible from the first candle that starts at or after its arrival
 *   (placement time + latency): an order placed while handling the candle that closed at T meets
 *   the next candle's open. On that first candle it *arrives* at the open.
 * - **Market.** Fills whole at the arrival candle's open, worse by the slippage (a buy pays
 *   open × (1 + bps/10 000), rounded up to the tick; a sell gets open × (1 − bps/10 000), rounded
 *   down). Taker.
 * - **Limit.** A buy at L fills only when the path trades *through* L (below it; at L too with
 *   `touch`). Arriving when the open is already through L: taker, at the open (the better of L and
 *   the open). Otherwise maker, at L, at the path point where the price passed L — also when a
 *   later candle *gaps* through L, because a resting order is met on the way down at its own price.
 *   Sells mirror this.
 * - **Stop (stop-limit).** A sell stop triggers when the path trades through the stop (below it;
 *   at it too with `touch`), a buy stop above. Triggered at the open (a gap) its price is the open,
 *   else the stop. Then it is a limit order: marketable at the trigger price → taker at that price;
 *   otherwise it rests at its limit and fills as a limit on the rest of the path (maker).
 */

/** One candle's prices. */
export interface CandlePrices {
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  /** Whether the low comes before the high, when the caller has worked it out already. */
  readonly lowFirst?: boolean;
}

/** The four path points: 0 open, 1 first extreme, 2 second extreme, 3 close. */
export type PathPoint = 0 | 1 | 2 | 3;

/** The candle's path: open, the extreme nearer the open, the other extreme, close. */
export function candlePath(candle: CandlePrices): readonly [Decimal, Decimal, Decimal, Decimal] {
  const downFirst =
    candle.lowFirst ?? candle.open.minus(candle.low).lessThanOrEqualTo(candle.high.minus(candle.open));
  return downFirst
    ? [candle.open, candle.low, candle.high, candle.close]
    : [candle.open, candle.high, candle.low, candle.close];
}

/** An order as the candle model sees it. */
export interface CandleOrder {
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit' | 'stop';
  /** Limit price (limit; the limit after a stop triggers). */
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
  /** True once a stop has triggered on an earlier candle: it is a plain limit now. */
  readonly triggered?: boolean;
}

/** Options of the candle model. */
export interface CandleFillRules {
  /** Fill limits (and trigger stops) when the path only touches the price. Default false. */
  readonly touch: boolean;
  /** Applies the market-order slippage to a price, by side (rounded to the product's tick). */
  readonly slip: (price: Decimal, side: 'buy' | 'sell') => Decimal;
}

/** What happens to an order on one candle. */
export type CandleOutcome =
  | {
      readonly kind: 'fill';
      readonly point: PathPoint;
      readonly price: Decimal;
      readonly liquidity: 'maker' | 'taker';
      /** Set when a stop triggered on this candle (at this point or earlier). */
      readonly triggeredAt?: PathPoint;
    }
  | { readonly kind: 'triggered'; readonly point: PathPoint }
  | { readonly kind: 'none' };

const none: CandleOutcome = { kind: 'none' };

/**
 * The outcome of one candle for one order.
 *
 * @param arriving - true on the order's first eligible candle (it meets the open as a new order).
 */
export function candleOutcome(
  order: CandleOrder,
  candle: CandlePrices,
  arriving: boolean,
  rules: CandleFillRules,
): CandleOutcome {
  const path = candlePath(candle);
  if (order.type === 'market')
    return arriving
      ? { kind: 'fill', point: 0, price: rules.slip(candle.open, order.side), liquidity: 'taker' }
      : none;
  const limit = order.price;
  if (limit === undefined) return none;
  if (order.type === 'limit' || order.triggered === true)
    return limitOutcome(order.side, limit, path, 0, arriving, rules.touch);
  const stop = order.stopPrice;
  if (stop === undefined) return none;
  const trigger = triggerPoint(order.side, stop, path, rules.touch);
  if (trigger === undefined) return none;
  const triggerPrice = trigger === 0 ? candle.open : stop;
  const marketable =
    order.side === 'sell' ? triggerPrice.greaterThanOrEqualTo(limit) : triggerPrice.lessThanOrEqualTo(limit);
  if (marketable)
    return { kind: 'fill', point: trigger, price: triggerPrice, liquidity: 'taker', triggeredAt: trigger };
  // Rests at its limit from the trigger on; the rest of the trigger's own segment moves away from it.
  const after = limitOutcome(order.side, limit, path, trigger + 1, false, rules.touch);
  return after.kind === 'fill' ? { ...after, triggeredAt: trigger } : { kind: 'triggered', point: trigger };
}

/** True when `price` is through `limit` for a resting order of `side` (at it too with `touch`). */
function through(side: 'buy' | 'sell', price: Decimal, limit: Decimal, touch: boolean): boolean {
  const comparison = price.comparedTo(limit);
  return side === 'buy'
    ? comparison < 0 || (touch && comparison === 0)
    : comparison > 0 || (touch && comparison === 0);
}

function limitOutcome(
  side: 'buy' | 'sell',
  limit: Decimal,
  path: readonly Decimal[],
  from: number,
  arriving: boolean,
  touch: boolean,
): CandleOutcome {
  for (let point = from; point < path.length; point += 1) {
    const price = path[point] as Decimal;
    if (!through(side, price, limit, touch)) continue;
    if (point === 0 && arriving && !price.equals(limit))
      return { kind: 'fill', point: 0, price, liquidity: 'taker' };
    return { kind: 'fill', point: point as PathPoint, price: limit, liquidity: 'maker' };
  }
  return none;
}

/** The first path point at which a stop of `side` triggers: a sell stop below, a buy stop above. */
function triggerPoint(
  side: 'buy' | 'sell',
  stop: Decimal,
  path: readonly Decimal[],
  touch: boolean,
): PathPoint | undefined {
  for (let point = 0; point < path.length; point += 1) {
    const comparison = (path[point] as Decimal).comparedTo(stop);
    const hit =
      side === 'sell'
        ? comparison < 0 || (touch && comparison === 0)
        : comparison > 0 || (touch && comparison === 0);
    if (hit) return point as PathPoint;
  }
  return undefined;
}

/**
 * Whether the low is nearer the open than the high (low first on a tie): with doubles when the
 * answer is clear by far more than their rounding error, else exactly with Decimals.
 */
export function lowComesFirst(
  open: string,
  high: string,
  low: string,
  openValue: Decimal,
  highValue: Decimal,
  lowValue: Decimal,
) {
  const openNumber = Number(open);
  const difference = Number(high) - openNumber - (openNumber - Number(low));
  if (Math.abs(difference) > Math.abs(openNumber) * 1e-9) return difference > 0;
  return openValue.minus(lowValue).lessThanOrEqualTo(highValue.minus(openValue));
}
