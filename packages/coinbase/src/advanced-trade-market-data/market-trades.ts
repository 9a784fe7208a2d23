import type { ProductId, Trade } from '@tradeloop/strategy-kit';
import { toDecimal } from '@tradeloop/strategy-kit';
import type { AdvancedTradeMessages } from '@tradeloop/websocket';
import { parseTime } from '../exchange/coinbase-mapping.js';

type MarketTrade = AdvancedTradeMessages.MarketTradesEvent['trades'][number];

/** Ids kept per product for trade ids that are not numbers (Coinbase's are decimal digits). */
const RECENT_IDS = 1_000;
const DIGITS = /^\d+$/;

/**
 * A `market_trades` trade as a domain trade. Advanced Trade's `side` is the taker's already
 * (docs/decisions/0010), unlike the Exchange `match`, which carries the maker's.
 * @throws {InvalidDecimalError} for a price or size that is not a decimal.
 */
export function tradeFromMarketTrade(trade: MarketTrade, now: number): Trade {
  return {
    productId: trade.product_id as ProductId,
    tradeId: trade.trade_id,
    price: toDecimal(trade.price, 'price'),
    size: toDecimal(trade.size, 'size'),
    takerSide: String(trade.side).toUpperCase() === 'BUY' ? 'buy' : 'sell',
    time: parseTime(trade.time, now),
  };
}

/**
 * Which `market_trades` trades are new: each trade once, oldest first. A snapshot (sent on every
 * (re)subscribe) holds trades from before it and is only remembered, as the Exchange feed's
 * `last_match` is not passed on either; an update may repeat a trade of the snapshot.
 */
export class MarketTradeTape {
  readonly #lastNumericId = new Map<string, bigint>();
  readonly #recentIds = new Map<string, Set<string>>();

  /** The trades of a snapshot: seen, not new. */
  remember(trades: readonly MarketTrade[]): void {
    for (const trade of trades) this.#isNew(trade);
  }

  /** The trades of an update not seen before, oldest first. */
  fresh(trades: readonly MarketTrade[]): MarketTrade[] {
    return [...trades].sort(oldestFirst).filter((trade) => this.#isNew(trade));
  }

  #isNew(trade: MarketTrade): boolean {
    const productId = trade.product_id;
    const id = String(trade.trade_id);
    if (DIGITS.test(id)) {
      const numeric = BigInt(id);
      const last = this.#lastNumericId.get(productId);
      if (last !== undefined && numeric <= last) return false;
      this.#lastNumericId.set(productId, numeric);
      return true;
    }
    let recent = this.#recentIds.get(productId);
    if (recent === undefined) {
      recent = new Set();
      this.#recentIds.set(productId, recent);
    }
    if (recent.has(id)) return false;
    recent.add(id);
    if (recent.size > RECENT_IDS) recent.delete(recent.values().next().value as string);
    return true;
  }
}

function oldestFirst(left: MarketTrade, right: MarketTrade): number {
  const leftId = String(left.trade_id);
  const rightId = String(right.trade_id);
  if (DIGITS.test(leftId) && DIGITS.test(rightId)) {
    const difference = BigInt(leftId) - BigInt(rightId);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  }
  return Date.parse(left.time) - Date.parse(right.time);
}
