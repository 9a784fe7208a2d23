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
  const lastTradeIds = new Map<string, number>();
  feed.on('match', (message) => {
    const last = lastTradeIds.get(message.product_id);
    if (
      !options.trades ||
      !products.has(message.product_id) ||
      (last !== undefined && message.trade_id <= last)
    )
      return;
    lastTradeIds.set(message.product_id, message.trade_id);
    let event: VenueEvent;
    try {
      event = { type: 'trade', trade: tradeFromFeed(message, options.now()) };
    } catch (error) {
      event = { type: 'venue-error', error };
    }
    options.emit(event);
  });
  if (!options.books) return;
  const onBook = (message: { product_id: string }) => {
    const book = feed.level2Book(message.product_id);
    if (book?.trusted && products.has(message.product_id))
      options.emit({ type: 'book', book: bookViewOf(book, message.product_id as ProductId, options.now) });
  };
  feed.on('snapshot', onBook);
  feed.on('l2update', onBook);
}
