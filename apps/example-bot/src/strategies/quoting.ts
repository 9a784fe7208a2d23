/**
 * The market maker's arithmetic, free of I/O: where to quote around the mid price, leaning
 * against the inventory it holds, on the product's increments.
 */
import { Decimal } from 'decimal.js';

/** A price or size step, and the smallest notional the exchange accepts. */
export interface QuotingRules {
  quoteIncrement: Decimal;
  baseIncrement: Decimal;
  minMarketFunds: Decimal;
}

/** What the quotes depend on. */
export interface QuoteInput {
  bestBid: Decimal;
  bestAsk: Decimal;
  /** Signed inventory in the base currency (positive: long). */
  position: Decimal;
  rules: QuotingRules;
  /** Full spread as a fraction of the mid, e.g. `0.002` for 20 basis points. */
  spread: Decimal;
  /** Size of each quote in the base currency. */
  orderSize: Decimal;
  /** Inventory at which the bot stops adding on that side, in the base currency. */
  maxInventory: Decimal;
  /**
   * How hard the quotes lean against the inventory: at full inventory both quotes move by
   * `skew` half-spreads (0 = no lean, 1 = the ask reaches the mid when fully long).
   */
  skew: Decimal;
}

/** One quote to rest on the book. */
export interface Quote {
  side: 'buy' | 'sell';
  price: Decimal;
  size: Decimal;
}

const TWO = new Decimal(2);

/**
 * The bid and ask to rest, or fewer when inventory is full on a side or a quote would fall below
 * the exchange's minimum. Prices are on the tick (bids rounded down, asks up) and never cross the
 * opposite best price, so a post-only quote is not rejected; the bid stays below the ask; sizes are on the base increment,
 * rounded down.
 *
 * @example
 * computeQuotes({ bestBid: d('99.9'), bestAsk: d('100.1'), position: d('0'), spread: d('0.01'), ... })
 * // [{ side: 'buy', price: 99.5, ... }, { side: 'sell', price: 100.5, ... }]
 */
export function computeQuotes(input: QuoteInput): Quote[] {
  const { bestBid, bestAsk, rules } = input;
  if (bestBid.lte(0) || bestAsk.lte(bestBid)) return [];
  const mid = bestBid.plus(bestAsk).div(TWO);
  const halfSpread = mid.times(input.spread).div(TWO);
  const inventoryRatio = Decimal.max(-1, Decimal.min(1, input.position.div(input.maxInventory)));
  const reservation = mid.minus(inventoryRatio.times(input.skew).times(halfSpread));

  const tick = rules.quoteIncrement;
  const bidPrice = Decimal.min(
    reservation.minus(halfSpread).toNearest(tick, Decimal.ROUND_DOWN),
    bestAsk.minus(tick),
  );
  const askPrice = Decimal.max(
    reservation.plus(halfSpread).toNearest(tick, Decimal.ROUND_UP),
    bestBid.plus(tick),
  );

  const quotes: Quote[] = [];
  const roomToBuy = input.maxInventory.minus(input.position);
  const roomToSell = input.maxInventory.plus(input.position);
  const bidSize = sizeWithin(input.orderSize, roomToBuy, rules.baseIncrement);
  const askSize = sizeWithin(input.orderSize, roomToSell, rules.baseIncrement);
  if (bidPrice.gt(0) && meetsMinimum(bidPrice, bidSize, rules)) {
    quotes.push({ side: 'buy', price: bidPrice, size: bidSize });
  }
  if (meetsMinimum(askPrice, askSize, rules)) quotes.push({ side: 'sell', price: askPrice, size: askSize });
  // With a zero spread both quotes can clamp onto one price; a zero-width market would only
  // trade with ourselves.
  if (quotes.length === 2 && bidPrice.gte(askPrice)) return [];
  return quotes;
}

/**
 * True when a resting quote is far enough from the wanted one to be worth a cancel and a new
 * order: the price moved by more than `threshold` (a fraction of the price), or the size changed.
 */
export function shouldReplace(resting: Quote, wanted: Quote, threshold: Decimal): boolean {
  if (!resting.size.eq(wanted.size)) return true;
  return resting.price.minus(wanted.price).abs().gt(wanted.price.times(threshold));
}

function sizeWithin(orderSize: Decimal, room: Decimal, increment: Decimal): Decimal {
  if (room.lte(0)) return new Decimal(0);
  return Decimal.min(orderSize, room).toNearest(increment, Decimal.ROUND_DOWN);
}

function meetsMinimum(price: Decimal, size: Decimal, rules: QuotingRules): boolean {
  return size.gt(0) && price.times(size).gte(rules.minMarketFunds);
}
