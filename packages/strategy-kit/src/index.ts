/**
 * @tradeloop/strategy-kit — the strategy runtime: typed plugins, decimal-safe sizing, order
 * management by client id, risk gates, a kill switch, reconciliation and a journal, portfolio and
 * PnL, and the venue port. Commands go down (strategy → risk → execution → venue); events come up
 * (venue → runtime → strategy). Venues live in their own packages (`@tradeloop/coinbase`); time
 * comes from `@tradeloop/clock`, whose `Clock`, `ManualClock` and `systemClock` are re-exported here.
 */

// Time: the one clock of tradeloop, re-exported for strategy authors (the same objects).
export { type CancelTimer, type Clock, ManualClock, systemClock } from '@tradeloop/clock';

// Errors
export {
  BelowMinimumError,
  ExceedsAvailableError,
  IllegalOrderTransitionError,
  InvalidArgumentError,
  InvalidDecimalError,
  InvalidParamsError,
  InvalidProductError,
  JournalError,
  JournalLockedError,
  OrderOverfillError,
  PluginLoadError,
  ProductNotTradableError,
  RoundsToZeroError,
  RuntimeStateError,
  SizingError,
  StrategyKitError,
  VenueRejectedError,
} from './errors.js';
// Execution: journal and reconciliation
export {
  type CarriedPosition,
  FileJournal,
  type FileJournalOptions,
  type JournaledOrder,
  type JournalFill,
  type JournalOrderRequest,
  type JournalPosition,
  type JournalRecord,
  type JournalReplay,
  type JournalSink,
  MemoryJournal,
} from './execution/journal.js';
export {
  type CompactionStep,
  DEFAULT_COMPACTION_ABOVE_BYTES,
  type JournalCompactionOptions,
} from './execution/journal-compaction.js';
export type { JournalDurability } from './execution/journal-flush.js';
export type {
  ExistingOrderPolicy,
  ReconciliationSummary,
  ReconciliationTrigger,
} from './execution/reconciliation.js';
// Model
export {
  type DecimalInput,
  ExactDecimal,
  formatDecimal,
  isMultipleOf,
  quantize,
  type Rounding,
  toDecimal,
} from './model/decimal.js';
export {
  type ClientOrderId,
  type ClientOrderIdGenerator,
  clientOrderId,
  type OrderId,
  orderId,
  type ProductId,
  productId,
} from './model/ids.js';
export {
  type BookLevel,
  type BookView,
  type Candle,
  plainTrade,
  type Ticker,
  type Trade,
} from './model/market-data.js';
export type { OrderOrigin, OrderRequest, OrderView, TimeInForce } from './model/order.js';
export { isTerminal, isWorking, type OrderStatus } from './model/order-state.js';
export {
  type OrderIntent,
  type OrderType,
  type ProductRules,
  type ProductStatus,
  productRulesFromWire,
  quantizeFunds,
  quantizePrice,
  quantizeSize,
  type Side,
  untradableReason,
} from './model/product-rules.js';
export type {
  Fill,
  OrderReport,
  OrderResize,
  ReportedOrderStatus,
  ReportSource,
} from './model/reports.js';
export {
  assertTradable,
  type FundsForMarketBuyInput,
  fundsForMarketBuy,
  notional,
  type SizeForBalanceFractionInput,
  type SizeForQuoteAmountInput,
  type SizeForRiskInput,
  sizeForBalanceFraction,
  sizeForQuoteAmount,
  sizeForRisk,
} from './model/sizing.js';
// Portfolio
export type { BalanceView, PositionSummary } from './portfolio/portfolio.js';
export { Position, type PositionView } from './portfolio/positions.js';
// Risk
export { type Denial, type DenialReason, RiskGates, type RiskLimits, type RiskView } from './risk/gates.js';
export { KillSwitch, type KillSwitchSource, type KillSwitchState } from './risk/kill-switch.js';
// Runtime
export { CandleBuilder } from './runtime/candles.js';
export type {
  LimitOrderInput,
  MarketOrderInput,
  PriceRounding,
  StopOrderInput,
} from './runtime/commands.js';
export type {
  ContextSizing,
  OrderCommands,
  StrategyContext,
  StrategyTimers,
} from './runtime/context.js';
export {
  type AnyStrategy,
  type Awaitable,
  defineStrategy,
  resolveParams,
  type Strategy,
  type StrategyDefinition,
  type StrategyParamsSpec,
} from './runtime/define-strategy.js';
export {
  consoleLogger,
  type LogFields,
  type Logger,
  type LogSource,
  logSourceField,
  silentLogger,
  taggedLogger,
} from './runtime/logger.js';
export type { OrderUpdate } from './runtime/order-update.js';
export { type LoadStrategyOptions, loadStrategy } from './runtime/plugin-loader.js';
export { createRuntime, Runtime } from './runtime/runtime.js';
export type { RuntimeEvents } from './runtime/runtime-events.js';
export type {
  ErrorPolicy,
  RuntimeOptions,
  RuntimeSnapshot,
  RuntimeStatus,
  StopOptions,
} from './runtime/runtime-options.js';
export type {
  Signal,
  SignalAction,
  SignalFate,
  SignalOrder,
  SignalOrderType,
  SignalSink,
  SignalSource,
  SignalStatus,
} from './runtime/signals.js';
export type { TimerFired } from './runtime/timers.js';
// The venue port (implementations: @tradeloop/coinbase, or your own)
export type {
  Balance,
  FeeRates,
  FillCursor,
  FillPage,
  FillQuery,
  MarketDataSubscription,
  OrderReference,
  Venue,
  VenueEvent,
} from './venues/venue.js';
