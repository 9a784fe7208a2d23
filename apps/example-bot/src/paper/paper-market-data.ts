/**
 * Where a paper run's market comes from: Coinbase Exchange's public feed (`matches` +
 * `level2_batch`) or Advanced Trade's (`market_trades` + `level2`). Both hand the paper venue the
 * same trades and books and list the products in the same shape; neither is given a key.
 */
import type { MarketDataSource } from '@tradeloop/backtest';
import {
  coinbaseEndpoints,
  createAdvancedTradeMarketData,
  createCoinbaseMarketData,
} from '@tradeloop/coinbase';
import type { Product } from '@tradeloop/rest';
import type { Runtime } from '@tradeloop/strategy-kit';
import { type EmitBotEvent, reportActivity, reportRuntimeActivity } from '../activity-reporter.js';
import { reportAdvancedTradeFeedActivity } from '../advanced-trade-feed-activity.js';
import type { VenueConfig } from '../config.js';

/** Which Coinbase API's public market data a paper run trades on. */
export type MarketDataApi = 'exchange' | 'advanced-trade';

/** A paper run's market: the venue's data source, its products, and how to report its feed. */
export interface PaperMarketData {
  readonly source: MarketDataSource;
  /** How messages name it, e.g. "Coinbase Advanced Trade (production)". */
  readonly name: string;
  /** The feed URL it reads. */
  readonly feedUrl: string;
  /** The channels it subscribes, as the recording's header names them. */
  readonly channels: readonly string[];
  /** What the preflight reads: the public product list (never an account). */
  readonly productList: { getProducts(): Promise<Product[]>; getAccounts(): Promise<never> };
  /** Reports the runtime's and the feed's activity as bot events. */
  reportActivity(runtime: Runtime, productIds: readonly string[], emit: EmitBotEvent): void;
}

/** A paper run reads no account; the preflight is told so (`accounts: false`) and never calls this. */
const noAccounts = (): Promise<never> => Promise.reject(new Error('a paper run reads no account'));

/** The market data of `api` at the paper venue's hosts; built without credentials. */
export function openPaperMarketData(
  api: MarketDataApi,
  venue: Extract<VenueConfig, { kind: 'paper' }>,
): PaperMarketData {
  if (api === 'advanced-trade') {
    // A custom host is used as given; a Coinbase environment maps to Advanced Trade's own hosts.
    const { restUrl, feedUrl } =
      venue.environment === 'custom'
        ? { restUrl: venue.restUrl, feedUrl: venue.wsUrl }
        : coinbaseEndpoints.advancedTrade[venue.environment];
    const market = createAdvancedTradeMarketData({ restUrl, feedUrl });
    return {
      source: market,
      name:
        venue.environment === 'custom'
          ? 'the public Advanced Trade feed at COINBASE_WS_URL'
          : `Coinbase Advanced Trade (${venue.environment})`,
      feedUrl,
      channels: ['market_trades', 'level2'],
      productList: { getProducts: () => market.products(), getAccounts: noAccounts },
      reportActivity: (runtime, productIds, emit) => {
        reportRuntimeActivity(runtime, emit);
        reportAdvancedTradeFeedActivity(market.feed, productIds, emit);
      },
    };
  }
  const market = createCoinbaseMarketData({ restUrl: venue.restUrl, feedUrl: venue.wsUrl });
  return {
    source: market,
    name:
      venue.environment === 'custom'
        ? 'the public feed at COINBASE_WS_URL'
        : venue.environment === 'sandbox'
          ? 'the Coinbase sandbox'
          : 'Coinbase (production)',
    feedUrl: venue.wsUrl,
    channels: ['matches', 'level2_batch'],
    productList: { getProducts: () => market.products(), getAccounts: noAccounts },
    reportActivity: (runtime, _productIds, emit) => reportActivity(runtime, market.feed, emit),
  };
}
