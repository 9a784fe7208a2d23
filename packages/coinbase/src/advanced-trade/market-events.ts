import type { ProductId, VenueEvent } from '@tradeloop/strategy-kit';
import type { AdvancedTradeFeed } from '@tradeloop/websocket';
import { MarketTradeTape, tradeFromMarketTrade } from '../advanced-trade-market-data/market-trades.js';
import { bookViewOf, parseTime } from '../exchange/coinbase-mapping.js';
import { tickerFromAdvancedTrade } from './advanced-trade-mapping.js';

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
    // The same tape as the public market data: a snapshot is remembered, each trade id passes once.
    const tape = new MarketTradeTape();
    feed.on('market_trades', (event) => {
      const trades = (event.trades ?? []).filter((trade) => products.has(trade.product_id));
      if (event.type === 'snapshot') {
        tape.remember(trades);
        return;
      }
      for (const trade of tape.fresh(trades))
        translate(() => ({ type: 'trade', trade: tradeFromMarketTrade(trade, options.now()) }));
    });
  }
  if (options.books)
    feed.on('l2_data', (event) => {
      const book = feed.level2Book(event.product_id);
      if (book?.trusted && products.has(event.product_id))
        options.emit({ type: 'book', book: bookViewOf(book, event.product_id as ProductId, options.now) });
    });
}
