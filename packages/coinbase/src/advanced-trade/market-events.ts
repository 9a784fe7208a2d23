import type { ProductId, VenueEvent } from '@tradeloop/strategy-kit';
import type { AdvancedTradeFeed } from '@tradeloop/websocket';
import { bookViewOf, parseTime } from '../exchange/coinbase-mapping.js';
import { tickerFromAdvancedTrade, tradeFromAdvancedTrade } from './advanced-trade-mapping.js';

/** What {@link forwardAdvancedTradeMarketData} forwards. */
export interface AdvancedTradeMarketOptions {
  readonly productIds: readonly string[];
  readonly ticker: boolean;
  readonly trades: boolean;
  readonly books: boolean;
  /** Exchange time (when a message carries none). */
  readonly now: () => number;
  readonly emit: (event: VenueEvent) => void;
}

/** Trade ids remembered per product to drop repeats (a resubscribe replays recent trades). */
const REMEMBERED_TRADES = 1_000;

/**
 * Market data of the Advanced Trade market endpoint as domain events: `ticker` entries, new
 * public trades from `market_trades` updates (its snapshot is history, and each trade id passes
 * once), and the level-2 book after each `l2_data` while the feed trusts it.
 */
export function forwardAdvancedTradeMarketData(
  feed: AdvancedTradeFeed,
  options: AdvancedTradeMarketOptions,
): void {
  const products = new Set<string>(options.productIds);
  const translate = (make: () => VenueEvent) => {
    let event: VenueEvent;
    try {
      event = make();
    } catch (error) {
      event = { type: 'venue-error', error };
    }
    options.emit(event);
  };
  if (options.ticker)
    feed.on('ticker', (event, message) => {
      const time = parseTime(message.timestamp, options.now());
      for (const entry of event.tickers ?? [])
        if (products.has(entry.product_id))
          translate(() => ({ type: 'ticker', ticker: tickerFromAdvancedTrade(entry, time) }));
    });
  if (options.trades) {
    const seen = new Map<string, Set<string>>();
    feed.on('market_trades', (event) => {
      if (event.type !== 'update') return;
      const trades = [...(event.trades ?? [])].sort((a, b) => parseTime(a.time, 0) - parseTime(b.time, 0));
      for (const trade of trades) {
        if (!products.has(trade.product_id) || remembered(seen, trade.product_id, trade.trade_id)) continue;
        translate(() => ({ type: 'trade', trade: tradeFromAdvancedTrade(trade, options.now()) }));
      }
    });
  }
  if (options.books)
    feed.on('l2_data', (event) => {
      const book = feed.level2Book(event.product_id);
      if (book?.trusted && products.has(event.product_id))
        options.emit({ type: 'book', book: bookViewOf(book, event.product_id as ProductId, options.now) });
    });
}

/** True when the trade id was seen already; remembers it otherwise (the oldest forgotten first). */
function remembered(seen: Map<string, Set<string>>, productId: string, tradeId: string): boolean {
  let ids = seen.get(productId);
  if (ids === undefined) {
    ids = new Set();
    seen.set(productId, ids);
  }
  if (ids.has(tradeId)) return true;
  ids.add(tradeId);
  if (ids.size > REMEMBERED_TRADES) ids.delete(ids.values().next().value as string);
  return false;
}
