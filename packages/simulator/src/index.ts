export { DEFAULT_FEE_RATES, type FeeRateSettings } from './accounts/fee-schedule.js';
export { type EngineOrder, NO_FUNDS, UNLIMITED_SIZE } from './engine/engine-order.js';
export {
  CANCEL_REASON,
  type DoneReason,
  MatchingEngine,
  type MatchingListener,
  type Remainder,
} from './engine/matching-engine.js';
export type * from './exchange/contract.js';
export { createExchange, SimulatedExchange } from './exchange/exchange.js';
export type { ExchangeOptions, ProfileHandle, ProfileOptions } from './exchange/exchange-options.js';
export { DEFAULT_PRODUCTS, type ProductConfig, type ProductModes } from './exchange/products.js';
export {
  type FaultOptions,
  type FaultProfileName,
  type FaultStats,
  faultProfiles,
} from './faults.js';
export type { MakerOptions } from './market/market-maker.js';
export type { MarketVenue } from './market/market-venue.js';
export { SyntheticMarket, type SyntheticMarketOptions } from './market/synthetic-market.js';
export type { AdvancedTradeAccess } from './server/advanced-trade/access.js';
export type { CdpKey } from './server/advanced-trade/cdp-keys.js';
export type { LegacyAdvancedTradeKey } from './server/advanced-trade/legacy-hmac.js';
export type { BucketSpec, RateLimitSettings } from './server/rate-limits.js';
export { coinbaseRateLimits } from './server/rate-limits.js';
export {
  type CreateApiKeyOptions,
  type CreateCdpKeyOptions,
  type CreatedApiKey,
  type CreatedCdpKey,
  type RunningSimulator,
  startSimulator,
} from './simulator.js';
export {
  ExchangeListenerError,
  InvalidSimulatorOptionError,
  SimulatorError,
} from './simulator-errors.js';
export {
  defaultBalances,
  type SimulatorCredentials,
  type SimulatorOptions,
} from './simulator-options.js';
