import type { ProductId, VenueEvent } from '@tradeloop/strategy-kit';
import type { CoinbaseFeed } from '@tradeloop/websocket';
import { bookViewOf, tradeFromFeed } from './coinbase-mapping.js';

/** What {@link forwardPublicMarketData} forwards. */
export interface PublicMarketOptions {
  readonly productIds: readonly string[];
  readonly trades: boolean;
  readonly books: boolean;
  /** Exchange time (a book's time when its message carries none). */
  readonly now: () => number;
  readonly emit: (event: VenueEvent) => void;
}

/**
 * Public trades (`matches`) and level-2 books (`level2` or `level2_batch`) of a feed as domain
 * events: each trade id once (the same trade can come twice: on `matches` and `user`, or again
 * after a reconnect), a book only while the feed trusts it.
 */
export function forwardPublicMarketData(feed: CoinbaseFeed, options: PublicMarketOptions): void {
  const products = new Set<string>(options.productIds);
  if (options.trades) forwardTrades(feed, options);
  if (!options.books) return;
  const onBook = (message: { product_id: string }) => {
    const book = feed.level2Book(message.product_id);
    if (book?.trusted && products.has(message.product_id))
      options.emit({ type: 'book', book: bookViewOf(book, message.product_id as ProductId, options.now) });
  };
  feed.on('snapshot', onBook);
  feed.on('l2update', onBook);
}

/** The newest trade id forwarded for one product (ids grow per product). */
interface TradeCursor {
  lastTradeId: number;
}

/**
 * Each trade of the products once, as a `trade` event. Runs for every trade, between the frame
 * and `onTrade`: one map lookup (the product's cursor, absent for other products) per trade.
 */
function forwardTrades(feed: CoinbaseFeed, options: PublicMarketOptions): void {
  const cursors = new Map<string, TradeCursor>();
  for (const productId of options.productIds)
    cursors.set(productId, { lastTradeId: Number.NEGATIVE_INFINITY });
  const { now, emit } = options;
  feed.on('match', (message) => {
    const cursor = cursors.get(message.product_id);
    if (cursor === undefined || message.trade_id <= cursor.lastTradeId) return;
    cursor.lastTradeId = message.trade_id;
    let event: VenueEvent;
    try {
      event = { type: 'trade', trade: tradeFromFeed(message, now()) };
    } catch (error) {
      event = { type: 'venue-error', error };
    }
    emit(event);
  });
}
