export {
  ADVANCED_TRADE_RATE_LIMITS,
  ADVANCED_TRADE_URL,
  type AdvancedTradeRateLimitOptions,
  CoinbaseAdvancedTradeClient,
  type CoinbaseAdvancedTradeClientOptions,
} from './advanced-trade/client.js';
export { AdvancedTradeOrderRejectedError } from './advanced-trade/errors.js';
export {
  type AdvancedTradePlacedOrder,
  type AdvancedTradePlacementOptions,
  DEFAULT_ADVANCED_TRADE_PLACEMENT,
} from './advanced-trade/order-placement.js';
export type * from './advanced-trade/wire-types.js';
export {
  CoinbaseExchangeClient,
  type CoinbaseExchangeClientOptions,
  PRODUCTION_URL,
  SANDBOX_URL,
} from './client.js';
export {
  AbortedError,
  AuthenticationError,
  type AuthenticationFailureReason,
  BadRequestError,
  ClientOptionsError,
  InvalidOrderError,
  type InvalidOrderReason,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  OrderStatusUnknownError,
  PermissionError,
  RateLimitedError,
  ResponseTooLargeError,
  RestError,
  type RestErrorDetails,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from './errors.js';
export { FetchTransport } from './http/fetch-transport.js';
export { NodeHttpTransport, type NodeHttpTransportOptions } from './http/node-transport.js';
export {
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  TransportFailure,
  type TransportFailureKind,
} from './http/transport.js';
export { DEFAULT_ORDER_PLACEMENT, type OrderPlacementOptions } from './order-placement.js';
export { DEFAULT_PAGE_SIZE, type IterateOptions, type Page, type PageRequest } from './pagination.js';
export {
  type BucketLimit,
  COINBASE_RATE_LIMITS,
  type RateLimitBucket,
  type RateLimitOptions,
} from './rate-limiter.js';
export { DEFAULT_RETRY_POLICY, type RetryOptions } from './retry.js';
export type {
  Account,
  AccountHold,
  LedgerEntry,
  LedgerEntryType,
  LedgerFilter,
} from './types/accounts.js';
export type {
  CallOptions,
  ClientOrderIdWire,
  DecimalString,
  IsoTimestamp,
  OrderIdWire,
  ProductIdWire,
  SideWire,
} from './types/common.js';
export type { Currency, CurrencyNetwork } from './types/currencies.js';
export type { Fees } from './types/fees.js';
export type { FillFilter, FillWire } from './types/fills.js';
export type {
  CancelAfter,
  LimitOrderRequest,
  MarketOrderByFundsRequest,
  MarketOrderBySizeRequest,
  Order,
  OrderFilter,
  OrderRequestBase,
  OrderStatusFilter,
  OrderStatusWire,
  OrderTypeWire,
  PlaceOrderRequest,
  SelfTradePrevention,
  StopDirection,
  StopOrderRequest,
  TimeInForceWire,
} from './types/orders.js';
export type {
  AggregatedBookEntry,
  BookAuction,
  CandleGranularity,
  CandleRequest,
  CandleWire,
  OrderBookEntry,
  Product,
  ProductBook,
  ProductBookAtLevel,
  ProductStats,
  ProductStatusWire,
  ProductTicker,
  ProductTrade,
} from './types/products.js';
export type { ExchangeTime } from './types/time.js';
export type { ExchangeUser, Profile } from './types/users.js';
export { DEFAULT_USER_AGENT, VERSION } from './version.js';
