import { Decimal } from 'decimal.js';
import type { PriceLadder } from './price-ladder.js';

/** What the top-of-book arithmetic needs from a stored level: its price text. */
interface PricedLevel {
  price: string;
}

/** Best ask − best bid, exact; `undefined` when a side is empty. Serves the level-2 and level-3 books. */
export function spreadOf(
  bids: PriceLadder<PricedLevel>,
  asks: PriceLadder<PricedLevel>,
): Decimal | undefined {
  const bid = bids.levelAt(bids.length - 1);
  const ask = asks.levelAt(asks.length - 1);
  return bid && ask ? new Decimal(ask.price).minus(bid.price) : undefined;
}

/** (best bid + best ask) / 2, exact; `undefined` when a side is empty. */
export function midOf(bids: PriceLadder<PricedLevel>, asks: PriceLadder<PricedLevel>): Decimal | undefined {
  const bid = bids.levelAt(bids.length - 1);
  const ask = asks.levelAt(asks.length - 1);
  return bid && ask ? new Decimal(ask.price).plus(bid.price).dividedBy(2) : undefined;
}

/**
 * True when the best bid is at or above the best ask. Asks are keyed by the negated price, so the
 * comparison is against `-askKey`.
 */
export function isCrossedAt(bids: PriceLadder<PricedLevel>, asks: PriceLadder<PricedLevel>): boolean {
  const bidKey = bids.keyAt(bids.length - 1);
  const askKey = asks.keyAt(asks.length - 1);
  return bidKey !== undefined && askKey !== undefined && bidKey >= -askKey;
}
