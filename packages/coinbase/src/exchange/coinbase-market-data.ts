import { CoinbaseExchangeClient, type CoinbaseExchangeClientOptions, type Product } from '@tradeloop/rest';
import type { ProductId, VenueEvent } from '@tradeloop/strategy-kit';
import { CoinbaseFeed, type CoinbaseFeedOptions } from '@tradeloop/websocket';
import { forwardPublicMarketData } from './public-market-events.js';

/** Options of {@link createCoinbaseMarketData}. */
export interface CoinbaseMarketDataOptions {
  /** Feed URL (default production; the simulator's `wsUrl` in tests). */
  feedUrl?: string;
  /** REST base URL for the public `GET /products` (default production). */
  restUrl?: string;
  /** Use Coinbase's public sandbox for both. */
  sandbox?: boolean;
  /** More REST client options (rate limits, retries, timeouts). */
  rest?: Omit<CoinbaseExchangeClientOptions, 'credentials' | 'baseUrl' | 'sandbox' | 'clock'>;
  /** More feed options (watchdog, reconnect backoff). */
  feed?: Omit<CoinbaseFeedOptions, 'credentials' | 'url' | 'sandbox' | 'clock'>;
}

/** What a {@link CoinbaseMarketData} streams. */
export type PublicMarketEvent = Extract<
  VenueEvent,
  { type: 'trade' | 'book' | 'disconnected' | 'reconnected' | 'gap-detected' | 'venue-error' }
>;

/**
 * Builds a {@link CoinbaseMarketData}: Coinbase Exchange's public market data, with no key.
 *
 * @example
 * const market = createCoinbaseMarketData({});
 * const paper = createPaperVenue({ marketData: market, products: ['BTC-USD'], balances: { USD: '10000' } }); // @tradeloop/backtest
 */
export function createCoinbaseMarketData(options: CoinbaseMarketDataOptions = {}): CoinbaseMarketData {
  return new CoinbaseMarketData(options);
}

/**
 * Coinbase Exchange's public market data for paper trading and recording: `matches` (trades) and
 * `level2_batch` (the level-2 book; `level2` itself needs a key) on the feed, `GET /products` on
 * REST. It is given no credentials, so it cannot trade or read an account: nothing it sends is
 * signed.
 */
export class CoinbaseMarketData {
  readonly feed: CoinbaseFeed;
  /** A REST client without credentials (public endpoints only). */
  readonly client: CoinbaseExchangeClient;

  constructor(options: CoinbaseMarketDataOptions = {}) {
    this.client = new CoinbaseExchangeClient({
      ...options.rest,
      ...(options.restUrl === undefined ? {} : { baseUrl: options.restUrl }),
      ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
    });
    this.feed = new CoinbaseFeed({
      ...options.feed,
      books: { level3: false, ...options.feed?.books },
      ...(options.feedUrl === undefined ? {} : { url: options.feedUrl }),
      ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
    });
  }

  /** The exchange's products (`GET /products`, public), in wire shape. */
  products(): Promise<Product[]> {
    return this.client.getProducts();
  }

  /** Connects and streams the trades and books of `productIds` to `listener`. */
  async subscribe(
    productIds: readonly string[],
    listener: (event: PublicMarketEvent) => void,
  ): Promise<void> {
    const feed = this.feed;
    forwardPublicMarketData(feed, {
      productIds,
      trades: true,
      books: true,
      now: () => this.client.clock.now(),
      emit: (event) => listener(event as PublicMarketEvent),
    });
    feed.on('disconnected', ({ reason, detail }) =>
      listener({ type: 'disconnected', reason: `${reason}: ${detail}` }),
    );
    feed.on('resubscribed', () => listener({ type: 'reconnected' }));
    feed.on('gap-detected', (gap) =>
      listener({
        type: 'gap-detected',
        productId: gap.productId as ProductId,
        channel: `sequence (${gap.via})`,
        detail: `expected ${gap.expected}, received ${gap.received} (${gap.missing} missing)`,
      }),
    );
    feed.on('error', (error) => listener({ type: 'venue-error', error }));
    await feed.connect();
    await feed.subscribe(['matches', 'level2_batch'], productIds);
  }

  async close(): Promise<void> {
    await this.feed.close();
    this.client.close();
  }
}
