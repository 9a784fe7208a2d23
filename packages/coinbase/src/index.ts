/**
 * @tradeloop/coinbase — Coinbase venues for `@tradeloop/strategy-kit`: the Coinbase Exchange
 * venue and the Advanced Trade venue (on `@tradeloop/rest` and `@tradeloop/websocket`; both work
 * unchanged against `@tradeloop/simulator`), the level-3 snapshot source it wires into the feed, and the one table of
 * Coinbase hosts.
 */

export {
  AdvancedTradeVenue,
  type AdvancedTradeVenueOptions,
  advancedTradeProductionHosts,
  createAdvancedTradeVenue,
} from './advanced-trade/advanced-trade-venue.js';
export type { FillLookupOptions } from './advanced-trade/own-order-events.js';
export {
  AdvancedTradeMarketData,
  type AdvancedTradeMarketDataOptions,
  createAdvancedTradeMarketData,
} from './advanced-trade-market-data/advanced-trade-market-data.js';
export {
  type CoinbaseEndpoint,
  type CoinbaseEnvironment,
  coinbaseEndpoints,
  coinbaseEnvironmentOf,
  restUrlForFeed,
  venueHost,
} from './endpoints.js';
export {
  AdvancedTradeEnvironmentRequiredError,
  CoinbaseVenueError,
  InvalidEndpointError,
  InvalidFillCursorError,
  UnsupportedOrderError,
  VenueEnvironmentRequiredError,
} from './errors.js';
export {
  CoinbaseMarketData,
  type CoinbaseMarketDataOptions,
  createCoinbaseMarketData,
  type PublicMarketEvent,
} from './exchange/coinbase-market-data.js';
export { CoinbaseVenue, type CoinbaseVenueOptions, createCoinbaseVenue } from './exchange/coinbase-venue.js';
export { level3SnapshotsFrom } from './exchange/level3-snapshots.js';
