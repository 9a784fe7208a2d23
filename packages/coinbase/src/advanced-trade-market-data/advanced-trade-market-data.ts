import type { CdpCredentials } from '@tradeloop/auth';
import {
  CoinbaseAdvancedTradeClient,
  type CoinbaseAdvancedTradeClientOptions,
  type Product,
} from '@tradeloop/rest';
import { type Clock, type ProductId, systemClock } from '@tradeloop/strategy-kit';
import { AdvancedTradeFeed, type AdvancedTradeFeedOptions } from '@tradeloop/websocket';
import { forwardAdvancedTradeMarketData } from '../advanced-trade/market-events.js';
import type { PublicMarketEvent } from '../exchange/coinbase-market-data.js';
import { exchangeProductOf } from './product-wire.js';

/** Options of {@link createAdvancedTradeMarketData}. */
export interface AdvancedTradeMarketDataOptions {
  /** Market-data WebSocket URL (default `wss://advanced-trade-ws.coinbase.com`; the simulator's `advancedTrade.wsUrl` in tests). */
  feedUrl?: string;
  /** REST base URL for the public `GET /market/products` (default `https://api.coinbase.com`). */
  restUrl?: string;
  /**
   * A CDP key, optional: it only signs the subscribes (Coinbase recommends it for the most reliable
   * connection). It is never given to the REST client, so nothing can trade or read an account.
   * With a key `feedUrl` is required, as for `AdvancedTradeFeed`.
   */
  credentials?: CdpCredentials;
  /** Times of events without one and the feed's timers. Default `systemClock`. */
  clock?: Clock;
  /** More REST client options (rate limits, retries, timeouts). */
  rest?: Omit<CoinbaseAdvancedTradeClientOptions, 'credentials' | 'baseUrl' | 'clock'>;
  /** More feed options (watchdog, reconnect backoff, heartbeats). */
  feed?: Omit<AdvancedTradeFeedOptions, 'credentials' | 'url' | 'clock'>;
}

/**
 * Builds an {@link AdvancedTradeMarketData}: Coinbase Advanced Trade's public market data, with no key needed.
 *
 * @example
 * const market = createAdvancedTradeMarketData({});
 * const paper = createPaperVenue({ marketData: market, products: ['BTC-USD'], balances: { USD: '10000' } }); // @tradeloop/backtest
 */
export function createAdvancedTradeMarketData(
  options: AdvancedTradeMarketDataOptions = {},
): AdvancedTradeMarketData {
  return new AdvancedTradeMarketData(options);
}

/**
 * Advanced Trade's public market data for paper trading and recording, the counterpart of
 * `CoinbaseMarketData`: `market_trades` (trades) and `level2` (arriving as `l2_data`, the level-2
 * book, checked against `sequence_num`) on the feed, `GET /market/products` on REST, as the same
 * {@link PublicMarketEvent}s. Both channels are public on Advanced Trade; the REST client never
 * has a key, so this cannot trade or read an account.
 */
export class AdvancedTradeMarketData {
  readonly feed: AdvancedTradeFeed;
  /** A REST client without credentials (public `/market/*` endpoints only). */
  readonly client: CoinbaseAdvancedTradeClient;
  readonly #clock: Clock;

  /**
   * @throws {FeedEnvironmentRequiredError} for credentials without `feedUrl`.
   * @throws {ClientOptionsError} / {RangeError} for unusable REST or feed options.
   */
  constructor(options: AdvancedTradeMarketDataOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.client = new CoinbaseAdvancedTradeClient({
      ...options.rest,
      clock: this.#clock,
      ...(options.restUrl === undefined ? {} : { baseUrl: options.restUrl }),
    });
    this.feed = new AdvancedTradeFeed({
      ...options.feed,
      clock: this.#clock,
      ...(options.feedUrl === undefined ? {} : { url: options.feedUrl }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
  }

  /**
   * The spot products (`GET /market/products`, public) in the Exchange's wire shape, so product
   * rules are read the same way for both APIs (see {@link exchangeProductOf}).
   */
  async products(): Promise<Product[]> {
    return (await this.client.listProducts({ public: true })).map(exchangeProductOf);
  }

  /** Connects and streams the trades and books of `productIds` to `listener`. */
  async subscribe(
    productIds: readonly string[],
    listener: (event: PublicMarketEvent) => void,
  ): Promise<void> {
    const feed = this.feed;
    // The venue's forwarding of trades and books, so both read `market_trades` and `l2_data` alike.
    forwardAdvancedTradeMarketData(feed, {
      productIds,
      ticker: false,
      trades: true,
      books: true,
      now: () => this.#clock.now(),
      emit: (event) => listener(event as PublicMarketEvent),
    });
    feed.on('disconnected', ({ reason, detail }) =>
      listener({ type: 'disconnected', reason: `${reason}: ${detail}` }),
    );
    feed.on('resubscribed', () => listener({ type: 'reconnected' }));
    // `sequence_num` counts the whole connection: a gap may have hit any product.
    feed.on('gap-detected', (gap) => {
      for (const productId of productIds)
        listener({
          type: 'gap-detected',
          productId: productId as ProductId,
          channel: 'sequence_num (connection)',
          detail: `expected ${gap.expected}, received ${gap.received}`,
        });
    });
    feed.on('error', (error) => listener({ type: 'venue-error', error }));
    await feed.connect();
    await feed.subscribe('market_trades', productIds);
    await feed.subscribe('level2', productIds);
  }

  async close(): Promise<void> {
    await this.feed.close();
    this.client.close();
  }
}
